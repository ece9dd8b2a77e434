/**
 * Writes the table of findings per rule on the AWS managed-policy corpus into docs/corpus.md
 * (between `<!-- corpus-table -->` markers; the notes around it are kept).
 *   npx tsx scripts/corpus-table.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { allRules } from "../src/analysis/checks/rules/index.js";
import { checkDocument } from "../src/analysis/checks/runner.js";
import { loadCorpus } from "../test/analysis/checks/corpus.js";

const corpus = loadCorpus();
const perRule = new Map<string, { findings: number; docs: Set<string> }>();
const t = performance.now();
const cpu = process.cpuUsage();
let checked = 0;
for (const p of corpus) {
  if (!p.document) continue;
  checked++;
  for (const f of checkDocument(p.document, { kind: "identity", storage: "aws-managed", policyName: p.name })) {
    let r = perRule.get(f.rule);
    if (!r) {
      r = { findings: 0, docs: new Set() };
      perRule.set(f.rule, r);
    }
    r.findings++;
    r.docs.add(p.name);
  }
}
const ms = performance.now() - t;
const used = process.cpuUsage(cpu);
const lines = [
  `${checked} of ${corpus.length} documents checked (each as the only identity policy of a role), ${ms.toFixed(0)} ms ` +
    `wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU (load average ${loadavg()[0].toFixed(1)} on ` +
    "2 shared cores; `npm run bench` times it alone).",
  "",
  "| rule | severity | findings | documents | e.g. |",
  "|---|---|---:|---:|---|",
];
for (const rule of [...allRules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1))) {
  const r = perRule.get(rule.meta.id);
  const examples = r ? [...r.docs].sort().slice(0, 3).join(", ") : "";
  lines.push(
    `| [\`${rule.meta.id}\`](checks.md#${rule.meta.id}) | ${rule.meta.severity} | ${r?.findings ?? 0} | ${r?.docs.size ?? 0} | ${examples} |`,
  );
}
const path = "docs/corpus.md";
const text = readFileSync(path, "utf8");
const start = "<!-- corpus-table -->";
const end = "<!-- /corpus-table -->";
const i = text.indexOf(start);
const j = text.indexOf(end);
if (i < 0 || j < 0) throw new Error(`${path} lacks the ${start} markers`);
writeFileSync(path, `${text.slice(0, i + start.length)}\n${lines.join("\n")}\n${text.slice(j)}`);
process.stdout.write(`${path}: ${perRule.size} rules with findings\n`);
