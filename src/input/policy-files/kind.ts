import { isTrustPolicyAction } from "../../policy/trust.js";
import type { PolicyKind } from "../../policy/types.js";

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

/** `inferPolicyKind` of a file's text; text that is not JSON is read as an identity policy (its parser reports why). */
export function inferPolicyKindOfText(text: string): ReturnType<typeof inferPolicyKind> {
  // No statement can hold a "Principal" or "NotPrincipal" key that the text does not spell out
  // (without a backslash, no key is escaped): an identity policy, parsed by no one twice.
  if (!text.includes("Principal") && !text.includes("\\")) return "identity";
  try {
    return inferPolicyKind(JSON.parse(text));
  } catch {
    return "identity";
  }
}
