import type { CheckResult, Finding } from "../analysis/checks/types.js";
import { oneLine } from "../diagnostics/index.js";

export interface TextOptions {
  /** Colour functions (picocolors-like); identity when absent. */
  color?: {
    red(s: string): string;
    yellow(s: string): string;
    magenta(s: string): string;
    dim(s: string): string;
    bold(s: string): string;
  };
}

function where(f: Finding): string {
  let w = oneLine(f.file ?? (f.principal !== undefined ? `principal ${f.principal}` : "<model>"));
  if (f.line !== undefined) w += `:${f.line}`;
  if (f.line !== undefined && f.column !== undefined) w += `:${f.column}`;
  return w;
}

/**
 * `--format text`: `file:line:col  severity  rule-id  message`, grouped by file (a blank line
 * between files), then a summary line. Suppressed findings are only counted.
 */
export function renderFindingsText(result: CheckResult, opts: TextOptions = {}): string {
  const id = (s: string) => s;
  const c = opts.color ?? { red: id, yellow: id, magenta: id, dim: id, bold: id };
  const paint = (f: Finding, s: string) =>
    f.severity === "error"
      ? c.red(s)
      : f.severity === "security"
        ? c.magenta(s)
        : f.severity === "warning"
          ? c.yellow(s)
          : c.dim(s);
  const lines: string[] = [];
  let group: string | undefined;
  for (const f of result.findings) {
    if (f.suppressed) continue;
    const g = f.file ?? "";
    if (group !== undefined && g !== group) lines.push("");
    group = g;
    const extra = f.file === undefined && f.principal === undefined && f.policy !== undefined ? ` (${f.policy})` : "";
    lines.push(`${where(f)}  ${paint(f, f.severity)}  ${c.dim(f.rule)}  ${oneLine(`${f.message}${extra}`)}`);
  }
  const s = result.summary;
  const parts = [
    `${s.error} error${s.error === 1 ? "" : "s"}`,
    `${s.security} security`,
    `${s.warning} warning${s.warning === 1 ? "" : "s"}`,
    `${s.suggestion} suggestion${s.suggestion === 1 ? "" : "s"}`,
  ];
  if (lines.length > 0) lines.push("");
  lines.push(
    c.bold(
      `${s.total} finding${s.total === 1 ? "" : "s"} (${parts.join(", ")}), ${s.suppressed} suppressed; ${s.documents} document${s.documents === 1 ? "" : "s"} checked`,
    ),
  );
  return `${lines.join("\n")}\n`;
}
