import { formatConditions } from "../../analysis/review/conditions.js";
import type { AccessMatrix, CanResult, Capability, MatrixCell } from "../../analysis/review/types.js";
import { exceptionReason } from "../review-text.js";
import { SCRIPT } from "./script.js";
import { STYLES } from "./styles.js";
import type { ReportData, ReportFinding, ReportPolicy, ReportPrincipal, ReportTest } from "./types.js";

/**
 * The HTML report: one self-contained file (inline CSS and JS, no network, no external assets).
 * Every piece of text goes through `esc`. Stable hooks for tests and links: `data-principal`,
 * `data-team`, `data-persona` on matrix rows and principal sections, `data-status` and
 * `data-capability` on cells, `id="policy-<id>"` on policies, findings linking `href="#policy-<id>"`.
 */

/** `0 error/security, 14 warnings, 1 suggestion`: every finding counted once. */
function findingBreakdown(serious: number, warnings: number, other: number): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return [`${serious} error/security`, n(warnings, "warning"), ...(other > 0 ? [n(other, "suggestion")] : [])].join(
    ", ",
  );
}

export function esc(s: string | number | undefined): string {
  return String(s ?? "").replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!,
  );
}

/** A fragment-safe anchor for an id: letters, digits and `/_.:-` kept, anything else as `_xx`. */
export function anchor(prefix: string, id: string): string {
  return `${prefix}-${id.replace(/[^A-Za-z0-9/_.:-]/g, (ch) => `_${ch.codePointAt(0)!.toString(16)}`)}`;
}

/** `<!doctype html>` through `</head>`: inline styles and script only, plus `extraCsp` (`; img-src data:`). */
function pageHead(title: string, extraCsp = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'${extraCsp}">
<title>${esc(title)}</title>
<style>${STYLES}</style>
</head>`;
}

const LEVEL_SHORT: Record<string, string> = {
  List: "List",
  Read: "Read",
  Write: "Write",
  Tagging: "Tag",
  "Permissions management": "Perms",
};

export function renderHtmlReport(data: ReportData): string {
  const failedTests = data.tests.filter((t) => !t.passed).length;
  const sections = [
    ["matrix", "Access matrix", data.matrix.rows.length],
    ["permissions", "Permissions", data.permissions.length],
    ["findings", "Findings", data.findings.length],
    ["policies", "Policies", data.policies.length],
    ["tests", "Tests", data.tests.length],
  ] as const;
  const body = [
    summary(data, failedTests),
    matrixSection(data.matrix, data.principals),
    permissionsSection(data.permissions),
    findingsSection(data.findings),
    policiesSection(data.policies),
    testsSection(data.tests),
  ].join("\n");
  return `${pageHead(`${data.title} · ai-iam access report`, "; img-src data:")}
<body>
<header class="top">
  <h1>${esc(data.title)} <span style="font-weight:400;color:#b8c2d0">access report</span></h1>
  <div class="meta"><span>${esc(data.source.kind)} ${esc(data.source.path)}</span><span>account ${esc(data.account)}</span>${
    data.region ? `<span>${esc(data.region)}</span>` : ""
  }${data.identity ? `<span>${esc(data.identity)}</span>` : ""}<span>${esc(data.generator)}</span></div>
</header>
<nav class="sections" aria-label="Sections">${sections
    .map(([id, label, n]) => `<a href="#${id}">${esc(label)}<span class="count">${n}</span></a>`)
    .join("")}</nav>
<main>
${body}
</main>
<footer>Generated offline by ai-iam from ${esc(data.source.path)}. Decisions are the engine's, for a normal signed-in session of each principal.</footer>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function summary(data: ReportData, failedTests: number): string {
  const humans = data.principals.filter((p) => p.human).length;
  const teams = new Set(data.principals.map((p) => p.team).filter(Boolean)).size;
  const bySeverity = (s: string) => data.findings.filter((f) => f.severity === s).length;
  const serious = bySeverity("error") + bySeverity("security");
  const fullest = data.policies
    .filter((p) => p.quota)
    .map((p) => ({ p, ratio: p.size / p.quota! }))
    .sort((a, b) => b.ratio - a.ratio)[0];
  const card = (figure: string | number, label: string, sub = "", cls = "") =>
    `<div class="panel card ${cls}"><div class="figure">${esc(figure)}</div><div class="label">${esc(label)}</div>${
      sub ? `<div class="sub">${esc(sub)}</div>` : ""
    }</div>`;
  return `<section class="block" id="summary"><div class="cards">
${card(data.principals.length, "principals", `${humans} people, ${data.principals.length - humans} roles`)}
${card(teams, "teams")}
${card(data.policies.length, "policies", fullest ? `fullest ${Math.round(fullest.ratio * 100)}% of quota` : "")}
${card(
  data.findings.length,
  "findings",
  findingBreakdown(serious, bySeverity("warning"), data.findings.length - serious - bySeverity("warning")),
  serious > 0 ? "bad" : data.findings.length === 0 ? "good" : "",
)}
${card(
  data.tests.length === 0 ? "–" : `${data.tests.length - failedTests}/${data.tests.length}`,
  "tests passed",
  failedTests > 0 ? `${failedTests} failed` : "",
  failedTests > 0 ? "bad" : data.tests.length > 0 ? "good" : "",
)}
${card(data.matrix.capabilities.length, "capabilities", "activities and service levels")}
</div></section>`;
}

