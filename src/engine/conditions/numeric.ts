/** The shared shape of the `Numeric*` operators: both sides are decimal numbers. */

import { parseNumber } from "../../policy/condition-values.js";
import type { ConditionOperator } from "./operator.js";

export function numericOperator(
  name: string,
  compare: (request: number, policy: number) => boolean,
): ConditionOperator {
  return {
    name,
    negated: false,
    variables: false,
    compile(value) {
      const n = parseNumber(value);
      if (Number.isNaN(n)) return `'${value}' is not a number`;
      return (s) => {
        const r = parseNumber(s);
        return !Number.isNaN(r) && compare(r, n);
      };
    },
  };
}
