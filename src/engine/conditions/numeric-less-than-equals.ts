/** `NumericLessThanEquals`: the request value is less than or equal to the policy value. AWS: "Numeric condition operators". */
import { numericOperator } from "./numeric.js";

export const NumericLessThanEquals = numericOperator("NumericLessThanEquals", (r, p) => r <= p);
