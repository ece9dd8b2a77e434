import { createHash } from "node:crypto";
import { formatConditions } from "../../analysis/review/conditions.js";
import type { AccessMatrix, CanResult, Capability, MatrixCell } from "../../analysis/review/types.js";
import { exceptionReason } from "../review-text.js";
import { datasetsSection } from "./datasets.js";
import { findingsSection, suppressedSection } from "./findings.js";
import { headlineSection } from "./headline.js";
import { anchor, esc, grouped, location } from "./html.js";
import { SCRIPT } from "./script.js";
import { STYLES } from "./styles.js";
import type { ReportData, ReportPolicy, ReportPrincipal, ReportProvenance, ReportTest } from "./types.js";
import { ValueTable } from "./values.js";

export { anchor, esc } from "./html.js";

/**
 * The HTML report: one self-contained file (inline CSS and JS, no network, no external assets).
 * Every piece of text goes through `esc`. Stable hooks for tests and links: `data-principal`,
 * `data-team`, `data-persona` on matrix rows and principal sections, `data-status` and
 * `data-capability` on cells, `id="policy-<id>"` on policies, findings linking `href="#policy-<id>"`.
 * What repeats is written once: a matrix row the same as an earlier one refers to it, and the
 * effective permissions and policy documents are references into one table of shared values
 * (`ValueTable`), which the script renders when their `<details>` first opens.
 */

/** `0 error/security, 14 warnings, 1 suggestion`: every finding counted once. */
function findingBreakdown(serious: number, warnings: number, other: number): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return [`${serious} error/security`, n(warnings, "warning"), ...(other > 0 ? [n(other, "suggestion")] : [])].join(
    ", ",
  );
}

/**
 * The one script the page may run, by its SHA-256 (CSP "hash-source"): an inline script or event
 * handler that any name ever slipped past `esc` would be refused by the browser, not run.
 */
const SCRIPT_HASH = `'sha256-${createHash("sha256").update(SCRIPT, "utf8").digest("base64")}'`;

