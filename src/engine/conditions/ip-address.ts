/** `IpAddress`: the request address is in the CIDR block (IPv4 or IPv6). AWS: "IP address condition operators". */

import { inRange, parseCidr } from "../../policy/condition-values.js";
import type { ConditionOperator } from "./operator.js";

export const IpAddress: ConditionOperator = {
  name: "IpAddress",
  negated: false,
  variables: false,
  compile(value) {
    const range = parseCidr(value);
    if (!range) return `'${value}' is not an IP address or CIDR block`;
    return (s) => inRange(range, s);
  },
};
