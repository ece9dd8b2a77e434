/** `StringEqualsIgnoreCase`: exact, ignoring case; policy variables allowed. */
import { compileMatcher, parsePattern } from "../pattern.js";
import type { ConditionOperator } from "./operator.js";

export const StringEqualsIgnoreCase: ConditionOperator = {
  name: "StringEqualsIgnoreCase",
  negated: false,
  variables: true,
  compile(value, variables) {
    return compileMatcher(parsePattern(value, { wildcards: false, variables }), true);
  },
};
