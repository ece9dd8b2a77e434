/** `NumericEquals`: the request value is equal to the policy value. AWS: "Numeric condition operators". */
import { numericOperator } from "./numeric.js";

export const NumericEquals = numericOperator("NumericEquals", (r, p) => r === p);
