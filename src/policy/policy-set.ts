import type { NamedPolicy } from "./types.js";

/**
 * Every policy that takes part in one authorization decision for one principal, as the engine
 * consumes it. `scps` and `rcps` are levels from the organization root down to the account; each
 * level is the list of policies attached there.
 */
export interface PolicySet {
  identityPolicies: NamedPolicy[];
  /** The resource's policy: a bucket policy, a KMS key policy, a role's trust policy, ... */
  resourcePolicy?: NamedPolicy;
  permissionBoundaries?: NamedPolicy[];
  scps?: NamedPolicy[][];
  rcps?: NamedPolicy[][];
  sessionPolicy?: NamedPolicy;
}

/** One request to decide. */
export interface AccessRequest {
  id?: string;
  /** The calling principal's ARN, e.g. `arn:aws:iam::111122223333:user/alice`. */
  principal: string;
  action: string;
  resource: string;
  /** The account that owns the resource, for services whose ARNs carry none (S3). */
  resourceAccount?: string;
  /** Request context keys; a list for multi-valued keys. */
  context?: Record<string, string | string[]>;
}
