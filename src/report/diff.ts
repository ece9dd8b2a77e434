import { formatConditions } from "../analyze/conditions.js";
import type { AccessDiff, PrincipalDiff } from "../analyze/types.js";
import { type Paint, plain } from "./paint.js";
import { consolidate, whenLines, wrapList } from "./review-text.js";

/** Renderings of the effective-access diff: text for a terminal, markdown for a pull-request comment. */

function counts(d: AccessDiff) {
  const by = (s: PrincipalDiff["status"]) => d.principals.filter((p) => p.status === s).length;
  return {
    added: by("added"),
    removed: by("removed"),
    changed: by("changed"),
    grantsAdded: d.principals.reduce((n, p) => n + p.added.length, 0),
    grantsRemoved: d.principals.reduce((n, p) => n + p.removed.length, 0),
    gaining: d.principals.filter((p) => p.added.length > 0).length,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function diffSummary(d: AccessDiff): string {
  if (d.principals.length === 0) return "No change in effective access.";
  const c = counts(d);
  const parts = [
    c.changed > 0 ? `${plural(c.changed, "principal")} changed` : "",
    c.added > 0 ? `${plural(c.added, "principal")} added` : "",
    c.removed > 0 ? `${plural(c.removed, "principal")} removed` : "",
  ].filter(Boolean);
  return `${parts.join(", ")}: ${plural(c.grantsAdded, "grant")} added, ${plural(c.grantsRemoved, "grant")} removed.`;
}

export function renderDiffText(d: AccessDiff, c: Paint = plain): string {
  const lines = [d.newAccess ? `${c.bold(c.red("New access."))} ${diffSummary(d)}` : c.bold(diffSummary(d))];
  for (const p of d.principals) {
    lines.push("", `${c.bold(p.id)} ${c.dim(`(${p.status}: +${p.added.length} -${p.removed.length})`)}`);
    for (const [sign, list, paint] of [
      ["+", p.added, c.green],
      ["-", p.removed, c.red],
    ] as const) {
      for (const g of consolidate(list)) {
        lines.push(`  ${paint(sign)} ${g.resource}`);
        lines.push(`      ${wrapList(g.actions, 100, "      ")}`);
        lines.push(...whenLines(g.conditions, "      ", c));
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

function md(s: string): string {
  return s.replace(/[|\\`*_<>[\]]/g, (ch) => `\\${ch}`);
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;
}

export function renderDiffMarkdown(d: AccessDiff): string {
  const out: string[] = ["### ai-iam: effective access"];
  if (d.principals.length === 0) {
    out.push("", "✅ No change in effective access.");
    return `${out.join("\n")}\n`;
  }
  const c = counts(d);
  out.push(
    "",
    d.newAccess
      ? `⚠️ **New access** for ${plural(c.gaining, "principal")}. ${md(diffSummary(d))}`
      : `✅ No new access. ${md(diffSummary(d))}`,
    "",
    "| principal | status | added | removed |",
    "| --- | --- | ---: | ---: |",
  );
  for (const p of d.principals) out.push(`| ${code(p.id)} | ${p.status} | ${p.added.length} | ${p.removed.length} |`);
  for (const p of d.principals) {
    out.push(
      "",
      `<details><summary><code>${html(p.id)}</code>: ${p.status}, +${p.added.length} −${p.removed.length}</summary>`,
      "",
    );
    out.push("| | resource | actions | conditions |", "| --- | --- | --- | --- |");
    for (const [sign, list] of [
      ["➕", p.added],
      ["➖", p.removed],
    ] as const) {
      for (const g of consolidate(list)) {
        out.push(
          `| ${sign} | ${code(g.resource)} | ${g.actions.map(code).join(", ")} | ${g.conditions ? code(formatConditions(g.conditions)) : ""} |`,
        );
      }
    }
    out.push("", "</details>");
  }
  return `${out.join("\n")}\n`;
}

function html(s: string): string {
  return s.replace(/[&<>"]/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[ch]!);
}
