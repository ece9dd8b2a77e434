/** `DateGreaterThanEquals`: the request date is at or after the policy date. AWS: "Date condition operators". */
import { dateOperator } from "./date.js";

export const DateGreaterThanEquals = dateOperator("DateGreaterThanEquals", (r, p) => r >= p);
