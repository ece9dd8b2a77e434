import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import {
  boundedEditDistance,
  closest,
  closestNames,
  didYouMean,
  NameList,
} from "../../src/diagnostics/did-you-mean.js";

/** Optimal string alignment distance, the full table (the reference). */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

test("the bounded distance is the full distance, capped at max + 1 (property)", () => {
  const word = fc.string({ unit: fc.constantFrom("a", "b", "c"), maxLength: 9 });
  fc.assert(
    fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
      assert.equal(boundedEditDistance(a, b, max), Math.min(osa(a, b), max + 1));
    }),
    { numRuns: 3000 },
  );
});

test("suggestions: typos, swaps and case; nothing for unrelated or hostile names", () => {
  assert.equal(closest("us-wset-2", ["us-east-1", "us-west-2", "eu-west-1"]), "us-west-2");
  assert.equal(closest("iam-user-for-humans", ["iam-user-for-human", "star-resource"]), "iam-user-for-human");
  assert.equal(closest("ALICE", ["alice", "bob"]), "alice");
  assert.equal(closest("zzzzzz", ["alice", "bob"]), undefined);
  assert.equal(didYouMean("sagemkaer", ["sagemaker", "s3"]), 'did you mean "sagemaker"?');
  assert.equal(didYouMean("x", ["a", "b"], 2), 'did you mean "a" or "b"?');
  const t0 = performance.now();
  assert.equal(
    closest(
      "a".repeat(1_000_000),
      Array.from({ length: 1000 }, (_, i) => `name-${i}`),
    ),
    undefined,
  );
  assert.ok(performance.now() - t0 < 60_000); // a bound against hangs only
});

test("a NameList (candidates prepared once) suggests what the plain list does", () => {
  const names = ["Training", "inference", "notebooks", "models", "datasets"];
  const list = new NameList(names);
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), (name) => {
      assert.deepEqual(closestNames(name, list, 3), closestNames(name, names, 3));
    }),
  );
  assert.equal(didYouMean("trainin", list), 'did you mean "Training"?');
});

test("the distance is the same after a long name and a short one (rows reused between calls)", () => {
  const long = "x".repeat(5_000);
  assert.equal(boundedEditDistance(long, `${long}y`, 3), 1);
  assert.equal(boundedEditDistance("abcd", "abdc", 2), 1);
  assert.equal(boundedEditDistance("kitten", "sitting", 3), 3);
  assert.equal(boundedEditDistance(long, `${"x".repeat(4_999)}yz`, 3), 2);
});
