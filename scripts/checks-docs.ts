/**
 * Writes docs/checks.md from the rules' own metadata: one section per rule (the rules table of
 * docs/check.md and the SARIF help link to `docs/checks.md#<rule-id>`), with the messages it
 * reports by `messageId`. The text before `<!-- rules -->` is kept. It also writes the rules table
 * of docs/check.md (between `<!-- rules-table -->` and `<!-- /rules-table -->`): id, severity,
 * category and description, from the same metadata. A test checks both files are fresh.
 *   npx tsx scripts/checks-docs.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { allRules } from "../src/analysis/checks/rules/index.js";

export const CHECKS_DOCS_FILE = "docs/checks.md";
export const CHECK_DOC_FILE = "docs/check.md";

const SCOPE: Record<string, string> = {
  document: "each policy document",
  model: "an AccessModel (spec or program)",
  principal: "each principal's effective permissions",
  suppressions: "the suppressions",
};
const EQUIV: Record<string, string> = {
  accessAnalyzer: "IAM Access Analyzer",
  parliament: "Parliament",
  cloudsplaining: "Cloudsplaining",
  checkov: "Checkov",
  cdkNag: "cdk-nag",
};

/** `text` (the current docs/checks.md) with its rule sections regenerated. */
export function checksDocsText(text: string): string {
  const out: string[] = [];
  for (const r of [...allRules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))) {
    const m = r.meta;
    out.push(`## ${m.id}`, "");
    out.push(`**${m.severity}**${m.category ? ` · ${m.category}` : ""} · checks ${SCOPE[r.scope]}`, "");
    out.push(m.description, "", m.explanation, "");
    const eq = Object.entries(m.equivalents ?? {}).filter(([, v]) => v);
    if (eq.length > 0) out.push(`Equivalents: ${eq.map(([k, v]) => `${EQUIV[k] ?? k} \`${v}\``).join("; ")}.`, "");
    out.push("Messages (`messageId`: text, `{{placeholders}}` filled per finding):", "");
    for (const [id, template] of Object.entries(m.messages)) out.push(`- \`${id}\`: \`${template}\``);
    out.push("");
  }
  const marker = "<!-- rules -->";
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`${CHECKS_DOCS_FILE} lacks ${marker}`);
  return `${text.slice(0, i + marker.length)}\n\n${out.join("\n").trimEnd()}\n`;
}

/** `text` (the current docs/check.md) with its rules table regenerated. */
export function checkDocTableText(text: string): string {
  const open = "<!-- rules-table -->";
  const close = "<!-- /rules-table -->";
  const i = text.indexOf(open);
  const j = text.indexOf(close);
  if (i < 0 || j < i) throw new Error(`${CHECK_DOC_FILE} lacks ${open} ... ${close}`);
  const rows = ["| rule | severity | category | what it finds |", "|---|---|---|---|"];
  for (const r of [...allRules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))) {
    const m = r.meta;
    rows.push(`| [\`${m.id}\`](checks.md#${m.id}) | ${m.severity} | ${m.category ?? ""} | ${m.description} |`);
  }
  return `${text.slice(0, i + open.length)}\n${rows.join("\n")}\n${text.slice(j)}`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(CHECKS_DOCS_FILE, checksDocsText(readFileSync(CHECKS_DOCS_FILE, "utf8")));
  writeFileSync(CHECK_DOC_FILE, checkDocTableText(readFileSync(CHECK_DOC_FILE, "utf8")));
  process.stdout.write(`${CHECKS_DOCS_FILE}, ${CHECK_DOC_FILE}: ${allRules.length} rules\n`);
}
