import type { Diagnostic } from "../diagnostics.js";
import type { AccessModel } from "../model/types.js";
import { canonicalValue } from "../policy/canonical.js";
import { normalizePolicy } from "../policy/normalize.js";

/**
 * Every document the compiler wrote, read back as `check` reads a policy file: a spec value that
 * lands somewhere IAM rejects (a character beyond Latin-1, a bare id where an ARN is required)
 * must fail here, at the spec, and not at deploy time or only when `plan --out` is checked. The
 * spec's own validation catches what it knows; this catches whatever it does not.
 */
export function checkDocuments(model: AccessModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of model.policies) {
    const { diagnostics } = normalizePolicy(canonicalValue(p.document), { kind: p.policyType });
    for (const d of diagnostics) {
      if (d.severity !== "error") continue;
      out.push({
        code: "compile-invalid-document",
        severity: "error",
        message: `The compiled policy ${p.id} is one IAM would reject, at ${d.path ?? "/"}: ${d.message}.`,
        ...(p.location ?? {}),
        hint: "A spec value written into this policy is not what AWS accepts there; see the message.",
      });
    }
  }
  return out;
}
