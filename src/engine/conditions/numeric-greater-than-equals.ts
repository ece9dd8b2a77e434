/** `NumericGreaterThanEquals`: the request value is greater than or equal to the policy value. AWS: "Numeric condition operators". */
import { numericOperator } from "./numeric.js";

export const NumericGreaterThanEquals = numericOperator("NumericGreaterThanEquals", (r, p) => r >= p);
