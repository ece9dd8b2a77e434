/**
 * What the prover's CLI tests (`--jobs`, `--shard`, `merge`) share: a temporary copy of the example with nlp's artifacts prefix
 * widened to the whole bucket (isolation violated, plus two never tests, one violated), a copy with
 * one more allowed region (new access for every principal), and the CLI from source.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";

export function jobsFixtures() {
  const tmp = mkdtempSync(join(tmpdir(), "ai-iam-jobs-"));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /** The CLI; the solver gets a generous timeout (a loaded machine must not turn proven into unknown). */
  function cli(...args: string[]) {
    const timeout = args[0] === "merge" ? [] : ["--query-timeout", "60000"];
    return spawnSync(
      process.execPath,
      ["--import", "tsx", join(process.cwd(), "src/cli/bin.ts"), ...args, ...timeout],
      {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
  }

  /** The example with nlp's artifacts prefix widened to the whole bucket: isolation is violated. */
  const MUTATED = join(tmp, "mutated");
  cpSync("examples/ai-platform", MUTATED, { recursive: true });
  const org = readFileSync(join(MUTATED, "org.yaml"), "utf8");
  const widened = org.replace(
    "nlp-artifacts: { bucket: acme-ai-artifacts, prefix: nlp/ }",
    'nlp-artifacts: { bucket: acme-ai-artifacts, prefix: "" }',
  );
  assert.notEqual(widened, org, "the mutation applies");
  writeFileSync(join(MUTATED, "org.yaml"), widened);
  // Never tests: the first holds, the second is violated by the widened prefix.
  const neverTests = [
    '  - { principal: "nlp/*", action: "s3:*", resource: "arn:aws:s3:::acme-ai-datasets/imagenet/*", expect: never }',
    '  - { principal: "nlp/*", action: "s3:PutObject", resource: "arn:aws:s3:::acme-ai-artifacts/vision/*", expect: never }',
    "",
  ].join("\n");
  writeFileSync(join(MUTATED, "nlp.yaml"), `${readFileSync(join(MUTATED, "nlp.yaml"), "utf8")}${neverTests}`);

  /** The example with one more allowed region: new access for every principal. */
  const LOOSENED = join(tmp, "loosened");
  cpSync("examples/ai-platform", LOOSENED, { recursive: true });
  const regions = org.replace(
    "allowedRegions: [us-east-1, us-west-2]",
    "allowedRegions: [us-east-1, us-west-2, eu-west-1]",
  );
  assert.notEqual(regions, org, "the region edit applies");
  writeFileSync(join(LOOSENED, "org.yaml"), regions);
  return { tmp, cli, MUTATED, LOOSENED };
}
