import type { Diagnostic } from "../diagnostics/index.js";
import type { ModelPolicy } from "../model/types.js";
import { markStatementValid, normalizePolicy } from "../policy/normalize.js";
import type { Statement } from "../policy/types.js";
import { POLICY_VERSION, statementJson } from "./pack.js";

/**
 * Every document the compiler wrote, read back as `check` reads a policy file: a spec value that
 * lands somewhere IAM rejects (a character beyond Latin-1, a bare id where an ARN is required)
 * must fail here, at the spec, and not at deploy time or only when `plan --out` is checked. The
 * spec's own validation catches what it knows; this catches whatever it does not.
 *
 * The compiler writes the envelope (Version, the Statement list) itself, so what can go wrong is in
 * a statement: each distinct statement is read once per policy kind (the guardrail Denies and the
 * execution role's statements recur in many of a team's policies, and Denies equal in every team).
 */
export function checkDocuments(policies: readonly ModelPolicy[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const verdicts = new Map<string, Diagnostic[]>();
  // A statement object recurs in many policies (a team's Denies in each of its principals'): its
  // verdict is found by identity, with no key written for it again.
  const byObject = new Map<string, Map<Statement, Diagnostic[]>>();
  for (const p of policies) {
    let known = byObject.get(p.policyType);
    if (!known) {
      known = new Map();
      byObject.set(p.policyType, known);
    }
    p.document.Statement.forEach((s, i) => {
      let errors = known.get(s);
      if (!errors) {
        errors = verdictOf(p.policyType, s);
        known.set(s, errors);
      }
      for (const d of errors) {
        const at = (d.path ?? "").replace(/^\/Statement\/0/, `/Statement/${i}`);
        out.push({
          code: "compile-invalid-document",
          severity: "error",
          message: `The compiled policy ${p.id} is one IAM would reject, at ${at || "/"}: ${d.message}.`,
          ...(p.location ?? {}),
          hint: "A spec value written into this policy is not what AWS accepts there; see the message.",
        });
      }
    });
  }
  return out;

  /** A statement's errors, read once per distinct text and policy type. */
  function verdictOf(policyType: ModelPolicy["policyType"], s: Statement): Diagnostic[] {
    const json = statementJson(s);
    const key = `${policyType}|${json}`;
    let errors = verdicts.get(key);
    if (!errors) {
      // As `parsePolicy` does: text with no character beyond U+00FF skips the per-string check.
      const latin1 = !/[\u0100-\uffff]|\\u/.test(json);
      const doc = { Version: POLICY_VERSION, Statement: [s] };
      const { diagnostics } = normalizePolicy(doc, { kind: policyType, latin1 });
      errors = diagnostics.filter((d) => d.severity === "error");
      verdicts.set(key, errors);
    }
    // Found valid here, it is not read again when the engine compiles the policy.
    if (errors.length === 0) markStatementValid(s, policyType);
    return errors;
  }
}
