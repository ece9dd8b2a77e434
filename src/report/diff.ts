import { conditionLines, formatConditions } from "../analysis/review/conditions.js";
import { describeClassifiedChange } from "../analysis/review/dataset-diff.js";
import { gainsAccess } from "../analysis/review/diff-entries.js";
import type { AccessDiff, DiffEntry, PrincipalDiff } from "../analysis/review/types.js";
import type { ConditionBlock } from "../policy/types.js";
import { mdCode, mdHtml, mdText } from "./markdown.js";
import { type Paint, plain } from "./paint.js";
import { consolidate, whenLines, wrapList } from "./review-text.js";

/** Renderings of the effective-access diff: text for a terminal, markdown for a pull-request comment. */

/**
 * A principal's diff as a reader wants it: a removed and an added entry on the same (action,
 * resource) are one grant whose conditions changed (`widened` when the new form is not stricter).
 */
export interface ChangedGrant {
  action: string;
  resource: string;
  before?: ConditionBlock[];
  after?: ConditionBlock[];
  widened: boolean;
}

export function splitChanges(p: PrincipalDiff): { added: DiffEntry[]; removed: DiffEntry[]; changed: ChangedGrant[] } {
  const key = (e: DiffEntry) => `${e.action}\u0000${e.resource}`;
  const removedBy = new Map(p.removed.map((e) => [key(e), e]));
  const addedKeys = new Set(p.added.map(key));
  const changed: ChangedGrant[] = [];
  const added: DiffEntry[] = [];
  for (const e of p.added) {
    const old = removedBy.get(key(e));
    if (!old) {
      added.push(e);
      continue;
    }
    const g: ChangedGrant = { action: e.action, resource: e.resource, widened: false };
    if (old.conditions) g.before = old.conditions;
    if (e.conditions) g.after = e.conditions;
    g.widened = gainsAccess({ id: p.id, status: p.status, added: [e], removed: [old] });
    changed.push(g);
  }
  return { added, removed: p.removed.filter((e) => !addedKeys.has(key(e))), changed };
}

function counts(d: AccessDiff) {
  const by = (s: PrincipalDiff["status"]) => d.principals.filter((p) => p.status === s).length;
  const split = d.principals.map(splitChanges);
  return {
    added: by("added"),
    removed: by("removed"),
    changed: by("changed"),
    grantsAdded: split.reduce((n, p) => n + p.added.length, 0),
    grantsRemoved: split.reduce((n, p) => n + p.removed.length, 0),
    grantsChanged: split.reduce((n, p) => n + p.changed.length, 0),
    gaining: d.principals.filter(gainsAccess).length,
  };
}

/** Changed grants grouped like `consolidate`: by resource and both condition sets. */
function consolidateChanges(
  list: readonly ChangedGrant[],
): Array<Omit<ChangedGrant, "action"> & { actions: string[] }> {
  const by = new Map<string, Omit<ChangedGrant, "action"> & { actions: string[] }>();
  for (const g of list) {
    const k = JSON.stringify([g.resource, g.before ?? null, g.after ?? null]);
    let x = by.get(k);
    if (!x) {
      const { action: _a, ...rest } = g;
      x = { ...rest, actions: [] };
      by.set(k, x);
    }
    x.actions.push(g.action);
  }
  return [...by.values()].sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
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
  const changedGrants = c.grantsChanged > 0 ? `, ${plural(c.grantsChanged, "grant")} with other conditions` : "";
  return `${parts.join(", ")}: ${plural(c.grantsAdded, "grant")} added, ${plural(c.grantsRemoved, "grant")} removed${changedGrants}.`;
}

