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
});