function options(values: string[], all: string): string {
  return `<option value="">${esc(all)}</option>${values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join("")}`;
}

function capServices(c: Capability): string[] {
  return c.kind === "service" ? [c.service!] : (c.services ?? []);
}

function cellStyle(cell: MatrixCell): string {
  if (cell.status === "Denied" || cell.total === 0) return "";
  const share = (cell.allowed + cell.conditional) / cell.total;
  const alpha = (0.35 + 0.65 * Math.min(1, share)).toFixed(2);
  return ` style="background:rgba(var(--${cell.status === "Allowed" ? "allow" : "cond"}),${alpha})"`;
}

function cellTitle(p: string, c: Capability, cell: MatrixCell): string {
  const parts = [`${p} · ${c.label}: ${cell.status}`];
  if (cell.allowed > 0) parts.push(`${cell.allowed} allowed`);
  if (cell.conditional > 0) parts.push(`${cell.conditional} conditional`);
  parts.push(`of ${cell.total} actions`);
  if (cell.partial) parts.push(`${cell.partial} of them only in part (a narrower deny takes part of the grant away)`);
  return parts.join(", ");
}

function cellLabel(cell: MatrixCell): string {
  if (cell.status === "Denied") return "·";
  const partial = cell.partial ? `!${cell.partial}` : "";
  if (cell.allowed > 0 && cell.conditional > 0) return `${cell.allowed}+${cell.conditional}${partial}`;
  return `${cell.allowed || cell.conditional}${partial}`;
}

function matrixSection(m: AccessMatrix, principals: ReportPrincipal[]): string {
  const teams = [...new Set(m.rows.map((r) => r.team).filter((t): t is string => Boolean(t)))].sort();
  const personas = [...new Set(m.rows.map((r) => r.persona).filter((t): t is string => Boolean(t)))].sort();
  const services = [...new Set(m.capabilities.flatMap(capServices))].sort();
  // Column groups: the activities, then one group per service.
  const groups: Array<{ label: string; cols: number[] }> = [];
  m.capabilities.forEach((c, i) => {
    const label = c.kind === "activity" ? "Activities" : c.service!;
    const last = groups[groups.length - 1];
    if (last && last.label === label) last.cols.push(i);
    else groups.push({ label, cols: [i] });
  });
  const byId = new Map(principals.map((p) => [p.id, p]));
  const head = `<thead>
<tr class="groups"><th class="who" rowspan="2">Principal</th>${groups
    .map((g) => `<th colspan="${g.cols.length}" data-cols="${g.cols.join(" ")}">${esc(g.label)}</th>`)
    .join("")}</tr>
<tr class="caps">${m.capabilities
    .map(
      (c, i) =>
        `<th data-col="${i}" data-capability="${esc(c.id)}" data-services="${esc(capServices(c).join(" "))}" title="${esc(c.label)}">${esc(
          c.kind === "activity" ? c.label : (LEVEL_SHORT[c.accessLevel!] ?? c.accessLevel),
        )}</th>`,
    )
    .join("")}</tr>
</thead>`;
  const rows = m.rows
    .map((r) => {
      const p = byId.get(r.principal);
      const tag = [r.persona, r.persona ? "" : r.kind].filter(Boolean).join("");
      const cells = r.cells
        .map(
          (cell, i) =>
            `<td data-col="${i}" data-capability="${esc(m.capabilities[i].id)}" data-status="${cell.status}" data-allowed="${cell.allowed}" data-conditional="${cell.conditional}"${cell.partial ? ` data-partial="${cell.partial}"` : ""} title="${esc(
              cellTitle(r.principal, m.capabilities[i], cell),
            )}"${cellStyle(cell)}>${esc(cellLabel(cell))}</td>`,
        )
        .join("");
      return `<tr data-principal="${esc(r.principal)}" data-team="${esc(r.team ?? "")}" data-persona="${esc(r.persona ?? "")}"><th class="who" title="${esc(
        p?.arn ?? r.principal,
      )}"><a href="#${esc(anchor("principal", r.principal))}">${esc(r.principal)}</a><span class="tag">${esc(tag)}</span></th>${cells}</tr>`;
    })
    .join("\n");
  return `<section class="block" id="matrix">
<h2>Access matrix</h2>
<p class="lead">Each principal against each capability: an activity (the actions and resources it names for the principal's team) or a service's access level (every action AWS defines at that level). The number is how many of those actions the principal holds; the deeper the colour, the larger the share.</p>
<div class="panel">
<div class="toolbar">
  <label>Team <select id="filter-team">${options(teams, "All teams")}</select></label>
  <label>Persona <select id="filter-persona">${options(personas, "All personas")}</select></label>
  <label>Service <select id="filter-service">${options(services, "All services")}</select></label>
  <label>Find <input type="search" id="filter-search" placeholder="principal…"></label>
  <span class="shown" id="shown">Showing ${m.rows.length} of ${m.rows.length} principals</span>
</div>
<div class="legend" aria-label="Legend">
  <span><span class="sw" style="background:rgba(var(--allow),.9)"></span>Allowed (N actions)</span>
  <span><span class="sw" style="background:rgba(var(--cond),.9)"></span>Only under conditions</span>
  <span><span class="sw" style="background:var(--deny)"></span>Denied ·</span>
  <span><b>N+M</b>: N allowed outright, M under conditions</span>
  <span><span class="sw partial"></span><b>!P</b>: P of them only in part — a narrower deny takes part of the grant away</span>
</div>
<div class="matrix-wrap"><table class="matrix">
${head}
<tbody>
${rows}
</tbody>
</table></div>
</div>
</section>`;
}

