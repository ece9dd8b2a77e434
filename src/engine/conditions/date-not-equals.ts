/** `DateNotEquals`: true when the request date equals none of the policy dates. */
import { DateEquals } from "./date-equals.js";
import { negate } from "./operator.js";

export const DateNotEquals = negate("DateNotEquals", DateEquals);
