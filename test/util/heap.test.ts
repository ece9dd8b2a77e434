import assert from "node:assert/strict";
import { test } from "node:test";
import { getHeapStatistics } from "node:v8";
import { relievedCollections, relieveHeap } from "../../src/util/heap.js";

test("relieveHeap does nothing while the heap is small", () => {
  const before = relievedCollections();
  assert.ok(getHeapStatistics().used_heap_size < 64 * 1024 * 1024, "a fresh test process has a heap below the floor");
  relieveHeap();
  assert.equal(relievedCollections(), before);
});

test("relieveHeap collects once the heap has grown past its threshold, and the heap shrinks", () => {
  const before = relievedCollections();
  // Live data past the threshold (at most 128 MB before any collection), then dropped: garbage the collection can free.
  let keep: unknown[][] = [];
  while (getHeapStatistics().used_heap_size < 320 * 1024 * 1024) {
    keep.push(Array.from({ length: 500_000 }, (_, j) => ({ j, s: `x${j}` })));
  }
  assert.ok(keep.length > 0);
  keep = [];
  const grown = getHeapStatistics().used_heap_size;
  relieveHeap();
  assert.ok(grown >= 128 * 1024 * 1024);
  assert.equal(relievedCollections(), before + 1);
  assert.ok(getHeapStatistics().used_heap_size < grown, "the collection freed the garbage");
  // Right after a collection the threshold is above the live size: no second collection.
  relieveHeap();
  assert.equal(relievedCollections(), before + 1);
});
