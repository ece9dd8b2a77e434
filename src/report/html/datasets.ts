import type { AccessStatus } from "../../analysis/review/types.js";
import { anchor, esc, plural } from "./html.js";
import type { ReportDataset, ReportDatasetAccess } from "./types.js";

/**
 * The dataset view: who may read and who may change each dataset's objects, principals down,
 * datasets across, the classification on each column; the datasets nobody may read or change
 * listed by name under the table. Access only under conditions is hatched and
 * marked, never shown like outright access.
 */

/** Classifications that call for a reviewer's eye: anything but public or internal. */
export function isSensitive(classification: string | undefined): boolean {
  return classification !== undefined && !/^(public|internal|open)$/i.test(classification);
}

function describe(level: AccessStatus | undefined, verb: string): string | undefined {
  if (!level) return undefined;
  return level === "Allowed" ? `${verb} outright` : `${verb} only under conditions`;
}

function cell(principal: string, d: ReportDataset, a: ReportDatasetAccess | undefined): string {
  if (!a || (!a.read && !a.write)) {
    return `<td data-dataset="${esc(d.name)}" data-read="" data-write="" title="${esc(`${principal} cannot read or change ${d.name}`)}">·</td>`;
  }
  const label = `${a.read ? "R" : ""}${a.write ? "W" : ""}`;
  const conditional = a.read === "Conditional" || a.write === "Conditional";
  const outright = a.read === "Allowed" || a.write === "Allowed";
  const cls = conditional ? (outright ? "some-cond" : "cond") : "allow";
  const title = `${principal} on ${d.name}: ${[describe(a.read, "reads"), describe(a.write, "writes")].filter(Boolean).join("; ")}`;
  return `<td class="ds ${cls}" data-dataset="${esc(d.name)}" data-read="${esc(a.read ?? "")}" data-write="${esc(
    a.write ?? "",
  )}" title="${esc(title)}">${esc(label)}${conditional ? "<sup>?</sup>" : ""}</td>`;
}

/** Whether some principal may read or change the dataset. */
function reached(d: ReportDataset): boolean {
  return d.access.some((a) => a.read || a.write);
}

/**
 * The datasets no principal may read or change, by name: a column of `·` each would say the same,
 * and 30,000 such columns made a 17 MB report.
 */
function unreachedList(datasets: readonly ReportDataset[]): string {
  if (datasets.length === 0) return "";
  const names = datasets.map((d) => `<code data-dataset="${esc(d.name)}">${esc(d.name)}</code>`).join(", ");
  return `<p class="unreached" data-count="${datasets.length}">${plural(datasets.length, "dataset")} no principal may read or change: ${names}</p>`;
}

/**
 * Beyond this many principal × dataset cells the view is a list, one row per dataset naming who
 * may read and who may change it: 750 principals × 301 datasets made a 28 MB table of dots.
 */
export const GRID_CELLS = 10_000;

/** Who holds `verb` on a dataset, each linked to their permissions; access only under conditions marked. */
function holders(access: readonly ReportDatasetAccess[], verb: "read" | "write"): string {
  const held = access.filter((a) => a[verb]);
  if (held.length === 0) return `<span class="loc">nobody</span>`;
  return `${plural(held.length, "principal")}: ${held
    .map((a) =>
      a[verb] === "Conditional"
        ? `<a class="cond-access" href="#${esc(anchor("principal", a.principal))}" title="only under conditions">${esc(a.principal)}<sup>?</sup></a>`
        : `<a href="#${esc(anchor("principal", a.principal))}">${esc(a.principal)}</a>`,
    )
    .join(", ")}`;
}

/** The datasets as a list: who may read and who may change each, for more cells than a table shows. */
function datasetList(datasets: readonly ReportDataset[]): string {
  const rows = datasets
    .map(
      (d) =>
        `<tr data-dataset="${esc(d.name)}" data-classification="${esc(d.classification ?? "")}"><td><b>${esc(d.name)}</b> ${chip(d)}<div class="loc">${esc(
          `s3://${d.bucket}/${d.prefix}`,
        )}</div></td><td>${holders(d.access, "read")}</td><td>${holders(d.access, "write")}</td></tr>`,
    )
    .join("\n");
  return `<table class="list stack dataset-list"><thead><tr><th>Dataset</th><th>May read</th><th>May change</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

function chip(d: ReportDataset): string {
  return d.classification
    ? `<span class="chip${isSensitive(d.classification) ? " sensitive" : ""}">${esc(d.classification)}</span>`
    : `<span class="chip muted" title="the spec gives this dataset no classification">unclassified</span>`;
}

export function datasetsSection(all: readonly ReportDataset[]): string {
  const datasets = all.filter(reached);
  const unreached = all.filter((d) => !reached(d));
  const principals = [...new Set(datasets.flatMap((d) => d.access.map((a) => a.principal)))].sort();
  const grid = principals.length * datasets.length <= GRID_CELLS;
  const head = datasets
    .map((d) => {
      const readers = d.access.filter((a) => a.read).length;
      const writers = d.access.filter((a) => a.write).length;
      return `<th data-dataset="${esc(d.name)}" data-classification="${esc(d.classification ?? "")}" title="${esc(
        `s3://${d.bucket}/${d.prefix} · ${plural(readers, "principal")} may read it, ${plural(writers, "principal")} may change it`,
      )}"><div>${esc(d.name)}</div>${chip(d)}<div class="loc">${readers}R · ${writers}W</div></th>`;
    })
    .join("");
  const byPrincipal = datasets.map((d) => new Map(d.access.map((a) => [a.principal, a])));
  const rows = (grid ? principals : [])
    .map((p) => {
      const cells = datasets.map((d, i) => cell(p, d, byPrincipal[i]?.get(p))).join("");
      return `<tr data-principal-row="${esc(p)}"><th class="who"><a href="#${esc(anchor("principal", p))}">${esc(p)}</a></th>${cells}</tr>`;
    })
    .join("\n");
  return `<section class="block" id="datasets">
<h2>Datasets</h2>
<p class="lead">Who may read (R: <code>s3:GetObject</code>) and who may change (W: <code>s3:PutObject</code> or <code>s3:DeleteObject</code>) each dataset's objects, as the engine decides it for a normal signed-in session, with each dataset's classification.</p>
<div class="panel">
<div class="legend" aria-label="Legend">
${
  grid
    ? `  <span><span class="sw allow"></span><b>R</b>, <b>W</b>, <b>RW</b>: read, write, both — outright</span>
  <span><span class="sw cond"></span><b>R?</b>: only under conditions (MFA, network, tags…); hover a cell for which</span>
  <span><span class="sw some-cond"></span>one outright, the other only under conditions</span>`
    : `  <span><b>name<sup>?</sup></b>: only under conditions (MFA, network, tags…); a name without it: outright</span>`
}
  <span><span class="chip sensitive">confidential</span> a classification that needs review</span>
</div>
${
  all.length === 0
    ? `<p class="empty">The spec declares no datasets.</p>`
    : datasets.length === 0
      ? `<p class="empty">No principal may read or change any dataset.</p>`
      : !grid
        ? `${datasetList(datasets)}
${unreachedList(unreached)}`
        : `<div class="matrix-wrap"><table class="datasets"><thead><tr><th class="who">Principal</th>${head}</tr></thead><tbody>
${rows}
</tbody></table></div>
${unreachedList(unreached)}`
}
</div>
</section>`;
}
