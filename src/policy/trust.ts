/**
 * The actions a role's trust policy governs: assuming the role (`sts:AssumeRole`,
 * `sts:AssumeRoleWithSAML`, `sts:AssumeRoleWithWebIdentity`, ...) and the session attributes set
 * while assuming it (`sts:TagSession`, `sts:SetSourceIdentity`, `sts:SetContext`). IAM User Guide,
 * "Policy evaluation for requests within a single account" (role trust policies) and "Passing
 * session tags in AWS STS". One definition: the engine asks it which requests need a trust policy,
 * the policy-file reader which documents are trust policies.
 */
const TRUST_ACTION = /^sts:(assumerole.*|tagsession|setsourceidentity|setcontext)$/;

/** The same actions as policy patterns: what a trust policy that allows every one of them names. */
export const TRUST_POLICY_ACTIONS: readonly string[] = [
  "sts:AssumeRole*",
  "sts:TagSession",
  "sts:SetSourceIdentity",
  "sts:SetContext",
];

/** Whether `action` (any case; a pattern such as `sts:AssumeRole*` too) is governed by a trust policy. */
export function isTrustPolicyAction(action: string): boolean {
  return TRUST_ACTION.test(action.toLowerCase());
}