function permissionsSection(perms: CanResult[]): string {
  const items = perms
    .map((p) => {
      const rows = p.groups
        .flatMap((g) =>
          g.lines.map(
            (l, i) =>
              `<tr>${
                i === 0
                  ? `<td rowspan="${g.lines.length}"><b>${esc(g.service)}</b><br><span class="chip">${esc(g.accessLevel)}</span></td>`
                  : ""
              }<td class="actions">${esc(l.actions.join(", "))}</td><td>${l.resources
                .map((r) => `<div class="res">${esc(r)}</div>`)
                .join("")}${(l.except ?? [])
                .map(
                  (x) =>
                    `<div class="except"><b>except</b> <span class="res">${esc(x.resource)}</span> — ${esc(exceptionReason(x))}</div>`,
                )
                .join(
                  "",
                )}${l.conditions ? `<div class="cond">when ${esc(formatConditions(l.conditions))}</div>` : ""}</td><td><span class="st ${l.status}">${l.status}</span></td></tr>`,
          ),
        )
        .join("\n");
      const meta = [p.kind, p.team && `team ${p.team}`, p.persona].filter(Boolean).join(" · ");
      return `<details class="panel principal" id="${esc(anchor("principal", p.principal))}" data-principal="${esc(
        p.principal,
      )}" data-team="${esc(p.team ?? "")}" data-persona="${esc(p.persona ?? "")}">
<summary><span class="pid">${esc(p.principal)}</span><span class="pmeta">${esc(meta)}</span><span class="pmeta">${p.actionCount} actions in ${p.services.length} services</span></summary>
<div class="body">${
        p.groups.length === 0
          ? `<p class="empty">No access.</p>`
          : `<table class="list stack perms"><thead><tr><th>Service</th><th>Actions</th><th>Resources and conditions</th><th>Status</th></tr></thead><tbody>${rows}</tbody></table>`
      }<p class="pmeta mono" style="margin:8px 0 0">${esc(p.arn)}</p></div>
</details>`;
    })
    .join("\n");
  return `<section class="block" id="permissions">
<h2>Effective permissions</h2>
<p class="lead">What each principal can do after boundaries, SCPs and denies, grouped by service and access level. The matrix filters apply here too.</p>
<div class="principals">${items || `<p class="panel empty">No principals.</p>`}</div>
</section>`;
}

const SEVERITY_ORDER = ["error", "security", "warning", "suggestion", "info"];

function location(f: { file?: string; line?: number; column?: number }): string {
  if (!f.file) return "";
  return `${f.file}${f.line !== undefined ? `:${f.line}` : ""}${f.line !== undefined && f.column !== undefined ? `:${f.column}` : ""}`;
}

