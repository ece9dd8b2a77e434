import { firstNotBelow } from "../util/sorted.js";
import type { SourcePosition } from "./types.js";

/**
 * Positions in valid JSON text, found on demand by JSON pointer: what a `LazySourceMap` answers
 * `get` with before (and instead of) building a map of every value. A finding asks for a few
 * paths; building the whole map costs a string, an object and a map entry per value (a 6 MB policy
 * has about half a million). Here, one linear scan of the text records where each container
 * (object or array) ends and where each line starts, in two flat arrays; a lookup then walks the
 * pointer from the root, jumping over every sibling value in one step. The children of a container
 * are listed once, on its first visit (their offsets in a typed array, an object's keys in a map),
 * so a lookup costs one step per segment, however many siblings there are.
 *
 * The text must be valid JSON (the native parser accepted it); positions are those the position
 * parser records: the value's first character, and for an object member its key's opening quote.
 */
export class JsonPositionIndex {
  /** Offsets where lines start (the first is past a byte-order mark). */
  private readonly lineStarts: number[];
  /**
   * Containers' opening offsets, ascending, and the offset just past each one's closing bracket:
   * the first `count` entries. Small to start with (a typed array of up to 64 bytes lives on V8's
   * heap; a larger one, or a view of one, costs an off-heap buffer: microseconds for each of
   * thousands of small files), doubled as needed, never cut to size (a view would need the buffer).
   */
  private readonly opens: Int32Array;
  private readonly ends: Int32Array;
  private readonly count: number;
  /** Each visited container's children: array elements' offsets, or object members. */
  private readonly children = new Map<number, Int32Array | ObjectMembers>();
  private readonly root: number;

  constructor(private readonly text: string) {
    const t = text;
    const n = t.length;
    const start = t.charCodeAt(0) === 0xfeff ? 1 : 0;
    const lineStarts = [start];
    let opens = new Int32Array(8);
    let ends = new Int32Array(8);
    let count = 0;
    const stack: number[] = [];
    for (let p = start; p < n; p++) {
      const c = t.charCodeAt(p);
      if (c === 34) {
        p = stringEnd(t, p) - 1;
      } else if (c === 123 || c === 91) {
        if (count === opens.length) {
          const o = new Int32Array(count * 2);
          o.set(opens);
          opens = o;
          const e = new Int32Array(count * 2);
          e.set(ends);
          ends = e;
        }
        opens[count] = p;
        stack.push(count++);
      } else if (c === 125 || c === 93) {
        const i = stack.pop();
        if (i !== undefined) ends[i] = p + 1;
      } else if (c === 10) lineStarts.push(p + 1);
    }
    this.lineStarts = lineStarts;
    this.opens = opens;
    this.ends = ends;
    this.count = count;
    this.root = skipWs(t, start);
  }

  /** The position of the value at `pointer`, or undefined when there is none. */
  get(pointer: string): SourcePosition | undefined {
    if (pointer !== "" && pointer.charCodeAt(0) !== 47) return undefined;
    let at = this.root;
    let keyAt = -1;
    let i = 0;
    const p = pointer;
    while (i < p.length) {
      let j = p.indexOf("/", i + 1);
      if (j < 0) j = p.length;
      const raw = p.slice(i + 1, j);
      // RFC 6901: `~` only as `~0` or `~1`; the map holds escaped pointers only, so `/~` names nothing.
      if (raw.includes("~") && /~(?![01])/.test(raw)) return undefined;
      const segment = raw.includes("~") ? raw.replace(/~1/g, "/").replace(/~0/g, "~") : raw;
      i = j;
      const c = this.text.charCodeAt(at);
      if (c === 91) {
        if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
        const elements = this.elements(at);
        const index = Number(segment);
        if (index >= elements.length) return undefined;
        at = elements[index];
        keyAt = -1;
      } else if (c === 123) {
        const members = this.members(at);
        const m = members.index.get(segment);
        if (m === undefined) return undefined;
        at = members.offsets[m * 2 + 1];
        keyAt = members.offsets[m * 2];
      } else return undefined;
    }
    // Built property by property: a spread followed by another property takes V8's slow path (a
    // finding on each of 5,000 small files paid more for this literal than for the lookup).
    const lc = this.lineColumn(at);
    const pos: SourcePosition = { line: lc.line, column: lc.column, offset: at };
    if (keyAt >= 0) {
      const k = this.lineColumn(keyAt);
      pos.keyLine = k.line;
      pos.keyColumn = k.column;
    }
    return pos;
  }

  private lineColumn(offset: number): { line: number; column: number } {
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (ls[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - ls[lo] + 1 };
  }

  /** The offset just past the value starting at `at`. */
  private valueEnd(at: number): number {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === 34) return stringEnd(t, at);
    if (c === 123 || c === 91) {
      // The container opening at `at` (the last one, if none opens later).
      const o = this.opens;
      return this.ends[firstNotBelow(this.count - 1, (k) => o[k] < at)];
    }
    let p = at;
    for (;;) {
      const d = t.charCodeAt(p);
      if (d === 44 || d === 125 || d === 93 || d === 32 || d === 9 || d === 10 || d === 13 || Number.isNaN(d)) return p;
      p++;
    }
  }

  private elements(at: number): Int32Array {
    const done = this.children.get(at);
    if (done) return done as Int32Array;
    const t = this.text;
    const out: number[] = [];
    let p = skipWs(t, at + 1);
    if (t.charCodeAt(p) !== 93) {
      for (;;) {
        out.push(p);
        p = skipWs(t, this.valueEnd(p));
        if (t.charCodeAt(p) !== 44) break;
        p = skipWs(t, p + 1);
      }
    }
    const list = Int32Array.from(out);
    this.children.set(at, list);
    return list;
  }

  private members(at: number): ObjectMembers {
    const done = this.children.get(at);
    if (done) return done as ObjectMembers;
    const t = this.text;
    const offsets: number[] = [];
    const index = new Map<string, number>();
    let p = skipWs(t, at + 1);
    if (t.charCodeAt(p) !== 125) {
      for (;;) {
        const keyEnd = stringEnd(t, p);
        const rawKey = t.slice(p + 1, keyEnd - 1);
        const key = rawKey.includes("\\") ? (JSON.parse(t.slice(p, keyEnd)) as string) : rawKey;
        const value = skipWs(t, skipWs(t, keyEnd) + 1); // past the colon
        index.set(key, offsets.length / 2); // the last of duplicate keys wins, as in JSON.parse
        offsets.push(p, value);
        p = skipWs(t, this.valueEnd(value));
        if (t.charCodeAt(p) !== 44) break;
        p = skipWs(t, p + 1);
      }
    }
    const members: ObjectMembers = { offsets: Int32Array.from(offsets), index };
    this.children.set(at, members);
    return members;
  }
}

interface ObjectMembers {
  /** Key offset and value offset of each member, in order. */
  offsets: Int32Array;
  /** Key → member number. */
  index: Map<string, number>;
}

function skipWs(t: string, p: number): number {
  for (;;) {
    const c = t.charCodeAt(p);
    if (c === 32 || c === 9 || c === 10 || c === 13) p++;
    else return p;
  }
}

/** The offset just past the string whose opening quote is at `at`. */
function stringEnd(t: string, at: number): number {
  let j = at + 1;
  for (;;) {
    j = t.indexOf('"', j);
    if (j < 0) return t.length;
    let k = j - 1;
    while (t.charCodeAt(k) === 92) k--;
    if ((j - 1 - k) % 2 === 0) return j + 1;
    j++;
  }
}
