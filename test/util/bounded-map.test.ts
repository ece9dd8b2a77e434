import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { BoundedMap } from "../../src/util/bounded-map.js";

describe("BoundedMap", () => {
  test("keeps at most `limit` entries, dropping the least recently used", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1).set("b", 2);
    assert.equal(m.get("a"), 1); // a is now the most recent
    m.set("c", 3);
    assert.equal(m.size, 2);
    assert.equal(m.has("b"), false);
    assert.deepEqual([m.get("a"), m.get("c")], [1, 3]);
  });

  test("updating a key does not evict another; getOrCompute computes once", () => {
    const m = new BoundedMap<string, number>(2);
    m.set("a", 1).set("b", 2).set("a", 3);
    assert.deepEqual([m.get("a"), m.get("b")], [3, 2]);
    let calls = 0;
    const f = () => ++calls;
    m.getOrCompute("x", f);
    m.getOrCompute("x", f);
    assert.equal(calls, 1);
    assert.throws(() => new BoundedMap(0), RangeError);
  });

  test("a million distinct keys stay within the limit", () => {
    const m = new BoundedMap<number, number>(1000);
    for (let i = 0; i < 1_000_000; i++) m.set(i, i);
    assert.equal(m.size, 1000);
    assert.equal(m.get(999_999), 999_999);
    assert.equal(m.get(0), undefined);
  });

  test("matches a reference LRU on random operations", () => {
    let seed = 14;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (const limit of [1, 2, 3, 7]) {
      const m = new BoundedMap<number, number>(limit);
      let ref: Array<[number, number]> = []; // least recently used first
      for (let i = 0; i < 5000; i++) {
        const k = rand(12);
        const op = rand(4);
        if (op === 0) {
          const j = ref.findIndex(([x]) => x === k);
          const want = j < 0 ? undefined : ref[j][1];
          if (j >= 0) ref = [...ref.slice(0, j), ...ref.slice(j + 1), ref[j]];
          assert.equal(m.get(k), want);
        } else if (op === 3) {
          assert.equal(
            m.has(k),
            ref.some(([x]) => x === k),
          );
        } else {
          const j = ref.findIndex(([x]) => x === k);
          if (j >= 0) ref.splice(j, 1);
          else if (ref.length >= limit) ref.shift();
          ref.push([k, i]);
          m.set(k, i);
        }
        assert.equal(m.size, ref.length);
      }
      m.clear();
      assert.equal(m.size, 0);
      assert.equal(m.get(ref[0]?.[0] ?? 0), undefined);
    }
  });

  test("keys read once each, more than the limit, cost a constant per read (no deleted slots walked)", () => {
    // 2,000 roles checked asked 500,000 such questions of a 65,536-entry map: 29 s before.
    const m = new BoundedMap<string, boolean>(65_536);
    const keys = Array.from({ length: 100_000 }, (_, i) => `iam:PassRole|arn:aws:iam::123456789012:role/r${i}`);
    const t0 = process.cpuUsage();
    for (let round = 0; round < 4; round++) for (const k of keys) if (m.get(k) === undefined) m.set(k, true);
    const used = process.cpuUsage(t0);
    const ms = (used.user + used.system) / 1000;
    assert.equal(m.size, 65_536);
    // Linear: about 0.1 s; the walk over deleted slots took 5 s of CPU and more.
    assert.ok(ms < 1_500, `${ms.toFixed(0)} ms of CPU`);
  });
});
