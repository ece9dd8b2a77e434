/**
 * `diff --fail-on-new-access` and `test`'s never tests over worker threads (`--jobs 2`): the same
 * bytes as one thread. (Split from jobs-merge-cli.test.ts: each file runs the solver on the
 * example several times, and a file must finish within the runner's per-file timeout.)
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { jobsFixtures } from "./jobs-fixtures.js";

const { cli, MUTATED, LOOSENED } = jobsFixtures();

describe("diff and test --jobs: the same output for any number of threads", () => {
  test("diff --fail-on-new-access --jobs 2: the exact JSON of --jobs 1, byte for byte", { timeout: 900_000 }, () => {
    const args = ["diff", "examples/ai-platform", LOOSENED, "--fail-on-new-access", "--quiet", "--format", "json"];
    const one = cli(...args, "--jobs", "1");
    assert.equal(one.status, 1, one.stderr);
    const exact = (JSON.parse(one.stdout) as { exact: { status: string; principals: unknown[] } }).exact;
    assert.equal(exact.status, "violated");
    assert.ok(exact.principals.length >= 2, "several principals proven");
    assert.ok(!one.stdout.includes('"ms"'), "no wall times in the JSON");
    const two = cli(...args, "--jobs", "2");
    assert.equal(two.status, 1, two.stderr);
    assert.equal(two.stdout, one.stdout);
  });

  test("test --jobs 2: never tests, one violated, the same output as --jobs 1", { timeout: 900_000 }, () => {
    const one = cli("test", MUTATED, "--jobs", "1");
    assert.equal(one.status, 1, one.stderr);
    assert.match(one.stdout, /FAIL .*nlp\/\*\s+s3:PutObject/);
    const two = cli("test", MUTATED, "--jobs", "2");
    assert.equal(two.status, 1, two.stderr);
    assert.equal(two.stdout, one.stdout);
  });
});