/** `<!doctype html>` through `</head>`: inline styles and the page's script only, plus `extraCsp` (`; img-src data:`). */
function pageHead(title: string, extraCsp = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src ${SCRIPT_HASH}${extraCsp}">
<title>${esc(title)}</title>
<style>${STYLES}</style>
</head>`;
}

/** Without the script, what it fills in is missing: say so. */
const NO_SCRIPT = `<noscript><p class="panel empty">Matrix rows that repeat an earlier row, effective permissions and policy documents are filled in by this page's script: allow JavaScript to see them.</p></noscript>`;

const LEVEL_SHORT: Record<string, string> = {
  List: "List",
  Read: "Read",
  Write: "Write",
  Tagging: "Tag",
  "Permissions management": "Perms",
};

/** `generated 2026-12-05 14:03 UTC · commit 1a2b3c4 (with uncommitted changes)`. */
function provenanceText(p: ReportProvenance): string[] {
  const when = p.generatedAt.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC");
  return [
    `generated ${when}`,
    ...(p.commit ? [`commit ${p.commit}${p.dirty ? " (with uncommitted changes)" : ""}`] : []),
  ];
}

export function renderHtmlReport(data: ReportData): string {
  const values = new ValueTable();
  const failedTests = data.tests.filter((t) => !t.passed).length;
  const sections: Array<[string, string, number, string]> = [
    ...(data.datasets
      ? [["datasets", "Datasets", data.datasets.length, "datasets in the spec"] as [string, string, number, string]]
      : []),
    ["matrix", "Access matrix", data.matrix.rows.length, "principals in the matrix"],
    ["permissions", "Permissions", data.permissions.length, "principals"],
    ["findings", "Findings", data.findings.length, "findings"],
    ...(data.suppressed
      ? [
          ["suppressed", "Suppressed", data.suppressed.length, "suppressed findings"] as [
            string,
            string,
            number,
            string,
          ],
        ]
      : []),
    ["policies", "Policies", data.policies.length, "policies"],
    ["tests", "Tests", data.tests.length, "access tests"],
  ];
  const body = [
    headlineSection(data),
    summary(data, failedTests),
    data.datasets ? datasetsSection(data.datasets) : "",
    matrixSection(data.matrix, data.principals),
    permissionsSection(data.permissions, values),
    findingsSection(data.findings, data.docsUrl),
    data.suppressed ? suppressedSection(data.suppressed, data.docsUrl) : "",
    policiesSection(data.policies, values),
    testsSection(data.tests),
  ]
    .filter(Boolean)
    .join("\n");
  const meta = [
    `${data.source.kind} ${data.source.path}`,
    `account ${data.account}`,
    ...(data.region ? [data.region] : []),
    ...(data.identity ? [data.identity] : []),
    ...(data.provenance ? provenanceText(data.provenance) : []),
    data.generator,
  ];
  return `${pageHead(`${data.title} · ai-iam access report`, "; img-src data:")}
<body>
<header class="top">
  <h1>${esc(data.title)} <span style="font-weight:400;color:#b8c2d0">access report</span></h1>
  <div class="meta">${meta.map((m) => `<span>${esc(m)}</span>`).join("")}</div>
</header>
<nav class="sections" aria-label="Sections">${sections
    .map(
      ([id, label, n, what]) =>
        `<a href="#${id}" title="${esc(`${n} ${what}`)}">${esc(label)}<span class="count">${n}</span></a>`,
    )
    .join("")}</nav>
<main>
${NO_SCRIPT}
${body}
</main>
<footer>Generated offline by ai-iam from ${esc(data.source.path)}${
    data.provenance
      ? ` on ${esc(
          provenanceText(data.provenance)
            .join(", ")
            .replace(/^generated /, ""),
        )}`
      : ""
  }. Decisions are the engine's, for a normal signed-in session of each principal.</footer>
<script type="application/json" id="report-values">${values.json()}</script>
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
  const explained: Array<[string, string]> = [];
  const card = (figure: string | number, label: string, sub: string, explain: string, cls = "") => {
    explained.push([label, explain]);
    return `<div class="panel card ${cls}" title="${esc(explain)}" data-card="${esc(label)}"><div class="figure">${esc(figure)}</div><div class="label">${esc(label)}</div>${
      sub ? `<div class="sub">${esc(sub)}</div>` : ""
    }</div>`;
  };
  const activities = data.matrix.capabilities.filter((c) => c.kind === "activity").length;
  const levels = data.matrix.capabilities.length - activities;
  const suppressed = data.suppressed?.length ?? 0;
  const cards = `${card(
    data.principals.length,
    "principals",
    `${humans} people, ${data.principals.length - humans} roles`,
    "Every identity the spec deploys: people (IAM users, or the roles and permission sets they sign in to) and service roles such as each team's SageMaker execution role.",
  )}
${card(teams, "teams", "", "Teams in the spec; each gets its own boundary, groups or roles, and execution role.")}
${card(
  data.policies.length,
  "policies",
  fullest ? `fullest ${Math.round(fullest.ratio * 100)}% of quota` : "",
  fullest
    ? `Managed, inline, boundary and trust policies. The fullest, ${fullest.p.id}, uses ${grouped(fullest.p.size)} of the ${grouped(fullest.p.quota!)} non-whitespace characters IAM allows a policy of its kind.`
    : "Managed, inline, boundary and trust policies.",
)}
${card(
  data.findings.length,
  "findings",
  findingBreakdown(serious, bySeverity("warning"), data.findings.length - serious - bySeverity("warning")),
  `What the checks report on the policies and each principal's whole access, after suppressions${
    suppressed > 0 ? ` (${suppressed} more are suppressed with a reason)` : ""
  }. Error and security findings fail \`ai-iam check\` by default.`,
  serious > 0 ? "bad" : data.findings.length === 0 ? "good" : "",
)}
${card(
  data.tests.length === 0 ? "–" : `${data.tests.length - failedTests}/${data.tests.length}`,
  "tests passed",
  failedTests > 0 ? `${failedTests} failed` : "",
  "The spec's access tests (tests:), each a request decided by the engine as AWS would, expected allow or deny.",
  failedTests > 0 ? "bad" : data.tests.length > 0 ? "good" : "",
)}
${card(
  data.matrix.capabilities.length,
  "capabilities",
  `${activities} activities, ${levels} service levels`,
  `The columns of the access matrix: ${activities} AI activities (what the activity library grants a team) and ${levels} service × access-level pairs (every action AWS defines at that level).`,
)}`;
  return `<section class="block" id="summary"><div class="cards">
${cards}
</div>
<details class="about"><summary>What these numbers mean</summary><dl>${explained
    .map(([label, text]) => `<dt>${esc(label)}</dt><dd>${esc(text)}</dd>`)
    .join("")}</dl></details>
</section>`;
}

function options(values: string[], all: string): string {
  return `<option value="">${esc(all)}</option>${values.map((v) => `<option value="${esc(v)}">${esc(v)}</option>`).join("")}`;
}

function capServices(c: Capability): string[] {
  return c.kind === "service" ? [c.service!] : (c.services ?? []);
}

/**
 * Outright access is solid green, access only under conditions hatched amber, each as wide as its
 * share of the cell's actions: `4+15` is a fifth green and four fifths hatched, never solid green.
 */
function cellStyle(cell: MatrixCell): string {
  if (cell.status === "Denied" || cell.total === 0) return "";
  const held = cell.allowed + cell.conditional;
  const alpha = (0.35 + 0.65 * Math.min(1, held / cell.total)).toFixed(2);
  const green = held === 0 ? 0 : Math.round((100 * cell.allowed) / held);
  return ` style="--a:${alpha};--g:${green}%"`;
}

function cellTitle(p: string, c: Capability, cell: MatrixCell): string {
  const parts = [`${p} · ${c.label}: ${cell.status}`];
  if (cell.allowed > 0) parts.push(`${cell.allowed} allowed`);
  if (cell.conditional > 0) parts.push(`${cell.conditional} conditional`);
  parts.push(`of ${cell.total} actions`);
  if (cell.partial) parts.push(`${cell.partial} of them only in part (a narrower deny takes part of the grant away)`);
  if (cell.unknown) parts.push(`${cell.unknown} more depend on what capture could not see`);
  return parts.join(", ");
}

function cellClass(cell: MatrixCell): string {
  if (cell.status === "Denied") return "";
  if (cell.conditional === 0) return ` class="allow"`;
  return cell.allowed === 0 ? ` class="cond"` : ` class="mixed"`;
}

function cellLabel(cell: MatrixCell): string {
  const unknown = cell.unknown ? `?${cell.unknown}` : "";
  if (cell.allowed === 0 && cell.conditional === 0) return unknown || "·";
  const partial = cell.partial ? `!${cell.partial}` : "";
  if (cell.allowed > 0 && cell.conditional > 0) return `${cell.allowed}+${cell.conditional}${partial}${unknown}`;
  return `${cell.allowed || cell.conditional}${partial}${unknown}`;
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
  // The first row with given cells holds them; a later row with the same cells names it (data-same).
  const firstWith = new Map<string, number>();
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
    .map((r, index) => {
      const p = byId.get(r.principal);
      const tag = [r.persona, r.persona ? "" : r.kind].filter(Boolean).join("");
      const key = JSON.stringify(r.cells);
      const same = firstWith.get(key);
      if (same === undefined) firstWith.set(key, index);
      const cells = (same === undefined ? r.cells : [])
        .map(
          (cell, i) =>
            `<td${cellClass(cell)} data-col="${i}" data-capability="${esc(m.capabilities[i].id)}" data-status="${cell.status}" data-allowed="${cell.allowed}" data-conditional="${cell.conditional}"${cell.partial ? ` data-partial="${cell.partial}"` : ""} title="${esc(
              cellTitle(r.principal, m.capabilities[i], cell),
            )}"${cellStyle(cell)}>${esc(cellLabel(cell))}</td>`,
        )
        .join("");
      return `<tr data-principal="${esc(r.principal)}" data-team="${esc(r.team ?? "")}" data-persona="${esc(r.persona ?? "")}"><th class="who"${
        same === undefined ? "" : ` data-same="${same}"`
      } title="${esc(
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
  <span><span class="sw allow"></span><b>N</b>: N actions allowed outright</span>
  <span><span class="sw cond"></span><b>N</b> hatched: only under conditions (MFA, network, tags, region…)</span>
  <span><span class="sw mixed"></span><b>N+M</b>: N outright (green share), M only under conditions (hatched share)</span>
  <span><span class="sw" style="background:var(--deny)"></span><b>·</b> denied</span>
  <span>Deeper colour: a larger share of the capability's actions; hover a cell for its counts</span>
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

/**
 * A principal's effective permissions as the script renders them (`permissions` in script.ts):
 * `[service, access level, [actions, resources, [resource, why excepted][], conditions, status][]][]`.
 */
function permissionGroups(p: CanResult): unknown[] {
  return p.groups.map((g) => [
    g.service,
    g.accessLevel,
    g.lines.map((l) => [
      l.actions.join(", "),
      l.resources,
      (l.except ?? []).map((x) => [x.resource, exceptionReason(x)]),
      l.conditions ? formatConditions(l.conditions) : "",
      l.status,
    ]),
  ]);
}

function permissionsSection(perms: CanResult[], values: ValueTable): string {
  const items = perms
    .map((p) => {
      const meta = [p.kind, p.team && `team ${p.team}`, p.persona].filter(Boolean).join(" · ");
      return `<details class="panel principal" id="${esc(anchor("principal", p.principal))}" data-principal="${esc(
        p.principal,
      )}" data-team="${esc(p.team ?? "")}" data-persona="${esc(p.persona ?? "")}">
