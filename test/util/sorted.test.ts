import assert from "node:assert/strict";
import { test } from "node:test";
import { firstNotBelow } from "../../src/util/sorted.js";
import { Random } from "../helpers/random.js";

test("firstNotBelow: the first index a linear scan finds not below, on sorted strings with repeats", () => {
  const r = new Random(31);
  for (let round = 0; round < 500; round++) {
    const sorted = Array.from(
      { length: r.int(20) },
      () => "abc".slice(0, r.int(4)) + r.pick(["", "a", "b", "z"]),
    ).sort();
    const s = r.pick(["", "a", "ab", "abz", "b", "c", "zz", ...sorted]);
    const scan = sorted.findIndex((x) => !(x < s));
    assert.equal(
      firstNotBelow(sorted.length, (i) => sorted[i] < s),
      scan === -1 ? sorted.length : scan,
      `round ${round}`,
    );
  }
  assert.equal(
    firstNotBelow(0, () => assert.fail("asked of an empty range")),
    0,
  );
});
