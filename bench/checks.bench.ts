/**
 * Checks: the whole AWS managed-policy corpus (per-document rules plus risk analysis over each
 * policy's effective permissions), and one policy file from the CLI.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkDocument } from "../src/analysis/checks/runner.js";
import { getCatalog } from "../src/catalog/catalog.js";
import { loadCorpus } from "../test/analysis/checks/corpus.js";

function ms(t: number): string {
  return `${t.toFixed(0)} ms`;
}

export default async function (): Promise<void> {
  const corpus = loadCorpus().filter((p) => p.document);
  let t = performance.now();
  getCatalog().allActions();
  process.stdout.write(`catalog loaded (all services): ${ms(performance.now() - t)}\n`);
  t = performance.now();
  const cpu = process.cpuUsage();
  let findings = 0;
  for (const p of corpus)
    findings += checkDocument(p.document!, { kind: "identity", storage: "aws-managed", policyName: p.name }).length;
  const total = performance.now() - t;
  const used = process.cpuUsage(cpu);
  process.stdout.write(
    `managed-policy corpus: ${corpus.length} documents checked in ${ms(total)} wall, ${ms((used.user + used.system) / 1000)} CPU ` +
      `(${findings} findings; target < 3000 ms; load average ${(await import("node:os")).loadavg()[0].toFixed(1)})\n`,
  );

  const dir = mkdtempSync(join(tmpdir(), "ai-iam-bench-"));
  const file = join(dir, "policy.json");
  writeFileSync(
    file,
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:ListBucket"],
          Resource: ["arn:aws:s3:::team", "arn:aws:s3:::team/*"],
        },
        { Effect: "Allow", Action: "sagemaker:CreateTrainingJob", Resource: "*" },
      ],
    }),
  );
  const runs: Array<[string, string[]]> = [["tsx", ["--import", "tsx", "src/cli/bin.ts", "check", file]]];
  if (existsSync("dist/cli/bin.js")) runs.unshift(["dist", ["dist/cli/bin.js", "check", file]]);
  for (const [name, args] of runs) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      try {
        execFileSync(process.execPath, args, { stdio: "pipe" });
      } catch {
        // exit 1 (findings) is expected
      }
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`one policy file from the CLI (${name}): median ${ms(times[2])} wall (target < 300 ms)\n`);
  }
}
