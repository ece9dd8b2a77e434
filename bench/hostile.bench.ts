/**
 * Issue 14's last target: any input up to 1 MB, any command, < 2 s and < 500 MB. Each command
 * runs in its own process (the built CLI, `dist/cli/bin.js`, when `npm run build` made it; else
 * through tsx, whose start-up adds about a second) on worst-case inputs of about 1 MB: long
 * strings, many statements, many conditions, deep nesting, many YAML aliases, many teams. Prints
 * wall time, CPU time and peak RSS per run (measured inside the process by `usage-report.mjs`),
 * the exit code (0, 1 or 2 expected), and the maximum of each. A run over `HOSTILE_TIMEOUT_MS` (default 10 s) is killed and
 * reported as such.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { generateOrgSpec } from "../test/helpers/generate-org.js";

const MB = 1_000_000;
const TIMEOUT = Number(process.env.HOSTILE_TIMEOUT_MS ?? 10_000);

function doc(statements: unknown[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Repeat `unit` to fill about `bytes` (at least once). */
function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
}

function policies(): Record<string, string> {
  const svcs = ["s3", "ec2", "iam", "lambda", "sagemaker", "glue", "kms", "sqs"];
  const many: unknown[] = [];
  for (let i = 0; JSON.stringify(many).length < MB - 200; i++) {
    many.push({
      Effect: i % 7 === 0 ? "Deny" : "Allow",
      Action: [`${svcs[i % 8]}:Get${i}*`, `${svcs[(i + 3) % 8]}:Put${i}`],
      Resource: [`arn:aws:s3:::bucket-${i}/*`],
    });
  }
  const values = Array.from({ length: Math.floor(MB / 24) }, (_, i) => `arn:aws:s3:::b-${i}/*`);
  let nested: unknown = "x";
  for (let i = 0; i < 500; i++) nested = [nested];
  return {
    "long-strings.json": doc([
      { Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${fill("a*", MB / 2 - 100)}b` },
      { Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${fill("a", MB / 2 - 100)}` },
    ]),
    "wildcard-action.json": doc([{ Effect: "Allow", Action: `s3:${fill("a*", MB - 100)}b`, Resource: "*" }]),
    "many-statements.json": doc(many),
    "many-conditions.json": doc([
      {
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { ArnLike: { "aws:SourceArn": values } },
      },
    ]),
    "deep-nesting.json": doc([
      { Effect: "Allow", Action: "s3:GetObject", Resource: "*", Condition: { StringEquals: { "aws:x": nested } } },
    ]),
  };
}

function specs(): Record<string, string> {
  const head = [
    "version: 1",
    "organization: acme",
    'account: "123456789012"',
    "region: us-east-1",
    "identity: iam-users",
  ];
  const team = ["teams:", "  t:", "    activities: [bedrock]", "    members:", "      alice: data-scientist"];
  // The largest generated organization within 1 MB (its size grows linearly with the teams).
  let teams = Math.floor((100 * MB) / generateOrgSpec(100, 10).length);
  while (generateOrgSpec(teams, 10).length > MB) teams--;
  let depth = "";
  for (let i = 0; i < 250; i++) depth += "[";
  for (let i = 0; i < 250; i++) depth += "]";
  return {
    "many-aliases.yaml": [
      ...head,
      ...team,
      "suppress:",
      '  - &s { rule: iam-user-for-human, reason: "federation arrives in Q3" }',
      fill("  - *s\n", MB - 400),
    ].join("\n"),
    "long-strings.yaml": [
      ...head,
      "guardrails:",
      "  bedrock:",
      `    models: ["a.${fill("a*", MB / 2 - 100)}b", "a.${fill("a", MB / 2 - 100)}"]`,
      ...team,
      "",
    ].join("\n"),
    "deep-nesting.yaml": [...head, ...team, `tests: ${depth}`, ""].join("\n"),
    [`many-teams-${teams}.yaml`]: generateOrgSpec(teams, 10),
  };
}

interface Run {
  command: string;
  input: string;
  bytes: number;
  code: number | null;
  wallMs: number;
  cpuMs?: number;
  rssMb?: number;
  killed: boolean;
}

