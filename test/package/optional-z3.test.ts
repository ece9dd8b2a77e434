/**
 * z3-solver is an optional peer dependency: only proving loads it. Commands that do not prove run
 * in this process (one test file = one process, which starts without it) and must leave it out of
 * require.cache and never start the solver; a `never` test, which proves, shows the probe can see
 * it. (What proving says when z3-solver is not installed at all is tested from the installed
 * tarball, in package.test.ts.)
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { solverStarted } from "../../src/analysis/prover/index.js";
import { main } from "../../src/cli/main.js";
import { captureOutput } from "../helpers/capture-output.js";

const require = createRequire(import.meta.url);
const tmp = mkdtempSync(join(tmpdir(), "ai-iam-optional-z3-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

function z3Loaded(): string[] {
  return Object.keys(require.cache).filter((k) => k.includes("/node_modules/z3-solver/"));
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { result: code, stdout, stderr } = await captureOutput(() => main(argv));
    return { code, stdout, stderr };
  } finally {
    process.exitCode = undefined;
  }
}

test("check, plan, simulate, report, test of allow/deny tests and a diff without the gate never load Z3", async () => {
  const spec = "examples/ai-platform-single.yaml";
  const policy = join(tmp, "policy.json");
  writeFileSync(
    policy,
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
    }),
  );
  const runs: string[][] = [
    ["--version"],
    ["check", policy],
    ["check", spec, "--fail-on", "never"],
    ["plan", spec, "--format", "json"],
    ["test", spec],
    ["simulate", spec, "--principal", "vision/alice", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::x/y"],
    ["report", spec, "--out", join(tmp, "report.html")],
    ["diff", spec, "examples/ai-platform"],
    ["diff", spec, "examples/ai-platform", "--fail-on-new-access", "--no-exact", "--quiet"],
  ];
  for (const argv of runs) {
    const { code, stderr } = await run(argv);
    assert.ok(code === 0 || code === 1, `${argv.join(" ")} exited ${code}: ${stderr}`);
    assert.deepEqual(z3Loaded(), [], `after ${argv.join(" ")}`);
    assert.equal(solverStarted(), false, `after ${argv.join(" ")}`);
  }
  // The probe: a never test the solver must answer (alice may read imagenet: violated)
  // loads z3-solver, so the checks above can see it.
  const never = join(tmp, "never.yaml");
  writeFileSync(
    never,
    `${readFileSync(spec, "utf8").trimEnd()}\n  - principal: vision/alice\n    action: s3:GetObject\n    resource: "arn:aws:s3:::acme-ai-datasets/imagenet/*"\n    expect: never\n`,
  );
  const proved = await run(["test", never]);
  assert.equal(proved.code, 1, proved.stdout + proved.stderr); // alice may: violated, with a request
  assert.ok(solverStarted(), "a never test starts the solver");
  assert.ok(z3Loaded().length > 0, "a never test loads z3-solver");
});
