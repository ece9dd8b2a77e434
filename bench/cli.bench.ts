/**
 * The CLI as a user runs it: built JavaScript (dist/, `npm run build` first), one process per
 * command, wall and CPU time, best and median of several runs. Targets (issue 16): `--version` and
 * `check` of one file under 300 ms; `start` (what `npm start` runs, through tsx from source) under
 * 5 s. CPU time is printed beside wall time because the machine is shared: under load, wall time
 * grows while CPU time stays.
 *
 * `npx tsx bench/run.ts cli`
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "dist", "cli", "bin.js");

interface Run {
  wallMs: number;
  cpuMs: number;
}

/** A run whose child reports its own CPU time (user + system) on exit, through an --import hook. */
function measured(args: string[], cwd: string, hook: string): Run {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--import", hook, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const cpu = /ai-iam-bench-cpu=(\d+(?:\.\d+)?)/.exec(r.stderr)?.[1];
  return { wallMs, cpuMs: cpu ? Number(cpu) : Number.NaN };
}

function summarize(name: string, runs: Run[]): string {
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const wall = sorted(runs.map((r) => r.wallMs));
  const cpu = sorted(runs.map((r) => r.cpuMs));
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] ?? Number.NaN;
  return `${name.padEnd(40)} wall best ${wall[0]!.toFixed(0).padStart(6)} ms, median ${median(wall).toFixed(0).padStart(6)} ms; cpu median ${median(cpu).toFixed(0).padStart(6)} ms`;
}

export default async function bench(): Promise<void> {
  if (!existsSync(BIN)) {
    process.stdout.write("dist/ is missing: run `npm run build` first\n");
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), "ai-iam-cli-bench-"));
  try {
    const hook = join(tmp, "cpu.mjs");
    writeFileSync(
      hook,
      'process.on("exit", () => { const u = process.cpuUsage(); process.stderr.write("ai-iam-bench-cpu=" + (u.user + u.system) / 1000 + "\\n"); });\n',
    );
    const policy = join(tmp, "policy.json");
    writeFileSync(
      policy,
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::team-bucket/data/*" }],
      }),
    );
    process.stdout.write(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}\n`,
    );
    const cases: Array<[string, string[], number]> = [
      ["ai-iam --version", [BIN, "--version"], 9],
      ["ai-iam check <one policy file>", [BIN, "check", policy], 9],
      ["ai-iam check examples/ai-platform-single.yaml", [BIN, "check", "examples/ai-platform-single.yaml"], 5],
      ["ai-iam plan examples/ai-platform", [BIN, "plan", "examples/ai-platform"], 5],
      [
        "npm start (tsx src/cli/bin.ts start)",
        ["--import", "tsx", join(ROOT, "src/cli/bin.ts"), "start", "--out", join(tmp, "r.html")],
        3,
      ],
    ];
    for (const [name, args, n] of cases) {
      measured(args, ROOT, hook); // warm the file system cache (and tsx's transform cache)
      const runs = Array.from({ length: n }, () => measured(args, ROOT, hook));
      process.stdout.write(`${summarize(name, runs)}\n`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
