/**
 * The package as a user gets it: `npm pack`, installed into an empty folder from the npm cache
 * (no Pulumi and no Z3: they are optional peers), then `npx ai-iam --version`, `npx ai-iam init demo`
 * and `plan`, `test`, `check` and `report` in `demo` — issue 16's "done when" — and what proving
 * says without Z3. The CLI runs built
 * JavaScript (dist/), so this builds first when dist/ is missing or older than src/ (CI builds
 * before it tests).
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO_ROOT } from "../helpers/scaffold-repo.js";

const tmp = mkdtempSync(join(tmpdir(), "ai-iam-package-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
const install = join(tmp, "install");
const demo = join(install, "demo");
let tarball = "";
let listing: string[] = [];

/** The newest modification time of any file under `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const s = statSync(join(dir, f));
    if (s.isFile()) t = Math.max(t, s.mtimeMs);
  }
  return t;
}

/**
 * The bytes the files under `dir` take, as `du` counts them: symbolic links (.bin/*) not followed,
 * a file with several hard links (esbuild links its binary into two packages) counted once.
 */
function du(dir: string): number {
  let bytes = 0;
  const seen = new Set<string>();
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const s = lstatSync(join(dir, f));
    if (!s.isFile() || seen.has(`${s.dev}:${s.ino}`)) continue;
    seen.add(`${s.dev}:${s.ino}`);
    bytes += s.size;
  }
  return bytes;
}

const npmEnv = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", NO_COLOR: "1" };

function cli(args: string[], cwd: string) {
  const started = process.hrtime.bigint();
  const r = spawnSync(join(install, "node_modules", ".bin", "ai-iam"), args, { cwd, encoding: "utf8", env: npmEnv });
  return { ...r, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

before(() => {
  const bin = join(REPO_ROOT, "dist", "cli", "bin.js");
  const snapshot = join(REPO_ROOT, "generated", "aws-managed-policies.br");
  if (!existsSync(bin) || !existsSync(snapshot) || statSync(bin).mtimeMs < newest(join(REPO_ROOT, "src"))) {
    execFileSync("npm", ["run", "build", "--silent"], { cwd: REPO_ROOT, stdio: "inherit" });
  }
  const packed = execFileSync("npm", ["pack", "--json", "--pack-destination", tmp], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: npmEnv,
  });
  const info = JSON.parse(packed) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(tmp, info[0]?.filename ?? "");
  listing = (info[0]?.files ?? []).map((f) => f.path).sort();
  mkdirSync(install, { recursive: true });
  writeFileSync(join(install, "package.json"), `${JSON.stringify({ name: "empty", private: true })}\n`);
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball], {
    cwd: install,
    env: npmEnv,
    stdio: ["ignore", "ignore", "inherit"],
  });
});

describe("the packed package", () => {
  test("holds what an installed copy needs, and no tests, benchmarks or sources of its own build", () => {
    for (const f of [
      "LICENSE",
      "CHANGELOG.md",
      "README.md",
      "package.json",
      "dist/cli/bin.js",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/deploy/index.js",
      "generated/aws-managed-policies.br",
      "templates/init/iam/org.yaml",
      "templates/init/dot-github/workflows/ai-iam.yml",
      "action/comment.sh",
      "action.yml",
      "examples/seed/index.ts",
      "examples/ai-platform/org.yaml",
      "policypack/index.cjs",
      "policypack/PulumiPolicy.yaml",
      "docs/checks.md",
    ]) {
      assert.ok(listing.includes(f), `${f} is in the package`);
    }
    for (const prefix of ["test/", "bench/", "node_modules/", ".ci/", "scripts/", "test-artifacts/", "out/"]) {
      assert.deepEqual(
        listing.filter((f) => f.startsWith(prefix)),
        [],
        `nothing under ${prefix}`,
      );
    }
  });

  test("bin runs built JavaScript with plain node (no tsx at run time)", () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { bin: Record<string, string> };
    assert.match(pkg.bin["ai-iam"] ?? "", /^\.\/dist\/.*\.js$/);
    const head = readFileSync(join(install, "node_modules", "ai-iam", pkg.bin["ai-iam"] ?? ""), "utf8").split("\n")[0];
    assert.equal(head, "#!/usr/bin/env node");
  });

  // Issue 16's target. Z3 (z3-solver, 35 MB of WebAssembly) is an optional peer like the Pulumi
  // packages: only proving loads it, and without it proving says what to install (tested below).
  test("installs without the Pulumi packages and without Z3, within 60 MB", (t) => {
    assert.equal(existsSync(join(install, "node_modules", "@pulumi")), false, "no @pulumi/* installed");
    assert.equal(existsSync(join(install, "node_modules", "z3-solver")), false, "no z3-solver installed");
    const mb = du(join(install, "node_modules")) / 1e6;
    t.diagnostic(`installed size: ${mb.toFixed(1)} MB`);
    assert.ok(mb <= 60, `${mb.toFixed(1)} MB`);
  });
});

