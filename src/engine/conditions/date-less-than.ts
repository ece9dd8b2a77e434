/** `DateLessThan`: the request date is before the policy date. AWS: "Date condition operators". */
import { dateOperator } from "./date.js";

export const DateLessThan = dateOperator("DateLessThan", (r, p) => r < p);
