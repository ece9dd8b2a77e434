import type { CheckResult } from "../analysis/checks/types.js";
import type { Diagnostic } from "../diagnostics/index.js";

/**
 * `--format json`: `{ "findings": [...], "summary": {...} }`; each finding names its rule and the
 * rule's `messageId` it was rendered from. `inputWarnings` (when there are any): the input's own
 * warnings (the spec loader's, the compiler's), which no rule reports but CI should see. Suppressed findings are left out of
 * `findings` and counted in `summary.suppressed`. Keys in a fixed order, so output is byte-stable.
 */
export function renderFindingsJson(result: CheckResult, inputWarnings: readonly Diagnostic[] = []): string {
  const findings = result.findings
    .filter((f) => !f.suppressed)
    .map((f) => {
      const o: Record<string, unknown> = { rule: f.rule, severity: f.severity };
      if (f.category !== undefined) o.category = f.category;
      o.message = f.message;
      if (f.messageId !== undefined) o.messageId = f.messageId;
      for (const k of ["file", "line", "column", "policy", "principal", "statement"] as const) {
        if (f[k] !== undefined) o[k] = f[k];
      }
      if (f.data !== undefined) o.data = f.data;
      return o;
    });
  const s = result.summary;
  const summary = {
    total: s.total,
    error: s.error,
    security: s.security,
    warning: s.warning,
    suggestion: s.suggestion,
    suppressed: s.suppressed,
    documents: s.documents,
    principals: s.principals,
  };
  const out: Record<string, unknown> = { findings, summary };
  if (inputWarnings.length > 0) out.inputWarnings = inputWarnings.map(diagnosticJson);
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** A diagnostic's fields in a fixed order. */
export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  const o: Record<string, unknown> = { code: d.code, severity: d.severity, message: d.message };
  if (d.hint !== undefined) o.hint = d.hint;
  for (const k of ["file", "line", "column"] as const) if (d[k] !== undefined) o[k] = d[k];
  return o;
}
