/**
 * The fuzz harness: runs a target's generated inputs through fast-check and asserts what every
 * input must give whatever its content — no exception but `DiagnosticsError` (targets add their
 * own assertions, such as CLI exit codes 0/1/2). With `measure`, it also times each input and
 * records the process's peak memory, and fails an input over the limits (issue 14: ≤ 1 MB in,
 * < 2 s, < 500 MB). CI runs a few hundred cases without limits (`fuzz.test.ts`); `npm run fuzz`
 * runs thousands with them.
 */
import fc from "fast-check";
import { DiagnosticsError } from "../../../src/diagnostics/index.js";

export interface FuzzTarget<T> {
  name: string;
  arbitrary: fc.Arbitrary<T>;
  /** Size of an input in bytes (inputs over 1 MB are skipped: the limits are stated for ≤ 1 MB). */
  size(input: T): number;
  /** Runs one input. May throw `DiagnosticsError`; anything else fails the case. */
  run(input: T): void | Promise<void>;
}

export interface FuzzOptions {
  numRuns: number;
  seed?: number;
  /** Time and memory limits per input. */
  measure?: boolean;
  maxMs?: number;
  maxRssBytes?: number;
}

export interface FuzzStats {
  target: string;
  cases: number;
  maxMs: number;
  /** Size of the slowest input. */
  slowestBytes: number;
  largestBytes: number;
  /** Peak resident memory of the process while the target ran. */
  peakRssBytes: number;
}

export const MAX_INPUT_BYTES = 1024 * 1024;

/** Runs a target; throws (with fast-check's shrunk counterexample) on a failing input. */
export async function runTarget<T>(target: FuzzTarget<T>, opts: FuzzOptions): Promise<FuzzStats> {
  const maxMs = opts.maxMs ?? 2000;
  const maxRss = opts.maxRssBytes ?? 500 * 1024 * 1024;
  const stats: FuzzStats = {
    target: target.name,
    cases: 0,
    maxMs: 0,
    slowestBytes: 0,
    largestBytes: 0,
    peakRssBytes: 0,
  };
  const property = fc.asyncProperty(target.arbitrary, async (input) => {
    const bytes = target.size(input);
    if (bytes > MAX_INPUT_BYTES) return;
    // A full collection first (with --expose-gc, as `npm run fuzz` runs): the peak is then this input's.
    if (opts.measure) (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    try {
      await target.run(input);
    } catch (e) {
      if (!(e instanceof DiagnosticsError)) throw e;
    }
    const ms = performance.now() - t0;
    stats.cases++;
    stats.largestBytes = Math.max(stats.largestBytes, bytes);
    if (ms > stats.maxMs) {
      stats.maxMs = ms;
      stats.slowestBytes = bytes;
    }
    // maxRSS is the process's high-water mark (kilobytes): it catches a peak inside the run.
    const rss = process.resourceUsage().maxRSS * 1024;
    stats.peakRssBytes = Math.max(stats.peakRssBytes, rss);
    if (opts.measure) {
      if (ms > maxMs)
        throw new Error(`${target.name}: ${Math.round(ms)} ms on a ${bytes}-byte input (limit ${maxMs} ms)`);
      if (rss > maxRss)
        throw new Error(`${target.name}: peak memory ${Math.round(rss / 2 ** 20)} MB (limit ${maxRss / 2 ** 20} MB)`);
    }
  });
  await fc.assert(property, {
    numRuns: opts.numRuns,
    seed: opts.seed,
    endOnFailure: opts.measure,
    includeErrorInReport: true,
  });
  return stats;
}

/** Bytes of a text as UTF-8. */
export function bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * A text with a few random edits (insert, delete, replace a short run): malformed input close to
 * valid input reaches deeper than random bytes do.
 */
export function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc
    .tuple(
      base,
      fc.array(
        fc.tuple(
          fc.nat(),
          fc.constantFrom("insert", "delete", "replace"),
          fc.oneof(
            fc.string({ maxLength: 4 }),
            fc.constantFrom("{", "}", "[", "]", '"', ":", ",", "\\", "\n", "&a", "*a", "- "),
          ),
        ),
        { minLength: 1, maxLength: 4 },
      ),
    )
    .map(([text, edits]) => {
      let t = text;
      for (const [at, op, s] of edits) {
        const i = at % (t.length + 1);
        if (op === "insert") t = t.slice(0, i) + s + t.slice(i);
        else if (op === "delete") t = t.slice(0, i) + t.slice(i + 1 + (s.length % 3));
        else t = t.slice(0, i) + s + t.slice(i + s.length);
      }
      return t;
    });
}

/** Names that resolve through `Object.prototype` when used as keys of a plain object. */
export const PROTO_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype"];

/**
 * A JSON-like tree whose object keys may be any string, `__proto__` included (serialized by hand:
 * building a JavaScript object would lose such keys).
 */
export type Tree = string | number | boolean | null | Tree[] | { entries: Array<[string, Tree]> };

export function toJson(t: Tree): string {
  if (t === null || typeof t !== "object") return JSON.stringify(t) ?? "null";
  if (Array.isArray(t)) return `[${t.map(toJson).join(",")}]`;
  return `{${t.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(",")}}`;
}

/** The tree as a plain object, keys set with defineProperty (so `__proto__` stays an own key). */
export function toValue(t: Tree): unknown {
  if (t === null || typeof t !== "object") return t;
  if (Array.isArray(t)) return t.map(toValue);
  const o: Record<string, unknown> = {};
  for (const [k, v] of t.entries) {
    Object.defineProperty(o, k, { value: toValue(v), enumerable: true, writable: true, configurable: true });
  }
  return o;
}

/** A tree whose leaves come from `leaf` and whose keys from `key`. */
export function tree(key: fc.Arbitrary<string>, leaf: fc.Arbitrary<Tree>, maxDepth = 4): fc.Arbitrary<Tree> {
  const { node } = fc.letrec<{ node: Tree }>((tie) => ({
    node: fc.oneof(
      { maxDepth, depthIdentifier: "tree" },
      leaf,
      fc.array(tie("node"), { maxLength: 4 }),
      fc.array(fc.tuple(key, tie("node")), { maxLength: 5 }).map((entries) => ({ entries })),
    ),
  }));
  return node;
}
