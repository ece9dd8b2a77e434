/** `Bool`: `true` or `false`, compared without case. AWS: "Boolean condition operators". */
import { equalsIgnoreCase } from "../strings.js";
import type { ConditionOperator } from "./operator.js";

export const Bool: ConditionOperator = {
  name: "Bool",
  negated: false,
  variables: false,
  compile(value) {
    const v = value.toLowerCase();
    if (v !== "true" && v !== "false") return `'${value}' is not true or false`;
    return (s) => equalsIgnoreCase(s, v);
  },
};
