import type { PolicyKind } from "./types.js";

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

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The kind a policy document's own shape says it is, for a file that does not say: no statement
 * names a principal → `identity`; every action of the statements that do is a trust-policy action
 * (`sts:AssumeRole*`, `sts:TagSession`, ...) → `trust`; otherwise `resource`. The one inference,
 * used for policy files and for the resource policy of a simulated policy set. It decides only
 * which grammar applies: a document that mixes the two (a Principal with `s3:GetObject` and no
 * Resource, or `sts:AssumeRole` with a Resource) then fails that grammar loudly instead of passing
 * the other one silently.
 */
export function inferPolicyKind(document: unknown): Extract<PolicyKind, "identity" | "resource" | "trust"> {
  if (!isObject(document)) return "identity";
  const raw = document.Statement;
  const statements = (Array.isArray(raw) ? raw : isObject(raw) ? [raw] : []).filter(isObject);
  const withPrincipal = statements.filter((s) => "Principal" in s || "NotPrincipal" in s);
  if (withPrincipal.length === 0) return "identity";
  const actions = withPrincipal.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
  const trust = actions.length > 0 && actions.every((a) => typeof a === "string" && isTrustPolicyAction(a));
  return trust ? "trust" : "resource";
}
