/**
 * `ArnLike`: case-sensitive ARN match; each of the six colon-separated parts is matched on its
 * own and may use `*` and `?`; policy variables allowed. AWS: "Amazon Resource Name (ARN) condition operators".
 */
import { compileWildcard } from "../../policy/wildcard.js";
import type { ConditionOperator } from "./operator.js";

export const ArnLike: ConditionOperator = {
  name: "ArnLike",
  negated: false,
  variables: true,
  compile(value, variables) {
    return compileWildcard(value, { arn: true, variables }).test;
  },
};
