/**
 * One measured run for `account.bench.ts`, in a process of its own so that its peak memory is its
 * own: `import <file>`, `draft <file>` or `usage <account file> <list file>` (the list: one
 * CloudTrail path per line). Prints one line of JSON: phases in milliseconds (wall and, for draft
 * and usage, CPU of the whole process: the load of a shared machine inflates wall time far more),
 * the peak resident set size, and for `usage` the resident set size sampled every half second.
 * It calls what the CLI calls (`importAuthorizationDetails`, `draftSpec`, `analyzeUsage`).
 */
import { readFileSync } from "node:fs";
import { draftSpec } from "../src/analysis/draft-spec/index.js";
import { analyzeUsage } from "../src/analysis/usage/index.js";
import { importAuthorizationDetails } from "../src/input/account/authorization-details.js";

const [mode, file, list] = process.argv.slice(2);
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const cpuMs = (u: NodeJS.CpuUsage) => Math.round((u.user + u.system) / 1000);
const samples: number[] = [];
const timer = setInterval(() => samples.push(mb(process.memoryUsage.rss())), 500);
const out: Record<string, unknown> = { mode };
let start = performance.now();
const imported = await importAuthorizationDetails([file]);
if (!imported.model) throw new Error(JSON.stringify(imported.diagnostics.slice(0, 3)));
out.importMs = Math.round(performance.now() - start);
out.principals = imported.model.principals.length;
out.policies = imported.model.policies.length;
if (mode === "draft") {
  start = performance.now();
  const cpu = process.cpuUsage();
  const draft = draftSpec(imported.model, { organization: "bench" });
  out.draftMs = Math.round(performance.now() - start);
  out.draftCpuMs = cpuMs(process.cpuUsage(cpu));
  out.groups = draft.groups.length;
  out.members = Object.keys(draft.members).length;
  out.files = draft.files.size;
}
if (mode === "usage") {
  const paths = readFileSync(list, "utf8").split("\n").filter(Boolean);
  start = performance.now();
  const cpu = process.cpuUsage();
  let collected = 0;
  const result = await analyzeUsage(paths, {
    model: imported.model,
    activeOnly: true,
    onProgress: (p) => {
      if (p.filesDone === p.files) collected = performance.now() - start;
    },
  });
  if (!result.report) throw new Error(JSON.stringify(result.diagnostics.slice(0, 3)));
  out.collectMs = Math.round(collected);
  out.usageMs = Math.round(performance.now() - start);
  // Main thread and the worker threads (process.cpuUsage counts the whole process).
  out.usageCpuMs = cpuMs(process.cpuUsage(cpu));
  out.records = result.report.records;
  out.files = result.report.files;
  out.activePrincipals = result.report.principals.length;
}
clearInterval(timer);
out.maxRssMB = mb(process.resourceUsage().maxRSS * 1024);
out.rssSamplesMB = samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 40)) === 0);
process.stdout.write(`${JSON.stringify(out)}\n`);
