/**
 * Keeping a long analysis's heap near what it really holds.
 *
 * V8 lets the heap grow to several times its live size between major collections when the machine
 * has memory to spare (its limit is derived from the machine's memory, ~4 GiB here): a diff over a
 * thousand principals that holds ~200 MB of live data reached 840 MB of heap, and a process's peak
 * RSS is what CI runners and users see. The limit cannot be changed once the process runs
 * (`--max-old-space-size` is read when the heap is set up), and a hard limit would turn a large
 * input into an out-of-memory crash. So loops that work unit by unit (one principal, one test,
 * one solver query) call `relieveHeap()` between units: when the heap has grown past what the last
 * collection left by half of it (at least `MIN_HEADROOM`), it collects. Nothing is ever refused;
 * an input whose live data is large simply collects less often (the threshold follows the live
 * size). The growth allowed is what decides the peak: 160 MB of fixed headroom over a 130 MB live
 * heap held ~300 MB during a proof; half the live size holds ~200 MB, for one full collection
 * (~0.1–0.3 s) every few seconds of proving.
 *
 * The collector is reached through `--expose-gc` set at run time and read from a fresh context,
 * the documented way to get `gc` without the command-line flag (Node.js "v8.setFlagsFromString").
 * If that is not possible, `relieveHeap` does nothing.
 */
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const MB = 1024 * 1024;

/** Heap growth allowed past the last collection's live size before collecting again: this share of it, */
const HEADROOM_SHARE = 0.5;
/** and at least this much (a small live heap would otherwise be collected too often). */
const MIN_HEADROOM = 32 * MB;
/** Never collect below this heap size: short runs pay nothing. */
const FLOOR = 64 * MB;

let collect: (() => void) | null | undefined;
let threshold = FLOOR;
let collections = 0;

function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      setFlagsFromString("--expose-gc");
      const gc = runInNewContext("gc") as unknown;
      collect = typeof gc === "function" ? (gc as () => void) : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Collects when the heap has outgrown the last live size by the headroom; cheap otherwise. */
export function relieveHeap(): void {
  const used = getHeapStatistics().used_heap_size;
  if (used < threshold) return;
  const gc = collector();
  if (!gc) {
    threshold = Number.POSITIVE_INFINITY;
    return;
  }
  gc();
  collections++;
  const live = getHeapStatistics().used_heap_size;
  threshold = Math.max(FLOOR, live + Math.max(MIN_HEADROOM, live * HEADROOM_SHARE));
}

/** How many collections `relieveHeap` has made in this thread (for tests and benchmarks). */
export function relievedCollections(): number {
  return collections;
}
