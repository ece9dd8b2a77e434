import type { CheckResult, Finding } from "../analysis/checks/types.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { mdCode, mdText } from "./markdown.js";

export interface MarkdownOptions {
  /** Base URL of the rules' documentation; each rule links to `<docsUrl>#<rule-id>`. */
  docsUrl?: string;
  /** Findings listed before the rest are summarized (default 200). */
  limit?: number;
  /** The input's own warnings (the spec loader's, the compiler's), listed after the findings. */
  inputWarnings?: readonly Diagnostic[];
}

const ICON: Record<string, string> = { error: "⛔", security: "🔐", warning: "⚠️", suggestion: "💡" };

function location(f: Finding): string {
  if (f.file === undefined)
    return f.principal !== undefined
      ? `principal ${mdCode(f.principal)}`
      : f.policy !== undefined
        ? mdCode(f.policy)
        : "";
  let w = f.file;
  if (f.line !== undefined) w += `:${f.line}`;
  if (f.line !== undefined && f.column !== undefined) w += `:${f.column}`;
  return mdCode(w);
}

/** `--format markdown`: a summary and a findings table, for a pull-request comment. */
export function renderFindingsMarkdown(result: CheckResult, opts: MarkdownOptions = {}): string {
  const docs = opts.docsUrl ?? "docs/checks.md";
  const limit = opts.limit ?? 200;
  const s = result.summary;
  const out: string[] = ["## ai-iam check", ""];
  if (s.total === 0) out.push(`✅ No findings in ${s.documents} document${s.documents === 1 ? "" : "s"}.`);
  else {
    out.push(
      `**${s.total} finding${s.total === 1 ? "" : "s"}**: ${s.error} error, ${s.security} security, ${s.warning} warning, ${s.suggestion} suggestion` +
        ` (${s.suppressed} suppressed; ${s.documents} document${s.documents === 1 ? "" : "s"} checked).`,
    );
  }
  const shown = result.findings.filter((f) => !f.suppressed);
  if (shown.length > 0) {
    out.push("", "| | Severity | Rule | Where | Message |", "|---|---|---|---|---|");
    for (const f of shown.slice(0, limit)) {
      out.push(
        `| ${ICON[f.severity] ?? ""} | ${f.severity} | [\`${f.rule}\`](${docs}#${f.rule}) | ${location(f)} | ${mdText(f.message)} |`,
      );
    }
    if (shown.length > limit) out.push("", `…and ${shown.length - limit} more (see the full report).`);
  }
  const warnings = opts.inputWarnings ?? [];
  if (warnings.length > 0) {
    out.push(
      "",
      `**${warnings.length} input warning${warnings.length === 1 ? "" : "s"}** (the spec's or the compiler's):`,
      "",
    );
    out.push("| Where | Code | Message |", "|---|---|---|");
    for (const d of warnings.slice(0, limit)) {
      const where =
        d.file === undefined
          ? ""
          : mdCode(
              [d.file, d.line, d.line !== undefined ? d.column : undefined].filter((x) => x !== undefined).join(":"),
            );
      out.push(`| ${where} | \`${d.code}\` | ${mdText(d.hint ? `${d.message} ${d.hint}` : d.message)} |`);
    }
    if (warnings.length > limit) out.push("", `…and ${warnings.length - limit} more.`);
  }
  const suppressed = result.findings.filter((f) => f.suppressed);
  if (suppressed.length > 0) {
    out.push("", "<details><summary>Suppressed findings</summary>", "", "| Rule | Where | Reason |", "|---|---|---|");
    for (const f of suppressed) out.push(`| \`${f.rule}\` | ${location(f)} | ${mdText(f.suppressed!.reason)} |`);
    out.push("", "</details>");
  }
  return `${out.join("\n")}\n`;
}
