/** `StringNotLike`: true when the request value is like none of the policy values. */
import { negate } from "./operator.js";
import { StringLike } from "./string-like.js";

export const StringNotLike = negate("StringNotLike", StringLike);
