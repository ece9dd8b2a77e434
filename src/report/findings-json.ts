import type { CheckResult } from "../analysis/checks/types.js";

/**
 * `--format json`: `{ "findings": [...], "summary": {...} }`; each finding names its rule and the
 * rule's `messageId` it was rendered from. Suppressed findings are left out of
 * `findings` and counted in `summary.suppressed`. Keys in a fixed order, so output is byte-stable.
 */
export function renderFindingsJson(result: CheckResult): string {
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
  return `${JSON.stringify({ findings, summary }, null, 2)}\n`;
}
