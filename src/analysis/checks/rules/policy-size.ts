import { plainCanonicalSize } from "../../../compile/pack.js";
import type { ModelPolicyKind } from "../../../model/types.js";
import { POLICY_KINDS } from "../../../policy/kinds.js";
import { canonicalStatementSize, documentSize, PolicyQuotas, policySize } from "../../../policy/size.js";
import type { Statement } from "../../../policy/types.js";
import type { DocumentContext, DocumentRule } from "../types.js";

/** The quota of one document of each storage kind (inline quotas are per principal, all inline policies together). */
const QUOTAS: Partial<Record<ModelPolicyKind, { quota: number; what: string }>> = {
  managed: { quota: PolicyQuotas.managedPolicySize, what: "a managed policy" },
  boundary: { quota: PolicyQuotas.managedPolicySize, what: "a managed policy (permissions boundary)" },
  "inline-user": { quota: PolicyQuotas.userInlineSize, what: "a user's inline policies" },
  "inline-group": { quota: PolicyQuotas.groupInlineSize, what: "a group's inline policies" },
  "inline-role": { quota: PolicyQuotas.roleInlineSize, what: "a role's inline policies" },
  "permission-set-inline": { quota: PolicyQuotas.permissionSetInlineSize, what: "a permission set's inline policy" },
  trust: { quota: PolicyQuotas.roleTrustPolicySize, what: "a role trust policy" },
  scp: { quota: POLICY_KINDS.scp.maxSize!, what: "a service control policy" },
};

function storageOf(ctx: DocumentContext): ModelPolicyKind | undefined {
  if (ctx.storage) return ctx.storage;
  if (ctx.kind === "identity") return "managed";
  if (ctx.kind === "boundary") return "boundary";
  if (ctx.kind === "trust") return "trust";
  if (ctx.kind === "scp") return "scp";
  return undefined;
}

/**
 * Each statement object's size: it depends on the statement alone, which is read only once checked,
 * and a model's compiler shares statement objects among the documents of a team's principals.
 */
const sizes = new WeakMap<Statement, number>();

function sizeOf(s: Statement): number {
  let n = sizes.get(s);
  if (n === undefined) {
    n = plainCanonicalSize(s) ?? canonicalStatementSize(s);
    sizes.set(s, n);
  }
  return n;
}

export const policySizeRule: DocumentRule = {
  scope: "document",
  meta: {
    id: "policy-size",
    severity: "error",
    category: "quota",
    description: "The document is larger than IAM accepts for its kind.",
    explanation:
      "IAM counts a policy's characters without white space against a quota that depends on how it is " +
      "stored: 6,144 for a managed policy; 2,048 for all inline policies of a user, 5,120 of a group, 10,240 " +
      "of a role; 2,048 for a role's trust policy; 10,240 for a permission set's inline policy; 5,120 for an " +
      "SCP. A policy over its quota fails at deploy time. A file's policy is taken as a managed policy unless " +
      "`--policy-type` says otherwise. Fix: use wildcards only where they stay least-privilege (`s3:Get*Object*`), " +
      'merge statements with the same resources, or split into several managed policies. AWS: IAM User Guide, "IAM and AWS STS quotas".',
    equivalents: { accessAnalyzer: "POLICY_SIZE_EXCEEDS... (service-side)", checkov: "—" },
    messages: {
      tooLarge: "the policy is {{size}} characters (without white space); {{what}} may have at most {{quota}}",
    },
  },
  check(ctx) {
    const storage = storageOf(ctx);
    const q = storage ? QUOTAS[storage] : undefined;
    if (!q) return [];
    const document: unknown = ctx.document;
    // (`policySize` reads a string as the JSON text: a document is never one.)
    const size = typeof document === "string" ? policySize(document) : documentSize(ctx.document, sizeOf);
    if (size <= q.quota) return [];
    return [{ messageId: "tooLarge", data: { size, what: q.what, quota: q.quota }, path: "" }];
  },
};