describe("npx ai-iam, from the installed package", () => {
  test("--version", (t) => {
    const r = spawnSync("npx", ["--no-install", "ai-iam", "--version"], {
      cwd: install,
      encoding: "utf8",
      env: npmEnv,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ai-iam 0\.\d+\.\d+\nAWS service authorization data: @cloud-copilot\/iam-data /);
    t.diagnostic(`bin --version: ${cli(["--version"], install).ms.toFixed(0)} ms`);
  });

  test("init demo, then plan, test, check and report in demo", (t) => {
    const init = spawnSync("npx", ["--no-install", "ai-iam", "init", "demo", "--organization", "demo-org"], {
      cwd: install,
      encoding: "utf8",
      env: npmEnv,
    });
    assert.equal(init.status, 0, init.stderr);
    assert.ok(existsSync(join(demo, "iam", "org.yaml")));
    const plan = cli(["plan", "iam"], demo);
    assert.equal(plan.status, 0, plan.stderr);
    assert.match(plan.stdout, /Planning demo-org from iam/);
    const tests = cli(["test", "iam"], demo);
    assert.equal(tests.status, 0, tests.stdout + tests.stderr);
    assert.match(tests.stdout, /3 tests: 3 passed, 0 failed/);
    const check = cli(["check", "iam", "policies", "--fail-on", "security"], demo);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const report = cli(["report", "iam", "--out", "out/report.html"], demo);
    assert.equal(report.status, 0, report.stderr);
    assert.match(readFileSync(join(demo, "out", "report.html"), "utf8"), /^<!doctype html>/i);
    const one = cli(["check", "policies/datasets-bucket.json"], demo);
    assert.equal(one.status, 0, one.stderr);
    t.diagnostic(`check of one policy file: ${one.ms.toFixed(0)} ms; check of the spec: ${check.ms.toFixed(0)} ms`);
  });

  test("without the optional Pulumi peers, --program and start name the packages to install", () => {
    const install = /npm install --save-dev @pulumi\/pulumi@\S+ @pulumi\/aws@\S+/;
    // The scaffold's Pulumi program (Pulumi.yaml + index.ts) is a program to capture.
    const check = cli(["check", "--program", "."], demo);
    assert.equal(check.status, 2, check.stdout + check.stderr);
    assert.match(check.stderr, /capturing a Pulumi program \(--program\) needs @pulumi\/pulumi and @pulumi\/aws/);
    assert.match(check.stderr, install);
    assert.doesNotMatch(check.stderr, /ERR_MODULE_NOT_FOUND|Cannot find (module|package)|\n\s+at /);
    // start finds the package's own examples/seed from the user's folder, then needs the peers.
    const start = cli(["start"], demo);
    assert.equal(start.status, 2, start.stdout + start.stderr);
    assert.doesNotMatch(start.stderr, /is not a Pulumi program/);
    assert.match(start.stderr, /ai-iam start \(the seed program's preview\) needs @pulumi\/pulumi and @pulumi\/aws/);
    assert.match(start.stderr, install);
    assert.equal(start.stdout, "", "nothing on stdout before the error");
  });

  test("without the optional Z3 peer, whatever proves names z3-solver and its range (exit 2); the rest runs", () => {
    const range = (
      JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
        peerDependencies: Record<string, string>;
      }
    ).peerDependencies["z3-solver"];
    const installHint = `npm install --save-dev z3-solver@${range}`;
    const refuses = (args: string[], feature: string) => {
      const r = cli(args, demo);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
      assert.equal(r.stdout, "", `${args.join(" ")}: nothing on stdout`);
      assert.ok(
        r.stderr.includes(`${feature} needs z3-solver (the Z3 SMT solver), which is not installed`),
        `${args.join(" ")}: ${r.stderr}`,
      );
      assert.ok(r.stderr.includes(installHint), r.stderr);
      assert.doesNotMatch(r.stderr, /ERR_MODULE_NOT_FOUND|Cannot find (module|package)|internal error|\n\s+at /);
      assert.equal(r.stderr.match(/ error missing-peer-dependency:/g)?.length, 1, "one diagnostic");
      return r;
    };
    refuses(["prove", "iam"], "ai-iam prove");
    refuses(["diff", "iam", "iam", "--exact"], "ai-iam diff --exact");
    // The gate never falls back to sampling on its own; --no-exact is the explicit way to.
    const gate = refuses(["diff", "iam", "iam", "--fail-on-new-access"], "ai-iam diff --fail-on-new-access");
    assert.match(gate.stderr, /--no-exact/);
    const sampledGate = cli(["diff", "iam", "iam", "--fail-on-new-access", "--no-exact"], demo);
    assert.equal(sampledGate.status, 0, sampledGate.stdout + sampledGate.stderr);
    // A diff without the gate is sampled, as it always is: no solver, no note.
    const plain = cli(["diff", "iam", "iam"], demo);
    assert.equal(plain.status, 0, plain.stdout + plain.stderr);
    assert.doesNotMatch(plain.stderr, /z3-solver/);
    // A never test proves (one the solver must answer: the member may read part of the bucket); the
    // allow/deny tests of the scaffold ran above without Z3.
    const never = join(demo, "iam-never");
    mkdirSync(never, { recursive: true });
    for (const f of readdirSync(join(demo, "iam"))) {
      let text = readFileSync(join(demo, "iam", f), "utf8");
      const principal = /principal: (\S+)/.exec(text)?.[1];
      if (principal) {
        text += `  - principal: ${principal}\n    action: s3:GetObject\n    resource: "arn:aws:s3:::demo-org-datasets/*"\n    expect: never\n`;
      }
      writeFileSync(join(never, f), text);
    }
    refuses(["test", "iam-never"], "ai-iam test (expect: never/always tests)");
    // The library too: a prover function rejects with what to install, never answers "unknown".
    const script = join(demo, "prove-never.mjs");
    writeFileSync(
      script,
      'import { loadSpecModel, runExactTests } from "ai-iam";\n' +
        'const { model } = loadSpecModel("iam-never");\n' +
        "runExactTests(model, model.tests).then((r) => console.log(JSON.stringify(r)), (e) => { console.log(e.name + ': ' + e.message); process.exitCode = 3; });\n",
    );
    const library = spawnSync(process.execPath, [script], { cwd: demo, encoding: "utf8", env: npmEnv });
    assert.equal(library.status, 3, library.stdout + library.stderr);
    assert.match(
      library.stdout,
      /^MissingPeerError: proving \(the Z3 SMT solver\) needs z3-solver, which is not installed/,
    );
    assert.ok(library.stdout.includes(installHint), library.stdout);
  });
});

describe("the built CLI with the Pulumi peers (the repository's dist/)", () => {
  // An installed copy runs built JavaScript, which plain node cannot use to load the seed program's
  // TypeScript: start registers tsx's loaders first (the repository has the Pulumi peers installed).
  test("start previews the TypeScript seed program, plans and writes the report", () => {
    const out = join(tmp, "start", "report.html");
    const r = spawnSync(process.execPath, [join(REPO_ROOT, "dist", "cli", "bin.js"), "start", "--out", out], {
      cwd: REPO_ROOT,
      encoding: "utf8",
      env: npmEnv,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Previewing examples\/seed offline \(Pulumi mocks/);
    assert.match(r.stdout, /\$ ai-iam plan examples\/ai-platform/);
    assert.match(readFileSync(out, "utf8"), /^<!doctype html>/i);
  });
});
