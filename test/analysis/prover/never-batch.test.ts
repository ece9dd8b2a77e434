import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  type ExactTestResult,
  exactTestUnits,
  NEVER_BATCH,
  runExactTests,
} from "../../../src/analysis/prover/tests.js";
import type { AccessTest } from "../../../src/model/types.js";
import { compiledModel } from "../../helpers/spec-access.js";

/**
 * `expect: never` tests of one principal, action and context are proven together first (issue 14:
 * a spec of 12,800 such tests was 12,800 solver questions, 40 s): proven, each passes; otherwise
 * the batch is halved down to the failing tests, each then proven as it would be alone. So every
 * test's result — pass, fail, unknown, its counterexample — is the one it gets asked on its own.
 */

const SPEC = [
  "version: 1",
  "organization: acme",
  'account: "123456789012"',
  "region: us-east-1",
  "identity: iam-users",
  "datasets:",
  "  d1: { bucket: acme-data, prefix: d1/ }",
  "  d2: { bucket: acme-data, prefix: d2/ }",
  "teams:",
  "  t:",
  "    activities: [bedrock]",
  "    datasets: { d1: read, d2: write }",
  "    members:",
  "      alice: data-scientist",
  "      bob: ml-engineer",
  "",
].join("\n");

function never(principal: string, action: string, resource: string, extra: Partial<AccessTest> = {}): AccessTest {
  return { principal, action, resource, expect: "never", ...extra };
}

/** Passing tests (other buckets) with failing ones (the team's own datasets) among them, and repeats. */
function tests(): AccessTest[] {
  const out: AccessTest[] = [];
  for (let i = 0; i < 40; i++) {
    out.push(never("t/alice", "s3:GetObject", `arn:aws:s3:::other-${i}/*`));
    if (i % 13 === 5) out.push(never("t/alice", "s3:GetObject", `arn:aws:s3:::acme-data/d1/k${i}`));
    if (i % 17 === 3) out.push(never("t/alice", "s3:GetObject", "arn:aws:s3:::acme-data/*"));
    if (i % 11 === 0) out.push(never("t/*", "s3:PutObject", `arn:aws:s3:::acme-data/d${(i % 3) + 1}/*`));
    if (i % 7 === 0) out.push(never("t/bob", "s3:PutObject", `arn:aws:s3:::other-${i}/*`));
  }
  out.push(never("t/alice", "s3:GetObject", "arn:aws:s3:::other-1/*"));
  out.push(never("t/alice", "s3:GetObject", "arn:aws:s3:::acme-data/d1/k5"));
  out.push(
    never("t/alice", "s3:GetObject", "arn:aws:s3:::other-2/*", { context: { "aws:RequestedRegion": "eu-west-1" } }),
  );
  out.push(never("t/nobody", "s3:GetObject", "arn:aws:s3:::other-2/*"));
  out.push({ principal: "t/alice", action: "s3:GetObject", resource: "arn:aws:s3:::acme-data/d1/*", expect: "always" });
  return out;
}

describe("never tests proven in batches", () => {
  it("groups the never tests of one principal, action and context into units", () => {
    const model = compiledModel(SPEC);
    const list = tests();
    const units = exactTestUnits(model, list);
    // Every never/always test once, in units whose tests share principal, action and context.
    assert.deepEqual(
      units.flat().sort((a, b) => a - b),
      list.map((_, i) => i),
    );
    const first = units.find((u) => u.includes(0))!;
    assert.ok(first.length > 40, `the alice s3:GetObject tests are one unit (${first.length})`);
    for (const u of units) {
      const keys = new Set(u.map((i) => JSON.stringify([list[i].principal, list[i].action, list[i].context ?? {}])));
      assert.equal(keys.size, 1, JSON.stringify(u));
    }
    const many = Array.from({ length: NEVER_BATCH + 5 }, (_, i) =>
      never("t/alice", "s3:GetObject", `arn:aws:s3:::b${i}`),
    );
    assert.deepEqual(
      exactTestUnits(model, many).map((u) => u.length),
      [NEVER_BATCH, 5],
    );
  });

  it("gives each test the result it gets on its own: pass, fail with its counterexample, unknown", async () => {
    const model = compiledModel(SPEC);
    const list = tests();
    const alone: ExactTestResult[] = [];
    for (const t of list) alone.push(...(await runExactTests(model, [t], { timeoutMs: 60_000 })));
    const counts = { proven: 0, violated: 0, unknown: 0 };
    for (const r of alone) counts[r.status]++;
    assert.ok(counts.proven > 30 && counts.violated >= 5 && counts.unknown >= 1, JSON.stringify(counts));
    for (const batch of [undefined, 3]) {
      const together = await runExactTests(model, list, { timeoutMs: 60_000, ...(batch ? { batch } : {}) });
      assert.equal(together.length, alone.length);
      together.forEach((r, i) => {
        assert.equal(r.test, list[i]);
        assert.deepEqual(r, alone[i], `test ${i}: ${JSON.stringify(list[i])}`);
      });
    }
  });
});
