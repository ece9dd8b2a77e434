import { PolicyQuotas } from "../policy/size.js";
import type { ModelPolicyKind } from "./types.js";

/**
 * The size quota of a policy as IAM stores it, by its kind (inline quotas are per principal, for
 * all its inline policies together); undefined for kinds with none ai-iam plans against (AWS
 * managed policies are AWS's, not held to the customer quota: some are larger).
 * AWS: IAM User Guide, "IAM and AWS STS quotas"; IAM Identity Center User Guide, "IAM Identity
 * Center quotas".
 */
export function quotaOf(kind: ModelPolicyKind): number | undefined {
  switch (kind) {
    case "managed":
    case "boundary":
      return PolicyQuotas.managedPolicySize;
    case "inline-user":
      return PolicyQuotas.userInlineSize;
    case "inline-group":
      return PolicyQuotas.groupInlineSize;
    case "inline-role":
      return PolicyQuotas.roleInlineSize;
    case "trust":
      return PolicyQuotas.roleTrustPolicySize;
    case "permission-set-inline":
      return PolicyQuotas.permissionSetInlineSize;
    default:
      return undefined;
  }
}

/** AWS: IAM User Guide, "IAM and AWS STS quotas" — IAM object quotas per account. */
export const IAM_QUOTAS_PAGE =
  'IAM User Guide, "IAM and AWS STS quotas", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html';
/** AWS: IAM Identity Center User Guide, "IAM Identity Center quotas". */
export const IDENTITY_CENTER_QUOTAS_PAGE =
  'IAM Identity Center User Guide, "IAM Identity Center quotas", https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html';

/** One account-level quota: how many of one kind of entity an account (or an Identity Center instance) holds. */
export interface AccountQuota {
  /** What the entities are called in messages ("IAM users"). */
  readonly noun: string;
  /** The quota's name on AWS's page. */
  readonly label: string;
  /** The default quota. */
  readonly default: number;
  /**
   * The most AWS raises it to on request: the default when it is not adjustable, undefined when
   * it is adjustable and AWS publishes no maximum.
   */
  readonly max: number | undefined;
  /** The AWS page that states it. */
  readonly page: string;
}

/**
 * The account-level quotas a compiled spec is held to. A permission set is provisioned in the
 * account as an IAM role, so permission sets count as roles too (IAM Identity Center quotas:
 * "Permission sets are provisioned in AWS accounts as IAM roles ... and therefore follow IAM
 * quotas").
 * AWS: IAM User Guide, "IAM and AWS STS quotas" (IAM object quotas: users 5,000, not adjustable;
 * groups 300, up to 500; roles 1,000, up to 5,000; customer managed policies 1,500, up to 5,000);
 * IAM Identity Center User Guide, "IAM Identity Center quotas" (permission sets per instance 2,000
 * and provisioned permission sets per account 250, both adjustable with no published maximum).
 */
export const AccountQuotas = {
  users: {
    noun: "IAM users",
    label: "Users in an AWS account",
    default: 5000,
    max: 5000,
    page: IAM_QUOTAS_PAGE,
  },
  groups: {
    noun: "IAM groups",
    label: "Groups in an AWS account",
    default: 300,
    max: 500,
    page: IAM_QUOTAS_PAGE,
  },
  roles: {
    noun: "IAM roles",
    label: "Roles in an AWS account",
    default: 1000,
    max: 5000,
    page: IAM_QUOTAS_PAGE,
  },
  customerManagedPolicies: {
    noun: "customer managed policies",
    label: "Customer managed policies in an AWS account",
    default: 1500,
    max: 5000,
    page: IAM_QUOTAS_PAGE,
  },
  permissionSets: {
    noun: "permission sets",
    label: "Number of permission sets allowed in IAM Identity Center",
    default: 2000,
    max: undefined,
    page: IDENTITY_CENTER_QUOTAS_PAGE,
  },
  provisionedPermissionSets: {
    noun: "provisioned permission sets",
    label: "Number of provisioned permission sets allowed per AWS account",
    default: 250,
    max: undefined,
    page: IDENTITY_CENTER_QUOTAS_PAGE,
  },
} as const satisfies Record<string, AccountQuota>;

export type AccountQuotaName = keyof typeof AccountQuotas;
