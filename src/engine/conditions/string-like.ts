/** `StringLike`: case-sensitive, with `*` and `?` wildcards anywhere; policy variables allowed. */
import { compileWildcard } from "../../policy/wildcard.js";
import type { ConditionOperator } from "./operator.js";

export const StringLike: ConditionOperator = {
  name: "StringLike",
  negated: false,
  variables: true,
  compile(value, variables) {
    return compileWildcard(value, { variables }).test;
  },
};
