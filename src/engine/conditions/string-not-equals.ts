/** `StringNotEquals`: true when the request value equals none of the policy values. */
import { negate } from "./operator.js";
import { StringEquals } from "./string-equals.js";

export const StringNotEquals = negate("StringNotEquals", StringEquals);
