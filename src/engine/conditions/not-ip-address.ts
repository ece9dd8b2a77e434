/** `NotIpAddress`: true when the request address is in none of the CIDR blocks. */
import { IpAddress } from "./ip-address.js";
import { negate } from "./operator.js";

export const NotIpAddress = negate("NotIpAddress", IpAddress);
