/**
 * `prove --jobs N` on the example, where every property holds: the same text for one thread and
 * two. (Split from jobs-merge-cli.test.ts so that each file stays well within the runner's
 * per-file timeout on a loaded machine.)
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { jobsFixtures } from "./jobs-fixtures.js";

const { cli } = jobsFixtures();

describe("prove --jobs on the example: the same report for any number of threads", () => {
  test("the example (all proven): text, --jobs 1 and --jobs 2 byte-identical", { timeout: 900_000 }, () => {
    const one = cli("prove", "examples/ai-platform", "--quiet", "--jobs", "1");
    const two = cli("prove", "examples/ai-platform", "--quiet", "--jobs", "2");
    assert.equal(one.status, 0, one.stderr);
    assert.equal(two.status, 0, two.stderr);
    assert.match(one.stdout, /^(\d+) properties: \1 proven, 0 violated, 0 unknown\./);
    assert.equal(two.stdout, one.stdout);
  });
});
