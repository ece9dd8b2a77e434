/**
 * `ArnLike`: case-sensitive ARN match; each of the six colon-separated parts is matched on its
 * own and may use `*` and `?`; policy variables allowed. AWS: "Amazon Resource Name (ARN) condition operators".
 */
import { compileArnMatcher, parsePattern } from "../pattern.js";
import type { ConditionOperator } from "./operator.js";

export const ArnLike: ConditionOperator = {
  name: "ArnLike",
  negated: false,
  variables: true,
  compile(value, variables) {
    return compileArnMatcher(parsePattern(value, { wildcards: true, variables }));
  },
};
