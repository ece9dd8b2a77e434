/**
 * Checks (issues 12 and 14): the whole AWS managed-policy corpus (per-document rules plus risk
 * analysis over each policy's effective permissions), hostile documents at n and 2n statements,
 * the generated 100-team organization (and 100 against 300 teams, each in a process of its own,
 * for growth in time and peak memory), one policy file from the CLI, and one policy of 60,000
 * statements (about 6 MB, under the 10 MiB file limit) from the CLI. Targets: corpus < 3 s,
 * org < 10 s, one file < 300 ms, 60,000 statements < 10 s.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkDocument, checkModel } from "../src/analysis/checks/runner.js";
import { getCatalog } from "../src/catalog/catalog.js";
import { compileSpec } from "../src/compile/compile.js";
import { loadSpecFromString } from "../src/input/team-spec/load.js";
import { loadCorpus } from "../test/analysis/checks/corpus.js";
import { generateOrgSpec } from "../test/helpers/generate-org.js";

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

  // Hostile documents: thousands of statements, each action covered by no other statement. Every
  // rule should grow about linearly; the ratio of the times at 2n and n statements shows it (2 = linear).
  const hostile = (n: number) => {
    const svcs = ["s3", "ec2", "iam", "lambda", "sagemaker", "glue", "kms", "sqs"];
    const Statement = Array.from({ length: n }, (_, i) => ({
      Effect: (i % 7 === 0 ? "Deny" : "Allow") as "Deny" | "Allow",
      Action: [`${svcs[i % svcs.length]}:Get${i}*`, `${svcs[(i + 3) % svcs.length]}:Put${i}`],
      Resource: [`arn:aws:s3:::bucket-${i}/*`],
    }));
    const s = performance.now();
    checkDocument({ Version: "2012-10-17", Statement }, { kind: "identity", storage: "aws-managed", policyName: "h" });
    return performance.now() - s;
  };
  hostile(100);
  const h1 = hostile(1000);
  const h2 = hostile(2000);
  process.stdout.write(
    `hostile document: 1000 statements ${ms(h1)}, 2000 statements ${ms(h2)} (ratio ${(h2 / h1).toFixed(1)}; 2.0 = linear)\n`,
  );

  // The generated organization of 100 teams and 1,000 members (every persona, every activity).
  {
    const loaded = loadSpecFromString(generateOrgSpec(100, 10), "generated.yaml");
    const model = loaded.spec ? compileSpec(loaded.spec).model : undefined;
    if (!model) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
    const s = performance.now();
    const c = process.cpuUsage();
    const n = checkModel(model).length;
    const u = process.cpuUsage(c);
    process.stdout.write(
      `generated org (100 teams, ${model.principals.length} principals, ${model.policies.length} policies): ` +
        `${ms(performance.now() - s)} wall, ${ms((u.user + u.system) / 1000)} CPU (${n} findings; target < 10000 ms; ` +
        `load average ${(await import("node:os")).loadavg()[0].toFixed(1)})\n`,
    );
  }

  // Growth with the number of principals (issues 12 and 14): 100 and 300 teams (Identity Center:
  // an account's quotas refuse 300 teams of IAM users), each checked in a process of its own (its
  // peak memory is its own). Linear: 3.0 times the 100-team CPU and at most
  // 3 times its memory (the runtime and catalog are shared).
  {
    const child = fileURLToPath(new URL("./org-child.ts", import.meta.url));
    type Run = {
      teams: number;
      identity: string;
      principals: number;
      findings: number;
      wallMs: number;
      cpuMs: number;
      peakRssMb: number;
    };
    const run = (teams: number): Run =>
      JSON.parse(execFileSync(process.execPath, ["--import", "tsx", child, String(teams)], { encoding: "utf8" }));
    const small = run(100);
    const large = run(300);
    for (const r of [small, large]) {
      process.stdout.write(
        `generated org ${r.teams} teams (${r.identity}, ${r.principals} principals, own process): ${ms(r.wallMs)} wall, ` +
          `${ms(r.cpuMs)} CPU, peak RSS ${r.peakRssMb} MB (${r.findings} findings)\n`,
      );
    }
    process.stdout.write(
      `generated org 300/100 teams: CPU ratio ${(large.cpuMs / small.cpuMs).toFixed(1)}, wall ratio ` +
        `${(large.wallMs / small.wallMs).toFixed(1)}, peak RSS ratio ${(large.peakRssMb / small.peakRssMb).toFixed(1)} ` +
        `(3.0 = linear; load average ${(await import("node:os")).loadavg()[0].toFixed(1)})\n`,
    );
  }

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

  // Issue 14: one policy of 60,000 statements (about 6 MB), each action covered by no other
  // statement, checked by the CLI (every finding printed).
  const bigFile = join(dir, "60k.json");
  const svcs = ["s3", "ec2", "iam", "lambda", "sagemaker", "glue", "kms", "sqs"];
  writeFileSync(
    bigFile,
    JSON.stringify({
      Version: "2012-10-17",
      Statement: Array.from({ length: 60_000 }, (_, i) => ({
        Effect: i % 7 === 0 ? "Deny" : "Allow",
        Action: [`${svcs[i % svcs.length]}:Get${i}*`, `${svcs[(i + 3) % svcs.length]}:Put${i}`],
        Resource: [`arn:aws:s3:::bucket-${i}/*`],
      })),
    }),
  );
  const [name, args] = runs[0];
  const bigArgs = [...args.slice(0, -1), bigFile];
  // Through /usr/bin/time where there is one: the child's CPU time and peak memory too.
  const timed = existsSync("/usr/bin/time");
  const s = performance.now();
  let stderr = "";
  try {
    execFileSync(
      timed ? "/usr/bin/time" : process.execPath,
      timed ? ["-f", "BENCH %U %S %M", process.execPath, ...bigArgs] : bigArgs,
      {
        stdio: "pipe",
        maxBuffer: 512 * 2 ** 20,
      },
    );
  } catch (e) {
    // exit 1 (findings) is expected
    stderr = String((e as { stderr?: Buffer }).stderr ?? "");
  }
  const m = /BENCH ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
  process.stdout.write(
    `one policy of 60,000 statements from the CLI (${name}): ${ms(performance.now() - s)} wall` +
      `${m ? `, ${ms((Number(m[1]) + Number(m[2])) * 1000)} CPU, ${Math.round(Number(m[3]) / 1024)} MB peak RSS` : ""} (target < 10000 ms)\n`,
  );
}
