/**
 * Every IAM quota ai-iam plans against, in one place. Sizes are characters without white space
 * (see `policySize`); counts are the default quotas, some of which can be raised through Service
 * Quotas.
 * AWS: IAM User Guide, "IAM and AWS STS quotas" (reference_iam-quotas), and the IAM Identity
 * Center User Guide, "IAM Identity Center quotas" (inline policy of a permission set).
 */
export const PolicyQuotas = {
  /** A customer managed policy. */
  managedPolicySize: 6144,
  /** All inline policies of one user, together. */
  userInlineSize: 2048,
  /** All inline policies of one group, together. */
  groupInlineSize: 5120,
  /** All inline policies of one role, together. */
  roleInlineSize: 10240,
  /** A role's trust policy (default; can be raised to 4,096). */
  roleTrustPolicySize: 2048,
  /** The inline policy of an IAM Identity Center permission set. */
  permissionSetInlineSize: 10240,
  /** Managed policies attached to one user (default; can be raised to 20). */
  managedPoliciesPerUser: 10,
  /** Managed policies attached to one group (default; can be raised to 20). */
  managedPoliciesPerGroup: 10,
  /** Managed policies attached to one role (default; can be raised to 20). */
  managedPoliciesPerRole: 10,
  /** Groups one user can be a member of. */
  groupsPerUser: 10,
} as const;

export type PolicyQuotaName = keyof typeof PolicyQuotas;
