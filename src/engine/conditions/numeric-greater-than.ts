/** `NumericGreaterThan`: the request value is greater than to the policy value. AWS: "Numeric condition operators". */
import { numericOperator } from "./numeric.js";

export const NumericGreaterThan = numericOperator("NumericGreaterThan", (r, p) => r > p);