<summary><span class="pid">${esc(p.principal)}</span><span class="pmeta">${esc(meta)}</span><span class="pmeta">${p.actionCount} actions in ${p.services.length} services</span></summary>
<div class="body">${
        p.groups.length === 0
          ? `<p class="empty">No access.</p>`
          : `<div data-perm="${values.ref(permissionGroups(p))}"></div>`
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

function policiesSection(policies: ReportPolicy[], values: ValueTable): string {
  const items = policies
    .map((p) => {
      const ratio = p.quota ? p.size / p.quota : 0;
      const cls = ratio > 1 ? "over" : "";
      return `<article class="policy" id="${esc(anchor("policy", p.id))}" data-policy="${esc(p.id)}">
<h3>${esc(p.id)}</h3>
<div class="pm">${esc(p.kind)} · <span class="mono">${esc(p.name)}</span>${
        p.attachedTo.length > 0 ? ` · attached to ${esc(p.attachedTo.join(", "))}` : ""
      }</div>
<div class="pm">${grouped(p.size)}${p.quota ? ` of ${grouped(p.quota)} characters (${Math.round(ratio * 100)}%)` : " characters"}</div>
${p.quota ? `<div class="bar ${cls}"><span style="width:${Math.min(100, ratio * 100).toFixed(1)}%"></span></div>` : ""}
<details><summary>Document (${p.document.Statement.length} statements)</summary><pre data-doc="${values.ref(p.document)}"></pre></details>
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
${NO_SCRIPT}
${matrixSection(m, principals)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
