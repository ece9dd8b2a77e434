/** `StringLike`: case-sensitive, with `*` and `?` wildcards anywhere; policy variables allowed. */
import { compileMatcher, parsePattern } from "../pattern.js";
import type { ConditionOperator } from "./operator.js";

export const StringLike: ConditionOperator = {
  name: "StringLike",
  negated: false,
  variables: true,
  compile(value, variables) {
    return compileMatcher(parsePattern(value, { wildcards: true, variables }));
  },
};
