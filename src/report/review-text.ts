import { conditionLines } from "../analysis/review/conditions.js";
import type {
  AccessException,
  AccessMatrix,
  CanResult,
  DecidingStatement,
  DiffEntry,
  MatrixCell,
  WhoCanResult,
} from "../analysis/review/types.js";
import { oneLine } from "../diagnostics/index.js";
import type { ConditionBlock } from "../policy/types.js";
import { type Paint, pad, plain } from "./paint.js";

/** Text renderings of who-can, can and the matrix (diff has its own file). */

/** `identity team-deny #2 (NoSecrets)`; `layerWidth` pads the layer to align a column. */
function statementLabel(s: DecidingStatement, layerWidth = 0): string {
  return `${s.layer.padEnd(layerWidth)} ${oneLine(s.policy)} #${s.statementIndex}${s.sid ? ` (${oneLine(s.sid)})` : ""}`;
}

export function renderWhoCanText(r: WhoCanResult, c: Paint = plain): string {
  const lines: string[] = [];
  const n = r.principals.length;
  lines.push(
    `${c.bold("Who can")} ${c.cyan(r.action)} on ${c.cyan(r.resource)}: ${n} of ${r.evaluated} principal${r.evaluated === 1 ? "" : "s"}`,
  );
  const unknownLines = (r.unknown ?? []).flatMap((u) => [
    "",
    `  ${c.bold(u.principal)} ${c.yellow("Unknown")} ${c.dim(u.kind)}`,
    ...u.reasons.map((why) => `      ${c.dim(`not known: ${why}`)}`),
  ]);
  if (n === 0) {
    lines.push("", "  nobody", ...unknownLines);
    return `${lines.join("\n")}\n`;
  }
  const idWidth = Math.max(...r.principals.map((p) => p.principal.length)) + 2;
  for (const p of r.principals) {
    const who = [p.kind, p.persona].filter(Boolean).join(", ");
    const status = p.status === "Allowed" ? c.green("Allowed") : c.yellow("Conditional");
    lines.push("", `  ${pad(c.bold(p.principal), idWidth)} ${pad(status, 12)} ${c.dim(who)}`);
    for (const r of p.within ?? []) lines.push(`      ${c.yellow("only on")} ${r}`);
    for (const r of p.overlapping ?? []) lines.push(`      ${c.yellow("only on")} ${r}  ${c.dim("where it overlaps")}`);
    for (const x of p.except ?? []) lines.push(`      ${c.red("except")} ${x.resource}  ${c.dim(exceptionReason(x))}`);
    for (const s of p.statements) lines.push(`      ${c.dim(statementLabel(s, 8))}`);
    lines.push(...whenLines(p.conditions, "      ", c));
  }
  lines.push(...unknownLines);
  return `${lines.join("\n")}\n`;
}

export function renderCanText(r: CanResult, c: Paint = plain): string {
  const lines: string[] = [];
  // A team from an account's `team` tag is the export's text: one line, whatever it holds.
  const who = oneLine([r.kind, r.team && `team ${r.team}`, r.persona].filter(Boolean).join(", "));
  lines.push(`${c.bold(oneLine(r.principal))} ${c.dim(`(${who})`)}`);
  lines.push(c.dim(`  ${r.arn}`));
  lines.push(
    `  ${r.actionCount} action${r.actionCount === 1 ? "" : "s"} in ${r.services.length} service${r.services.length === 1 ? "" : "s"}` +
      (r.services.length > 0 ? `: ${r.services.join(", ")}` : ""),
  );
  lines.push(c.dim(`  assuming a signed-in session: ${contextSummary(r.context)}`));
  for (const why of r.unknown ?? []) lines.push(c.yellow(`  not known: ${why}`));
  if (r.unknown) lines.push(c.dim("  listed: the access held whatever those parts are"));
  lines.push(...canGroupLines(r.groups, c));
  if (r.groups.length === 0) lines.push("", "  no access");
  if (r.mayHold) {
    lines.push("", c.bold(c.yellow("May hold, depending on what capture could not see (Unknown)")));
    lines.push(...canGroupLines(r.mayHold, c, c.yellow("?")));
  }
  return `${lines.join("\n")}\n`;
}

