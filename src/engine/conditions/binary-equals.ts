/**
 * `BinaryEquals`: the base-64 encoded request value equals the policy value, byte for byte (the
 * encodings are compared as written). AWS: "Binary condition operators".
 */
import type { ConditionOperator } from "./operator.js";

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export const BinaryEquals: ConditionOperator = {
  name: "BinaryEquals",
  negated: false,
  variables: false,
  compile(value) {
    if (!BASE64.test(value) || value.length % 4 !== 0) return `'${value}' is not base-64`;
    return (s) => s === value;
  },
};
