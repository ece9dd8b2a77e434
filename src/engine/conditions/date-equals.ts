/** `DateEquals`: the request date is the same instant as the policy date. AWS: "Date condition operators". */
import { dateOperator } from "./date.js";

export const DateEquals = dateOperator("DateEquals", (r, p) => r === p);