function canGroupLines(groups: CanResult["groups"], c: Paint, mark?: string): string[] {
  const lines: string[] = [];
  let service = "";
  for (const g of groups) {
    if (g.service !== service) {
      service = g.service;
      lines.push("", c.bold(service));
    }
    lines.push(`  ${c.cyan(g.accessLevel)}`);
    for (const l of g.lines) {
      const m = mark ?? (l.status === "Allowed" ? c.green("✓") : c.yellow("~"));
      lines.push(`    ${m} ${wrapList(l.actions, 100, "      ")}`);
      for (const res of l.resources) lines.push(`        ${c.dim("on")} ${res}`);
      for (const x of l.except ?? [])
        lines.push(`        ${c.red("except")} ${x.resource}  ${c.dim(exceptionReason(x))}`);
      lines.push(...whenLines(l.conditions, "        ", c));
    }
  }
  return lines;
}

/** `denied by identity team-deny #2 (NoSecrets)`, or `not allowed by boundary acme-ai-nlp-boundary`. */
export function exceptionReason(x: AccessException): string {
  if (x.statements.length > 0) {
    return `denied by ${x.statements.map((s) => statementLabel(s)).join(", ")}`;
  }
  return x.missingAllows?.length ? `not allowed by ${x.missingAllows.join(", ")}` : "denied";
}

/** `when <first condition>` then the others aligned beneath it. */
export function whenLines(conditions: ConditionBlock[] | undefined, indent: string, c: Paint = plain): string[] {
  return conditionLines(conditions).map((line, i) => `${indent}${i === 0 ? c.yellow("when") : "    "} ${line}`);
}

function contextSummary(ctx: Record<string, string | string[]>): string {
  return Object.entries(ctx)
    .filter(([k]) => !/^aws:Principal(Arn|Account)$/.test(k))
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("|") : v}`)
    .join(", ");
}

export function wrapList(items: string[], width: number, indent: string): string {
  const out: string[] = [];
  let line = "";
  for (const item of items) {
    const next = line ? `${line}, ${item}` : item;
    if (next.length > width && line) {
      out.push(`${line},`);
      line = item;
    } else line = next;
  }
  if (line) out.push(line);
  return out.join(`\n${indent}`);
}

// ---- matrix --------------------------------------------------------------------------------

/**
 * `N`, `~N`, `N+M` or `·`, then `!P` when P of the actions are held only in part (an `except`
 * applies) and `?U` when U more depend on what capture could not see (alone when nothing is certain).
 */
export function cellText(cell: MatrixCell): string {
  const unknown = cell.unknown ? `?${cell.unknown}` : "";
  if (cell.allowed === 0 && cell.conditional === 0) return unknown || "·";
  const partial = cell.partial ? `!${cell.partial}` : "";
  if (cell.allowed > 0 && cell.conditional > 0) return `${cell.allowed}+${cell.conditional}${partial}${unknown}`;
  if (cell.allowed > 0) return `${cell.allowed}${partial}${unknown}`;
  return `~${cell.conditional}${partial}${unknown}`;
}

/** The legend's addition when some cells depend on what capture could not see. */
export const MATRIX_UNKNOWN_LEGEND =
  "?U: U more actions depend on what capture could not see (a cell that is only ?U is Unknown, not denied).";

/** The legend of the text matrix (and of `matrix --help`). */
export const MATRIX_CELLS_LEGEND =
  "Cells: N actions allowed, ~N allowed under conditions, N+M both, · denied; !P: P of them only in part (a narrower deny takes part of the grant away; `can` shows the except).";

export function renderMatrixText(m: AccessMatrix, c: Paint = plain): string {
  const lines: string[] = [];
  const codes = m.capabilities.map((cap, i) => `${cap.kind === "activity" ? "a" : "s"}${i + 1}`);
  lines.push(c.bold("Capabilities"));
  const labelWidth = Math.max(0, ...m.capabilities.map((cap) => cap.label.length));
  for (let i = 0; i < m.capabilities.length; i++) {
    const cap = m.capabilities[i];
    const total = m.rows[0]?.cells[i]?.total;
    lines.push(
      `  ${codes[i].padStart(4)}  ${cap.label.padEnd(labelWidth)}  ${c.dim(total !== undefined ? `${total} action${total === 1 ? "" : "s"}` : "")}`,
    );
  }
  const anyPartial = m.rows.some((r) => r.cells.some((cell) => cell.partial));
  const legend = anyPartial ? MATRIX_CELLS_LEGEND : MATRIX_CELLS_LEGEND.replace(/; !P.*$/, ".");
  lines.push("", c.dim(legend));
  if (m.rows.some((r) => r.unknown)) lines.push(c.dim(MATRIX_UNKNOWN_LEGEND));
  lines.push("");
  const idWidth = Math.max(9, ...m.rows.map((r) => r.principal.length));
  const widths = codes.map((code, i) => Math.max(code.length, ...m.rows.map((r) => cellText(r.cells[i]).length)));
  lines.push(`${c.bold("principal".padEnd(idWidth))}  ${codes.map((code, i) => code.padStart(widths[i])).join(" ")}`);
  for (const r of m.rows) {
    const cells = r.cells.map((cell, i) => {
      const t = cellText(cell).padStart(widths[i]);
      return cell.status === "Allowed"
        ? c.green(t)
        : cell.status === "Conditional"
          ? c.yellow(t)
          : cell.status === "Unknown"
            ? c.cyan(t)
            : c.dim(t);
    });
    lines.push(`${r.principal.padEnd(idWidth)}  ${cells.join(" ")}`);
  }
  const unknown = m.rows.filter((r) => r.unknown);
  if (unknown.length > 0) {
    lines.push("", c.bold("Not seen by capture (cells count only what is certain)"));
    for (const r of unknown) for (const reason of r.unknown!) lines.push(`  ${r.principal}: ${reason}`);
  }
  return `${lines.join("\n")}\n`;
}

/**
 * One CSV field (RFC 4180: quoted when it holds a quote, comma, line feed or carriage return). A
 * field a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return: a team tag `=HYPERLINK(…)` in an account export) starts with `'`, which spreadsheets read as
 * "text" (OWASP, "CSV Injection").
 */
