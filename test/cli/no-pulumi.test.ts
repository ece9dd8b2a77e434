import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { main } from "../../src/cli/main.js";
import { captureOutput } from "../helpers/capture-output.js";

// Importing @pulumi/aws costs about a second, so commands that do not deploy must never load
// @pulumi/*. @pulumi/pulumi and @pulumi/aws are CommonJS: whatever loads them, even from ESM,
// lands in require.cache, which this process (one test file = one process) starts without.
// Which folders may import @pulumi/* at all is test/architecture/layers.test.ts's concern.
const require = createRequire(import.meta.url);

function pulumiModulesLoaded(): string[] {
  return Object.keys(require.cache).filter((k) => k.includes(`${"/node_modules/"}@pulumi/`));
}

/** Run the CLI in-process with its text captured (stderr is returned for assertion messages). */
async function run(argv: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { result: code, stderr } = await captureOutput(() => main(argv));
    return { code, stderr };
  } finally {
    process.exitCode = undefined;
  }
}

test("the package root (the library API) loads no @pulumi/* module", async () => {
  const api = await import("../../src/index.js");
  assert.equal(typeof api.policySetForPrincipal, "function");
  assert.equal(typeof api.createEvaluator, "function");
  assert.deepEqual(pulumiModulesLoaded(), []);
});

test("explain, check, plan, test, simulate, who-can, can and matrix load no @pulumi/* module", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-no-pulumi-"));
  const policy = join(dir, "policy.json");
  writeFileSync(
    policy,
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
    }),
  );
  const spec = "examples/ai-platform";
  const runs: string[][] = [
    ["explain", "s3:GetObject"],
    ["check", policy],
    ["check", spec, "--fail-on", "never"],
    ["plan", spec, "--format", "json"],
    ["test", spec],
    ["simulate", spec, "--principal", "vision/alice", "--action", "s3:GetObject", "--resource", "arn:aws:s3:::x/y"],
    ["who-can", spec, "--action", "s3:GetObject", "--resource", "arn:aws:s3:::acme-ai-datasets/imagenet/a"],
    ["can", spec, "--principal", "nlp/carol", "--service", "s3"],
    ["matrix", spec, "--format", "csv"],
  ];
  for (const argv of runs) {
    const { code, stderr } = await run(argv);
    assert.ok(code === 0 || code === 1, `${argv.join(" ")} exited ${code}: ${stderr}`);
    assert.deepEqual(pulumiModulesLoaded(), [], `after ${argv.join(" ")}`);
  }
  // The probe can fail: capturing a program does load Pulumi.
  const probe = await run(["check", "--program", "examples/seed", "--fail-on", "never"]);
  assert.equal(probe.code, 0, probe.stderr);
  assert.ok(pulumiModulesLoaded().length > 0, "--program loads @pulumi/* (so the probe above can see it)");
});
