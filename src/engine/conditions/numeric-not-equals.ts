/** `NumericNotEquals`: true when the request value equals none of the policy values. */
import { NumericEquals } from "./numeric-equals.js";
import { negate } from "./operator.js";

export const NumericNotEquals = negate("NumericNotEquals", NumericEquals);
