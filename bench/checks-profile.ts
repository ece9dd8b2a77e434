/**
 * A profiling aid for the checks benchmark (not run by `npm run bench`): checks the AWS managed
 * policy corpus (and, with `--org N`, the generated N-team organization) and prints the time, or
 * with `--dump FILE` writes every finding as JSON, to compare a change's output byte for byte.
 *
 *   node --cpu-prof --import tsx bench/checks-profile.ts [--org 10] [--dump out.json] [--repeat 3]
 */
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { checkDocument, checkModel } from "../src/analysis/checks/runner.js";
import { getCatalog } from "../src/catalog/catalog.js";
import { compileSpec } from "../src/compile/compile.js";
import { loadSpecFromString } from "../src/input/team-spec/load.js";
import { loadCorpus } from "../test/analysis/checks/corpus.js";
import { generateOrgSpec } from "../test/helpers/generate-org.js";

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const dump = opt("--dump");
const org = opt("--org");
const repeat = Number(opt("--repeat") ?? 1);
const corpus = loadCorpus().filter((p) => p.document);
getCatalog().allActions();
const out: Record<string, unknown> = {};
for (let r = 0; r < repeat; r++) {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const findings: unknown[] = [];
  for (const p of corpus)
    findings.push(...checkDocument(p.document!, { kind: "identity", storage: "aws-managed", policyName: p.name }));
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `corpus: ${corpus.length} documents, ${findings.length} findings, ${(performance.now() - t).toFixed(0)} ms wall, ` +
      `${((used.user + used.system) / 1000).toFixed(0)} ms CPU (load ${loadavg()[0].toFixed(1)})\n`,
  );
  out.corpus = findings;
}
if (org) {
  const loaded = loadSpecFromString(generateOrgSpec(Number(org), 10), "generated.yaml");
  const model = loaded.spec ? compileSpec(loaded.spec).model : undefined;
  if (!model) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
  const t = performance.now();
  const cpu = process.cpuUsage();
  const f = checkModel(model);
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `org (${org} teams): ${f.length} findings, ${(performance.now() - t).toFixed(0)} ms wall, ` +
      `${((used.user + used.system) / 1000).toFixed(0)} ms CPU (load ${loadavg()[0].toFixed(1)})\n`,
  );
  out.org = f;
}
if (dump) writeFileSync(dump, `${JSON.stringify(out, null, 1)}\n`);
