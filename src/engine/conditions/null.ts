/**
 * `Null`: `true` tests that the key is absent from the request (or an empty list), `false` that it
 * is present. It takes no `...IfExists` form. AWS: "Condition operator to check existence of condition keys".
 */
import type { ConditionOperator } from "./operator.js";

export const Null: ConditionOperator = {
  name: "Null",
  negated: false,
  isNull: true,
  variables: false,
  compile(value) {
    const v = value.toLowerCase();
    if (v !== "true" && v !== "false") return `'${value}' is not true or false`;
    const absent = v === "true";
    // The condition compiler calls this with "" for an absent key and "present" otherwise.
    return (s) => (s === "") === absent;
  },
};
