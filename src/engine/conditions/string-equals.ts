/** `StringEquals`: exact, case-sensitive; policy variables allowed. AWS: "String condition operators". */
import { compileWildcard } from "../../policy/wildcard.js";
import type { ConditionOperator } from "./operator.js";

export const StringEquals: ConditionOperator = {
  name: "StringEquals",
  negated: false,
  variables: true,
  compile(value, variables) {
    return compileWildcard(value, { wildcards: false, variables }).test;
  },
};
