/** The shared shape of the `Date*` operators: ISO 8601 or epoch seconds on either side. */

import { parseDate } from "../../policy/condition-values.js";
import type { ConditionOperator } from "./operator.js";

export function dateOperator(name: string, compare: (request: number, policy: number) => boolean): ConditionOperator {
  return {
    name,
    negated: false,
    variables: false,
    compile(value) {
      const d = parseDate(value);
      if (Number.isNaN(d)) return `'${value}' is not an ISO 8601 date or epoch time`;
      return (s) => {
        const r = parseDate(s);
        return !Number.isNaN(r) && compare(r, d);
      };
    },
  };
}
