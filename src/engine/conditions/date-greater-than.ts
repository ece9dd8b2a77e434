/** `DateGreaterThan`: the request date is after the policy date. AWS: "Date condition operators". */
import { dateOperator } from "./date.js";

export const DateGreaterThan = dateOperator("DateGreaterThan", (r, p) => r > p);
