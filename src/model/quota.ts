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
