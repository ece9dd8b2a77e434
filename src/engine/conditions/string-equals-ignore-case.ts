/** `StringEqualsIgnoreCase`: exact, ignoring case; policy variables allowed. */
import { compileWildcard } from "../../policy/wildcard.js";
import type { ConditionOperator } from "./operator.js";

export const StringEqualsIgnoreCase: ConditionOperator = {
  name: "StringEqualsIgnoreCase",
  negated: false,
  variables: true,
  compile(value, variables) {
    return compileWildcard(value, { wildcards: false, variables, ignoreCase: true }).test;
  },
};