function findingsSection(findings: ReportFinding[]): string {
  const sorted = [...findings].sort(
    (a, b) =>
      SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
      a.rule.localeCompare(b.rule) ||
      (a.policy ?? "").localeCompare(b.policy ?? "") ||
      a.message.localeCompare(b.message),
  );
  const rows = sorted
    .map((f) => {
      const where = [
        location(f) ? `<div class="loc">${esc(location(f))}</div>` : "",
        f.policy
          ? `<div>policy <a class="policy-link" href="#${esc(anchor("policy", f.policy))}">${esc(f.policy)}</a>${
              f.statement !== undefined ? ` <span class="loc">statement ${esc(f.statement)}</span>` : ""
            }</div>`
          : "",
        f.principal
          ? `<div>principal <a href="#${esc(anchor("principal", f.principal))}">${esc(f.principal)}</a></div>`
          : "",
      ].join("");
      return `<tr class="finding" data-rule="${esc(f.rule)}" data-severity="${esc(f.severity)}"><td><span class="sev ${esc(
        f.severity,
      )}">${esc(f.severity)}</span></td><td><code>${esc(f.rule)}</code>${
        f.category ? `<div class="loc">${esc(f.category)}</div>` : ""
      }</td><td>${esc(f.message)}${
        f.explanation
          ? `<details class="explain"><summary>Why and how to fix</summary>${esc(f.explanation)}</details>`
          : ""
      }</td><td>${where}</td></tr>`;
    })
    .join("\n");
  return `<section class="block" id="findings">
<h2>Findings</h2>
<p class="lead">The checks on every policy and on each principal's whole access, with where each was found.</p>
<div class="panel">${
    sorted.length === 0
      ? `<p class="empty">No findings.</p>`
      : `<table class="list stack"><thead><tr><th>Severity</th><th>Rule</th><th>Finding</th><th>Where</th></tr></thead><tbody>${rows}</tbody></table>`
  }</div>
</section>`;
}

function policiesSection(policies: ReportPolicy[]): string {
  const items = policies
    .map((p) => {
      const ratio = p.quota ? p.size / p.quota : 0;
      const cls = ratio > 1 ? "over" : "";
      return `<article class="policy" id="${esc(anchor("policy", p.id))}" data-policy="${esc(p.id)}">
<h3>${esc(p.id)}</h3>
<div class="pm">${esc(p.kind)} · <span class="mono">${esc(p.name)}</span>${
        p.attachedTo.length > 0 ? ` · attached to ${esc(p.attachedTo.join(", "))}` : ""
      }</div>
<div class="pm">${p.size.toLocaleString("en-US")}${p.quota ? ` of ${p.quota.toLocaleString("en-US")} characters (${Math.round(ratio * 100)}%)` : " characters"}</div>
${p.quota ? `<div class="bar ${cls}"><span style="width:${Math.min(100, ratio * 100).toFixed(1)}%"></span></div>` : ""}
<details><summary>Document (${p.document.Statement.length} statements)</summary><pre>${esc(JSON.stringify(p.document, null, 2))}</pre></details>
</article>`;
    })
    .join("\n");
  return `<section class="block" id="policies">
<h2>Policies</h2>
<p class="lead">Every policy with its size as IAM counts it (non-whitespace characters) against its quota.</p>
<div class="panel">${items || `<p class="empty">No policies.</p>`}</div>
</section>`;
}

function testsSection(tests: ReportTest[]): string {
  const rows = tests
    .map(
      (t) =>
        `<tr data-passed="${t.passed}"><td class="${t.passed ? "pass" : "fail"}">${t.passed ? "✓ pass" : "✗ fail"}</td><td><code>${esc(
          t.principal,
        )}</code></td><td><code>${esc(t.action)}</code><div class="res">${esc(t.resource)}</div></td><td>expect ${esc(t.expect)}<br><b>${esc(
          t.decision ?? "not run",
        )}</b></td><td>${(t.because ?? []).map((b) => `<div class="loc">${esc(b)}</div>`).join("")}${
          t.note ? `<div class="loc">${esc(t.note)}</div>` : ""
        }${t.file ? `<div class="loc">${esc(location(t))}</div>` : ""}</td></tr>`,
    )
    .join("\n");
  return `<section class="block" id="tests">
<h2>Access tests</h2>
<p class="lead">The spec's tests, run with the engine as a normal signed-in session of each principal.</p>
<div class="panel">${
    tests.length === 0
      ? `<p class="empty">No tests.</p>`
      : `<table class="list stack"><thead><tr><th>Result</th><th>Principal</th><th>Request</th><th>Decision</th><th>Because</th></tr></thead><tbody>${rows}</tbody></table>`
  }</div>
</section>`;
}

/** The matrix alone, as a page (`ai-iam matrix --format html`). */
export function renderMatrixHtml(title: string, m: AccessMatrix, principals: ReportPrincipal[]): string {
  return `${pageHead(`${title} · access matrix`)}
<body>
<header class="top"><h1>${esc(title)} <span style="font-weight:400;color:#b8c2d0">access matrix</span></h1></header>
<main>
${matrixSection(m, principals)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
