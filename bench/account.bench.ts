/**
 * Accounts at scale (issue 18). Each measured run is a process of its own (`account-child.ts`), so
 * its peak memory is its own; the data is generated first into a temporary folder.
 * - import: an account of 5,000 principals and 10,000 customer managed policies (URL-encoded
 *   documents, several versions each, as the raw API returns them). Target < 10 s, < 1 GB.
 * - draft: `--draft-spec` on that account. Target < 30 s.
 * - usage: 10 million CloudTrail records (1 million distinct records in gzip'd delivery files,
 *   each file read 10 times), streamed over two worker threads, resident memory sampled every
 *   half second. Target < 2 min, memory flat.
 * `BENCH_USAGE_RECORDS` (default 10,000,000) and `BENCH_PRINCIPALS` (default 5,000) scale it down.
 * The machine is shared: the load average is printed with the figures.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { authorizationDetailsText, generateAuthorizationDetails } from "../test/helpers/generate-account.js";
import { generateCloudTrailStream } from "../test/helpers/generate-cloudtrail.js";

const child = fileURLToPath(new URL("./account-child.ts", import.meta.url));

function run(args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ["--import", "tsx", child, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split("\n").pop()!) as Record<string, unknown>;
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");

export default async function (): Promise<void> {
  const principals = Number(process.env.BENCH_PRINCIPALS ?? 5000);
  const records = Number(process.env.BENCH_USAGE_RECORDS ?? 10_000_000);
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-bench-account-"));
  try {
    let start = performance.now();
    const account = generateAuthorizationDetails({ seed: 1, principals, policies: principals * 2 });
    const big = join(dir, "account.json");
    writeFileSync(big, authorizationDetailsText(account));
    process.stdout.write(
      `generated ${principals} principals / ${principals * 2} customer managed policies in ${Math.round(performance.now() - start)} ms\n`,
    );
    process.stdout.write(`load average before import: ${load()}\n`);
    const imported = run(["import", big]);
    process.stdout.write(
      `import: ${imported.importMs} ms, peak RSS ${imported.maxRssMB} MB (${imported.principals} principals, ${imported.policies} policies in the model) [targets 10,000 ms, 1,024 MB]\n`,
    );
    process.stdout.write(`load average before draft: ${load()}\n`);
    const draft = run(["draft", big]);
    process.stdout.write(
      `draft-spec: ${draft.draftMs} ms wall, ${draft.draftCpuMs} ms CPU (after a ${draft.importMs} ms import), ${draft.groups} groups, ${draft.members} members, ${draft.files} files, peak RSS ${draft.maxRssMB} MB [target 30,000 ms]\n`,
    );

    // CloudTrail: a smaller account's principals act (the records' variety, not the account's size, is what usage streams).
    const small = generateAuthorizationDetails({ seed: 2, principals: 300, policies: 300 });
    const smallFile = join(dir, "small.json");
    writeFileSync(smallFile, authorizationDetailsText(small));
    const distinct = Math.min(records, 1_000_000);
    const repeat = Math.ceil(records / distinct);
    start = performance.now();
    const trail = join(dir, "trail");
    mkdirSync(trail);
    const files: string[] = [];
    let batch: string[] = [];
    const flush = () => {
      if (batch.length === 0) return;
      const file = join(trail, `111122223333_CloudTrail_us-east-1_${String(files.length).padStart(6, "0")}.json.gz`);
      writeFileSync(file, gzipSync(`{"Records":[${batch.join(",")}]}`, { level: 1 }));
      files.push(file);
      batch = [];
    };
    generateCloudTrailStream(small, { seed: 2, records: distinct }, (r) => {
      batch.push(JSON.stringify(r));
      if (batch.length === 2000) flush();
    });
    flush();
    process.stdout.write(
      `generated ${distinct} records in ${files.length} files in ${Math.round(performance.now() - start)} ms\n`,
    );
    const list = join(dir, "files.txt");
    writeFileSync(list, Array.from({ length: repeat }, () => files.join("\n")).join("\n"));
    process.stdout.write(`load average before usage: ${load()}\n`);
    const usage = run(["usage", smallFile, list]);
    process.stdout.write(
      `usage: ${usage.records} records in ${usage.files} files: streamed in ${usage.collectMs} ms, report in ${Number(usage.usageMs) - Number(usage.collectMs)} ms, ${usage.usageCpuMs} ms CPU (all threads), ` +
        `peak RSS ${usage.maxRssMB} MB, RSS samples (MB) ${JSON.stringify(usage.rssSamplesMB)} [target 120,000 ms, flat]\n`,
    );
    process.stdout.write(`load average after: ${load()}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
