/** `StringNotEqualsIgnoreCase`: true when the request value equals none of the policy values, ignoring case. */
import { negate } from "./operator.js";
import { StringEqualsIgnoreCase } from "./string-equals-ignore-case.js";

export const StringNotEqualsIgnoreCase = negate("StringNotEqualsIgnoreCase", StringEqualsIgnoreCase);
