/** `ArnNotEquals`: true when the request ARN equals none of the policy ARNs. */
import { ArnEquals } from "./arn-equals.js";
import { negate } from "./operator.js";

export const ArnNotEquals = negate("ArnNotEquals", ArnEquals);