function csvField(s: string): string {
  const text = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderMatrixCsv(m: AccessMatrix): string {
  const header = ["principal", "kind", "team", "persona", ...m.capabilities.map((cap) => cap.id)];
  const rows = m.rows.map((r) => [
    r.principal,
    r.kind,
    r.team ?? "",
    r.persona ?? "",
    ...r.cells.map((cell) => {
      if (cell.status === "Denied" && !cell.unknown) return `Denied 0/${cell.total}`;
      const notes = [
        ...(cell.conditional > 0 && cell.allowed > 0 ? [`${cell.conditional} conditional`] : []),
        ...(cell.partial ? [`${cell.partial} partial`] : []),
        ...(cell.unknown ? [`${cell.unknown} unknown`] : []),
      ];
      return `${cell.status} ${cell.allowed + cell.conditional}/${cell.total}${notes.length > 0 ? ` (${notes.join(", ")})` : ""}`;
    }),
  ]);
  return `${[header, ...rows].map((row) => row.map(csvField).join(",")).join("\n")}\n`;
}

// ---- shared --------------------------------------------------------------------------------

/** Entries that share a resource and conditions, with their actions together. */
export interface ConsolidatedEntry {
  resource: string;
  conditions?: ConditionBlock[];
  actions: string[];
}

export function consolidate(entries: readonly DiffEntry[]): ConsolidatedEntry[] {
  const by = new Map<string, ConsolidatedEntry>();
  for (const e of entries) {
    const key = `${e.resource}\u0000${e.conditions ? JSON.stringify(e.conditions) : ""}`;
    let g = by.get(key);
    if (!g) {
      g = { resource: e.resource, actions: [] };
      if (e.conditions) g.conditions = e.conditions;
      by.set(key, g);
    }
    g.actions.push(e.action);
  }
  return [...by.values()]
    .map((g) => ({ ...g, actions: [...new Set(g.actions)].sort() }))
    .sort(
      (a, b) =>
        (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0) || a.actions[0].localeCompare(b.actions[0]),
    );
}
