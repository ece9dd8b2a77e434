/** `ArnNotLike`: true when the request ARN is like none of the policy ARNs. */
import { ArnLike } from "./arn-like.js";
import { negate } from "./operator.js";

export const ArnNotLike = negate("ArnNotLike", ArnLike);