const USAGE = new URL("usage-report.mjs", import.meta.url).href;

function run(cli: string[], args: string[], input: string, bytes: number): Run {
  const start = performance.now();
  const r = spawnSync(process.execPath, ["--import", USAGE, ...cli, ...args], {
    encoding: "utf8",
    timeout: TIMEOUT,
    killSignal: "SIGKILL",
    maxBuffer: 256 * MB,
  });
  const wallMs = performance.now() - start;
  const out: Run = { command: args[0], input, bytes, code: r.status, wallMs, killed: r.signal !== null };
  const m = /BENCH-USAGE (\d+) (\d+)/.exec(r.stderr ?? "");
  if (m) {
    out.cpuMs = Number(m[1]) / 1000;
    out.rssMb = Number(m[2]) / 1024;
  }
  return out;
}

export default async function (): Promise<void> {
  const cli = existsSync("dist/cli/bin.js") ? ["dist/cli/bin.js"] : ["--import", "tsx", "src/cli/bin.ts"];
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-hostile-bench-"));
  process.stdout.write(
    `CLI: ${cli.join(" ")}; load average ${loadavg()[0].toFixed(1)}; timeout ${TIMEOUT} ms per run\n` +
      "targets per run: < 2000 ms, < 500 MB, exit 0/1/2\n",
  );
  const runs: Run[] = [];
  const report = (r: Run) => {
    runs.push(r);
    const ok = !r.killed && r.wallMs < 2000 && (r.rssMb ?? 0) < 500 && [0, 1, 2].includes(r.code ?? -1);
    process.stdout.write(
      `${r.command.padEnd(9)} ${r.input.padEnd(26)} ${String(Math.round(r.bytes / 1000)).padStart(5)} kB  ` +
        `exit ${r.killed ? "killed" : String(r.code)}  ${r.wallMs.toFixed(0).padStart(6)} ms wall` +
        `${r.cpuMs !== undefined ? ` ${r.cpuMs.toFixed(0).padStart(6)} ms CPU` : ""}` +
        `${r.rssMb !== undefined ? ` ${r.rssMb.toFixed(0).padStart(5)} MB` : ""}${ok ? "" : "  MISSED"}\n`,
    );
  };
  for (const [name, text] of Object.entries(policies())) {
    const file = join(dir, name);
    writeFileSync(file, text);
    report(run(cli, ["check", file], name, text.length));
    const set = join(dir, `set-${name}`);
    writeFileSync(set, `{"identityPolicies":[${text}]}`);
    report(
      run(
        cli,
        [
          "simulate",
          "--policy-set",
          set,
          "--principal",
          "arn:aws:iam::123456789012:user/alice",
          "--action",
          "s3:GetObject",
          "--resource",
          `arn:aws:s3:::${"a".repeat(1000)}`,
        ],
        name,
        text.length,
      ),
    );
  }
  for (const [name, text] of Object.entries(specs())) {
    const file = join(dir, name);
    writeFileSync(file, text);
    const principal = name.startsWith("many-teams") ? "team-001/member-0001" : "t/alice";
    for (const args of [
      ["plan", file, "--out", join(dir, `out-${name}`)],
      ["check", file],
      ["can", file, "--principal", principal],
      ["matrix", file],
      ["report", file, "--out", join(dir, `report-${name}.html`)],
    ])
      report(run(cli, args, name, text.length));
  }
  const max = (f: (r: Run) => number | undefined) => Math.max(...runs.map((r) => f(r) ?? 0));
  process.stdout.write(
    `max over ${runs.length} runs: ${max((r) => r.wallMs).toFixed(0)} ms wall, ${max((r) => r.cpuMs).toFixed(0)} ms CPU, ` +
      `${max((r) => r.rssMb).toFixed(0)} MB peak RSS; ${runs.filter((r) => r.killed).length} killed; ` +
      `exit codes ${[...new Set(runs.map((r) => (r.killed ? "killed" : String(r.code))))].sort().join(", ")}\n`,
  );
  rmSync(dir, { recursive: true, force: true });
}
