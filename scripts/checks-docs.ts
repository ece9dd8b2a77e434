/**
 * Writes docs/checks.md from the rules' own metadata: one section per rule (the README's rules
 * table and the SARIF help link to `docs/checks.md#<rule-id>`). The text before
 * `<!-- rules -->` is kept.
 *   npx tsx scripts/checks-docs.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { allRules } from "../src/analysis/checks/rules/index.js";

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

const out: string[] = [];
for (const r of [...allRules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))) {
  const m = r.meta;
  out.push(`## ${m.id}`, "");
  out.push(`**${m.severity}**${m.category ? ` · ${m.category}` : ""} · checks ${SCOPE[r.scope]}`, "");
  out.push(m.description, "", m.explanation, "");
  const eq = Object.entries(m.equivalents ?? {}).filter(([, v]) => v);
  if (eq.length > 0) out.push(`Equivalents: ${eq.map(([k, v]) => `${EQUIV[k] ?? k} \`${v}\``).join("; ")}.`, "");
}
const path = "docs/checks.md";
const text = readFileSync(path, "utf8");
const marker = "<!-- rules -->";
const i = text.indexOf(marker);
if (i < 0) throw new Error(`${path} lacks ${marker}`);
writeFileSync(path, `${text.slice(0, i + marker.length)}\n\n${out.join("\n").trimEnd()}\n`);
process.stdout.write(`${path}: ${allRules.length} rules\n`);
