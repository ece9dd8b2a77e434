/** `StringEquals`: exact, case-sensitive; policy variables allowed. AWS: "String condition operators". */
import { compileMatcher, parsePattern } from "../pattern.js";
import type { ConditionOperator } from "./operator.js";

export const StringEquals: ConditionOperator = {
  name: "StringEquals",
  negated: false,
  variables: true,
  compile(value, variables) {
    const match = compileMatcher(parsePattern(value, { wildcards: false, variables }));
    return (s, vars) => match(s, vars);
  },
};