export function renderDiffText(d: AccessDiff, c: Paint = plain): string {
  const lines = [d.newAccess ? `${c.bold(c.red("New access."))} ${diffSummary(d)}` : c.bold(diffSummary(d))];
  if (d.classified && d.classified.length > 0) {
    lines.push("", c.bold(c.red("Classified data:")));
    for (const x of d.classified) {
      lines.push(
        `  ${c.red("!")} ${c.bold(x.principal)}: ${describeClassifiedChange(x)} ${c.dim(`(s3://${x.bucket}/${x.prefix})`)}`,
      );
    }
  }
  for (const p of d.principals) {
    const x = splitChanges(p);
    const tally = `+${x.added.length} -${x.removed.length}${x.changed.length > 0 ? ` ~${x.changed.length}` : ""}`;
    lines.push("", `${c.bold(p.id)} ${c.dim(`(${p.status}: ${tally})`)}`);
    if (p.reason) lines.push(...wrapWords(p.reason, 96).map((l, i) => `  ${i === 0 ? c.yellow("why:") : "    "} ${l}`));
    for (const [sign, list, paint] of [
      ["+", x.added, c.green],
      ["-", x.removed, c.red],
    ] as const) {
      for (const g of consolidate(list)) {
        lines.push(`  ${paint(sign)} ${g.resource}`);
        lines.push(`      ${wrapList(g.actions, 100, "      ")}`);
        lines.push(...whenLines(g.conditions, "      ", c));
      }
    }
    for (const g of consolidateChanges(x.changed)) {
      lines.push(
        `  ${c.yellow("~")} ${g.resource}  ${c.dim(g.widened ? "(conditions widened)" : "(conditions narrowed)")}`,
      );
      lines.push(`      ${wrapList(g.actions, 100, "      ")}`);
      lines.push(...labelled("was", g.before, c), ...labelled("now", g.after, c));
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Words to lines of at most `width` characters (a longer word stays whole). */
function wrapWords(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out;
}

function labelled(label: string, conditions: ConditionBlock[] | undefined, c: Paint): string[] {
  const lines = conditionLines(conditions);
  if (lines.length === 0) return [`      ${c.dim(label)} no conditions`];
  return lines.map((line, i) => `      ${i === 0 ? c.dim(label) : "   "} ${line}`);
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
      ? `⚠️ **New access** for ${plural(c.gaining, "principal")}. ${mdText(diffSummary(d))}`
      : `✅ No new access. ${mdText(diffSummary(d))}`,
    "",
  );
  if (d.classified && d.classified.length > 0) {
    out.push("**Classified data**: review these grants first.", "");
    for (const x of d.classified) {
      const text = describeClassifiedChange(x)
        .split(` dataset ${x.dataset}`)
        .map(mdText)
        .join(` dataset ${mdCode(x.dataset)}`);
      out.push(`- 🔐 ${mdCode(x.principal)}: **${text}** (${mdCode(`s3://${x.bucket}/${x.prefix}`)})`);
    }
    out.push("");
  }
  out.push("| principal | status | added | removed | conditions changed |", "| --- | --- | ---: | ---: | ---: |");
  const split = d.principals.map(splitChanges);
  d.principals.forEach((p, i) => {
    const x = split[i];
    out.push(`| ${mdCode(p.id)} | ${p.status} | ${x.added.length} | ${x.removed.length} | ${x.changed.length} |`);
  });
  d.principals.forEach((p, i) => {
    const x = split[i];
    const tally = `+${x.added.length} −${x.removed.length}${x.changed.length > 0 ? ` ~${x.changed.length}` : ""}`;
    out.push("", `<details><summary><code>${mdHtml(p.id)}</code>: ${p.status}, ${tally}</summary>`, "");
    if (p.reason) out.push(`**Why:** ${mdText(p.reason)}`, "");
    out.push("| | resource | actions | conditions |", "| --- | --- | --- | --- |");
    for (const [sign, list] of [
      ["➕", x.added],
      ["➖", x.removed],
    ] as const) {
      for (const g of consolidate(list)) {
        out.push(
          `| ${sign} | ${mdCode(g.resource)} | ${g.actions.map(mdCode).join(", ")} | ${g.conditions ? mdCode(formatConditions(g.conditions)) : ""} |`,
        );
      }
    }
    for (const g of consolidateChanges(x.changed)) {
      const cond = (b: ConditionBlock[] | undefined) => (b ? mdCode(formatConditions(b)) : "none");
      out.push(
        `| ${g.widened ? "⚠️ widened" : "🔒 narrowed"} | ${mdCode(g.resource)} | ${g.actions.map(mdCode).join(", ")} | was ${cond(g.before)}, now ${cond(g.after)} |`,
      );
    }
    out.push("", "</details>");
  });
  return `${out.join("\n")}\n`;
}
