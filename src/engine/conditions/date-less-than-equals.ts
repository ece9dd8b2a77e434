/** `DateLessThanEquals`: the request date is at or before the policy date. AWS: "Date condition operators". */
import { dateOperator } from "./date.js";

export const DateLessThanEquals = dateOperator("DateLessThanEquals", (r, p) => r <= p);
