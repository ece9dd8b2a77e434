/**
 * The CLI as a user runs it: the package packed (`npm pack`, after `npm run build`) and installed
 * into an empty folder from the npm cache, without the optional peers (Pulumi, Z3), then one
 * process per command, wall and CPU time, best and median of several runs. Targets (issue 16):
 * `--version` and `check` of one file under 300 ms from the installed package; `npm start` (in
 * the repository: `tsx src/cli/bin.ts start`) under 5 s. Bare `node -e 0` is measured too: it is
 * the floor every command stands on. CPU time (user + system, of every node process a run
 * starts) is printed beside wall time because the machine is shared: under load, wall time grows
 * while CPU time grows much less. The load average is printed before and after.
 *
 * `npx tsx bench/run.ts cli`
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

interface Run {
  wallMs: number;
  cpuMs: number;
}

const env = { ...process.env, NO_COLOR: "1", npm_config_update_notifier: "false", npm_config_fund: "false" };

/**
 * A run of `command args` whose node processes each report their CPU time on exit, through an
 * --import hook in NODE_OPTIONS (so npm, tsx and the node they start are all counted).
 */
function measured(command: string, args: string[], cwd: string, hook: string): Run {
  const started = process.hrtime.bigint();
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import ${hook}`.trim() },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${command} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  const cpu = [...r.stderr.matchAll(/ai-iam-bench-cpu=(\d+(?:\.\d+)?)/g)].reduce((s, m) => s + Number(m[1]), 0);
  return { wallMs, cpuMs: cpu > 0 ? cpu : Number.NaN };
}

function summarize(name: string, runs: Run[]): string {
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const wall = sorted(runs.map((r) => r.wallMs));
  const cpu = sorted(runs.map((r) => r.cpuMs));
  const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] ?? Number.NaN;
  return `${name.padEnd(44)} wall best ${wall[0]!.toFixed(0).padStart(6)} ms, median ${median(wall).toFixed(0).padStart(6)} ms; cpu median ${median(cpu).toFixed(0).padStart(6)} ms`;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

export default async function bench(): Promise<void> {
  if (!existsSync(join(ROOT, "dist", "cli", "bin.js"))) {
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
    // The package as a user installs it, in an empty folder.
    const packed = execFileSync("npm", ["pack", "--json", "--pack-destination", tmp], {
      cwd: ROOT,
      encoding: "utf8",
      env,
    });
    const tarball = join(tmp, (JSON.parse(packed) as Array<{ filename: string }>)[0]!.filename);
    const app = join(tmp, "app");
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "empty", private: true })}\n`);
    execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], {
      cwd: app,
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    const bin = join(app, "node_modules", ".bin", "ai-iam");
    execFileSync(bin, ["init", "demo", "--organization", "demo-org"], { cwd: app, env, stdio: "ignore" });
    const demo = join(app, "demo");
    const policy = join(demo, "policies", "datasets-bucket.json");
    process.stdout.write(`installed from ${tarball.slice(tmp.length + 1)} into an empty folder\n`);
    process.stdout.write(`load average ${load()}\n`);
    const cases: Array<[string, string, string[], string, number]> = [
      ["node -e 0 (the floor)", process.execPath, ["-e", "0"], app, 9],
      ["ai-iam --version", bin, ["--version"], app, 9],
      ["ai-iam check <one policy file>", bin, ["check", policy], demo, 9],
      ["ai-iam check iam policies (the init scaffold)", bin, ["check", "iam", "policies"], demo, 5],
      ["ai-iam plan iam (the init scaffold)", bin, ["plan", "iam"], demo, 5],
      ["ai-iam test iam (the init scaffold)", bin, ["test", "iam"], demo, 5],
      ["npm start (in the repository)", "npm", ["start", "--silent", "--", "--out", join(tmp, "r.html")], ROOT, 3],
    ];
    for (const [name, command, args, cwd, n] of cases) {
      measured(command, args, cwd, hook); // warm the file system cache (and tsx's transform cache)
      const runs = Array.from({ length: n }, () => measured(command, args, cwd, hook));
      process.stdout.write(`${summarize(name, runs)}\n`);
    }
    process.stdout.write(`load average ${load()}\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
