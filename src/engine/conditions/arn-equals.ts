/** `ArnEquals`: AWS documents it with the same matching as `ArnLike` (wildcards per ARN part). */
import { ArnLike } from "./arn-like.js";
import type { ConditionOperator } from "./operator.js";

export const ArnEquals: ConditionOperator = { ...ArnLike, name: "ArnEquals" };
