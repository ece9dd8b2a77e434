import { anchor, esc, location, plural, ruleLink } from "./html.js";
import type { ReportFinding, ReportSuppressed } from "./types.js";

/**
 * The findings, grouped by rule (most severe rule first, then the rule with most findings), each
 * rule's explanation once; a message that repeats word for word — the same warning on every
 * generated policy of a persona — is one row listing everywhere it was found. Then the findings
 * that suppressions silenced, with the reason and who wrote it.
 */

export const SEVERITY_ORDER = ["error", "security", "warning", "suggestion", "info"];

const rank = (s: string) => {
  const i = SEVERITY_ORDER.indexOf(s);
  return i < 0 ? SEVERITY_ORDER.length : i;
};

interface RuleGroup {
  rule: string;
  severity: string;
  category?: string;
  explanation?: string;
  findings: ReportFinding[];
}

/** Findings by rule: most severe first, then most findings, then by id. */
export function groupByRule(findings: readonly ReportFinding[]): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const f of findings) {
    let g = groups.get(f.rule);
    if (!g) {
      g = { rule: f.rule, severity: f.severity, findings: [] };
      if (f.category) g.category = f.category;
      if (f.explanation) g.explanation = f.explanation;
      groups.set(f.rule, g);
    }
    if (rank(f.severity) < rank(g.severity)) g.severity = f.severity;
    g.findings.push(f);
  }
  return [...groups.values()].sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) || b.findings.length - a.findings.length || a.rule.localeCompare(b.rule),
  );
}

function where(f: ReportFinding): string {
  const parts = [
    location(f) ? `<span class="loc">${esc(location(f))}</span>` : "",
    f.policy
      ? `<span>policy <a class="policy-link" href="#${esc(anchor("policy", f.policy))}">${esc(f.policy)}</a>${
          f.statement !== undefined ? ` <span class="loc">statement ${esc(f.statement)}</span>` : ""
        }</span>`
      : "",
    f.principal
      ? `<span>principal <a href="#${esc(anchor("principal", f.principal))}">${esc(f.principal)}</a></span>`
      : "",
  ].filter(Boolean);
  return `<li>${parts.join(" · ") || "the whole input"}</li>`;
}

/** One row per distinct message (and severity), listing every place it was found. */
function messageRows(findings: readonly ReportFinding[]): string {
  const byMessage = new Map<string, ReportFinding[]>();
  for (const f of findings) {
    const key = `${f.severity}\u0000${f.message}`;
    const same = byMessage.get(key);
    if (same) same.push(f);
    else byMessage.set(key, [f]);
  }
  return [...byMessage.values()]
    .sort((a, b) => rank(a[0]!.severity) - rank(b[0]!.severity) || a[0]!.message.localeCompare(b[0]!.message))
    .map((same) => {
      const first = same[0]!;
      const times =
        same.length > 1
          ? ` <span class="times" title="the same finding in ${same.length} places">×${same.length}</span>`
          : "";
      return `<tr class="finding" data-rule="${esc(first.rule)}" data-severity="${esc(first.severity)}" data-count="${same.length}"><td><span class="sev ${esc(
        first.severity,
      )}">${esc(first.severity)}</span></td><td>${esc(first.message)}${times}</td><td><ul class="where">${same
        .map(where)
        .join("")}</ul></td></tr>`;
    })
    .join("\n");
}

/** Up to this many findings, every rule's group is open; beyond, only error and security ones. */
const OPEN_ALL_UP_TO = 40;

export function findingsSection(findings: readonly ReportFinding[], docsUrl?: string): string {
  const groups = groupByRule(findings);
  const body = groups
    .map((g) => {
      const open = findings.length <= OPEN_ALL_UP_TO || g.severity === "error" || g.severity === "security";
      const distinct = new Set(g.findings.map((f) => f.message)).size;
      const counts =
        distinct === g.findings.length
          ? plural(g.findings.length, "finding")
          : `${plural(g.findings.length, "finding")}, ${plural(distinct, "distinct message")}`;
      return `<details class="rule-group" data-rule="${esc(g.rule)}" data-severity="${esc(g.severity)}"${open ? " open" : ""}>
<summary><span class="sev ${esc(g.severity)}">${esc(g.severity)}</span> ${ruleLink(g.rule, docsUrl)} <span class="count">${esc(counts)}</span>${
        g.category ? ` <span class="loc">${esc(g.category)}</span>` : ""
      }</summary>
${g.explanation ? `<p class="explain">${esc(g.explanation)}</p>` : ""}
<table class="list stack"><thead><tr><th>Severity</th><th>Finding</th><th>Where</th></tr></thead><tbody>${messageRows(g.findings)}</tbody></table>
</details>`;
    })
    .join("\n");
  const bySeverity = SEVERITY_ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  return `<section class="block" id="findings">
<h2>Findings</h2>
<p class="lead">The checks on every policy and on each principal's whole access, grouped by rule: the most severe rule first, its explanation once, a finding that repeats across policies once with every place it was found.</p>
<div class="panel">${
    groups.length === 0
      ? `<p class="empty">No findings.</p>`
      : `<div class="rule-counts">${bySeverity
          .map(([s, n]) => `<span><span class="sev ${esc(s)}">${esc(s)}</span> ${n}</span>`)
          .join("")}<span>${plural(groups.length, "rule")}</span></div>${body}`
  }</div>
</section>`;
}

export function suppressedSection(suppressed: readonly ReportSuppressed[], docsUrl?: string): string {
  const sorted = [...suppressed].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message),
  );
  const rows = sorted
    .map((s) => {
      const by = s.author
        ? `${esc(s.author)}${s.authoredAt ? ` <span class="loc">${esc(s.authoredAt.slice(0, 10))}</span>` : ""}`
        : `<span class="loc" title="not in a git repository, or the line is not committed">unknown</span>`;
      return `<tr class="suppressed" data-rule="${esc(s.rule)}" data-severity="${esc(s.severity)}"><td><span class="sev ${esc(
        s.severity,
      )}">${esc(s.severity)}</span><div>${ruleLink(s.rule, docsUrl)}</div></td><td>${esc(s.message)}<ul class="where">${where(s)}</ul></td><td class="reason">${esc(
        s.reason,
      )}${s.source ? `<div class="loc">${esc(location(s.source))}</div>` : ""}</td><td>${by}</td></tr>`;
    })
    .join("\n");
  return `<section class="block" id="suppressed">
<h2>Suppressed findings</h2>
<p class="lead">Findings a suppression silenced: what each would have said, the reason written for it, and who wrote it (from git blame). Review these like the findings themselves.</p>
<div class="panel">${
    sorted.length === 0
      ? `<p class="empty">No finding is suppressed.</p>`
      : `<table class="list stack"><thead><tr><th>Rule</th><th>Finding</th><th>Reason</th><th>Written by</th></tr></thead><tbody>${rows}</tbody></table>`
  }</div>
</section>`;
}
