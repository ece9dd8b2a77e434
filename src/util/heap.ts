/**
 * Keeping a long analysis's heap near what it really holds.
 *
 * V8 lets the heap grow to several times its live size between major collections when the machine
 * has memory to spare (its limit is derived from the machine's memory, ~4 GiB here): a diff over a
 * thousand principals that holds ~200 MB of live data reached 840 MB of heap, and a process's peak
 * RSS is what CI runners and users see. The limit cannot be changed once the process runs
 * (`--max-old-space-size` is read when the heap is set up), and a hard limit would turn a large
 * input into an out-of-memory crash. So loops that work unit by unit (one principal, one test)
 * call `relieveHeap()` between units: when the heap has grown `headroom` past what the last
 * collection left, it collects. Nothing is ever refused; an input whose live data is large simply
 * collects less often (the threshold follows the live size).
 *
 * The collector is reached through `--expose-gc` set at run time and read from a fresh context,
 * the documented way to get `gc` without the command-line flag (Node.js "v8.setFlagsFromString").
 * If that is not possible, `relieveHeap` does nothing.
 */
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

const MB = 1024 * 1024;

/** Heap growth allowed past the last collection's live size before collecting again. */
const HEADROOM = 160 * MB;
/** Never collect below this heap size: short runs pay nothing. */
const FLOOR = 256 * MB;

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
  threshold = Math.max(FLOOR, getHeapStatistics().used_heap_size + HEADROOM);
}

/** How many collections `relieveHeap` has made in this thread (for tests and benchmarks). */
export function relievedCollections(): number {
  return collections;
}
