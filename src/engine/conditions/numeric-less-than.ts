/** `NumericLessThan`: the request value is less than to the policy value. AWS: "Numeric condition operators". */
import { numericOperator } from "./numeric.js";

export const NumericLessThan = numericOperator("NumericLessThan", (r, p) => r < p);
