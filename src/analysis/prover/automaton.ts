/**
 * Finite automata for IAM string matching, built in TypeScript so the solver sees only integers.
 *
 * Every string test the prover needs (a `Resource` pattern matched ARN-aware, a `StringLike` or
 * `StringEqualsIgnoreCase` value, an ARN format from the catalog) is a *program*: a sequence of
 * elements, each either one character from a set or any run of characters from a set (`*` is a
 * run of any character; in the first five parts of an ARN pattern a run of anything but `:`).
 * Programs denote regular languages.
 *
 * For one string variable and all the programs tested on it, `explore` runs the subset
 * construction of their union over a reduced alphabet (characters no set tells apart are one
 * class) and returns the distinct *signatures* reachable — which programs accept — each with the
 * shortest string that has it. The solver then needs one integer per variable, ranging over the
 * signatures: a test is membership of that integer in the signatures that accept. This is exact:
 * every string has exactly one signature, and every signature listed has a witness.
 *
 * Kept in one file so it can move next to the IAM wildcard module.
 */

/** A set of UTF-16 code units: `codes` (sorted, unique), or their complement when `neg`. */
export interface CharSet {
  neg: boolean;
  codes: readonly number[];
}

/** One character from `set`, or (`star`) any run, possibly empty, of characters from `set`. */
export interface Element {
  star: boolean;
  set: CharSet;
}

/** A regular language: the concatenation of its elements. */
export type Program = readonly Element[];

export const ANY: CharSet = Object.freeze({ neg: true, codes: Object.freeze([]) as readonly number[] });
const COLON = 58;
export const NOT_COLON: CharSet = Object.freeze({ neg: true, codes: Object.freeze([COLON]) as readonly number[] });

/** Thrown when a question is too large to decide exactly within the prover's budgets. */
export class Unsupported extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Unsupported";
  }
}

export function charSet(codes: Iterable<number>, neg = false): CharSet {
  return { neg, codes: [...new Set(codes)].sort((a, b) => a - b) };
}

export function member(set: CharSet, code: number): boolean {
  // Sets are small: a linear scan beats a binary search here.
  return set.codes.includes(code) !== set.neg;
}

let foldTable: Map<number, number[]> | undefined;

/**
 * The code units that compare equal to `code` without case, as the engine compares them
 * (`toLowerCase` per code unit): `k` also matches `K` and the Kelvin sign.
 */
export function caseFold(code: number): number[] {
  if (!foldTable) {
    foldTable = new Map();
    for (let c = 0; c < 0x10000; c++) {
      const l = lowerCode(c);
      const list = foldTable.get(l);
      if (list) list.push(c);
      else foldTable.set(l, [c]);
    }
  }
  return foldTable.get(lowerCode(code)) ?? [code];
}

/** The engine's per-code-unit lower-casing (policy/wildcard.ts). */
function lowerCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c < 128) return c;
  return String.fromCharCode(c).toLowerCase().charCodeAt(0);
}

/** The program accepting exactly `text` (without case when `ci`). */
export function literal(text: string, ci = false): Element[] {
  const out: Element[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out.push({ star: false, set: ci ? charSet(caseFold(c)) : { neg: false, codes: [c] } });
  }
  return out;
}

export function anyRun(set: CharSet = ANY): Element {
  return { star: true, set };
}

export function anyChar(set: CharSet = ANY): Element {
  return { star: false, set };
}

/** One reachable signature: which programs accept, and the shortest string with that signature. */
export interface Signature {
  accepts: boolean[];
  witness: string;
}

export interface ExploreOptions {
  /** Stop (throwing `Unsupported`) past this many automaton states. */
  maxStates?: number;
  /** Keep only the signatures for which this holds (a domain restriction). */
  keep?: (accepts: boolean[]) => boolean;
  /** Stop at the first signature kept. */
  first?: boolean;
}

/** Readable characters to build witnesses from, in order of preference. */
const PREFERRED = "abcdefghijklmnopqrstuvwxyz0123456789-_.ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function setKey(s: CharSet): string {
  return (s.neg ? "!" : "") + s.codes.join(",");
}

interface Alphabet {
  /** For each class, a representative code unit. */
  reps: number[];
  /** For each distinct set (by index), membership per class. */
  inSet: boolean[][];
  setIndex: Map<string, number>;
}

/** Splits the code units into classes that no set tells apart; picks readable representatives. */
function reduceAlphabet(programs: readonly Program[]): Alphabet {
  const sets: CharSet[] = [];
  const setIndex = new Map<string, number>();
  const mentioned = new Set<number>();
  for (const p of programs) {
    for (const e of p) {
      const k = setKey(e.set);
      if (!setIndex.has(k)) {
        setIndex.set(k, sets.length);
        sets.push(e.set);
      }
      for (const c of e.set.codes) mentioned.add(c);
    }
  }
  const classes = new Map<string, number[]>();
  const vector = (c: number) => sets.map((s) => (member(s, c) ? "1" : "0")).join("");
  for (const c of mentioned) {
    const v = vector(c);
    const list = classes.get(v);
    if (list) list.push(c);
    else classes.set(v, [c]);
  }
  // Every code unit nobody mentions behaves alike: one class, if any such code unit exists.
  let other: number | undefined;
  for (const ch of PREFERRED) {
    if (!mentioned.has(ch.charCodeAt(0))) {
      other = ch.charCodeAt(0);
      break;
    }
  }
  if (other === undefined) {
    for (let c = 0x20; c < 0x10000; c++) {
      if (!mentioned.has(c) && (c < 0xd800 || c > 0xdfff)) {
        other = c;
        break;
      }
    }
  }
  if (other !== undefined) {
    const v = vector(other);
    const list = classes.get(v);
    if (list) list.push(other);
    else classes.set(v, [other]);
  }
  const reps: number[] = [];
  const vectors: string[] = [];
  for (const [v, codes] of classes) {
    const pick = [...PREFERRED].map((ch) => ch.charCodeAt(0)).find((c) => codes.includes(c));
    reps.push(pick ?? Math.min(...codes));
    vectors.push(v);
  }
  const inSet = sets.map((_, si) => vectors.map((v) => v[si] === "1"));
  return { reps, inSet, setIndex };
}

/** Explorations remembered (one process proves many principals whose policies repeat). */
const MEMO_LIMIT = 1000;
/** Larger answers (signatures × programs) are not remembered: they would hold too much memory. */
const MEMO_MAX_SIZE = 100_000;
type Explored = { sigs: readonly Signature[] } | { unsupported: string };
const memo = new Map<string, Explored>();

/** Forgets the remembered explorations. */
export function forgetExplorations(): void {
  memo.clear();
}

function programsKey(programs: readonly Program[], maxStates: number): string {
  let key = `${maxStates}`;
  for (const p of programs) {
    key += "\n";
    for (const e of p) key += `${e.star ? "*" : ""}${setKey(e.set)};`;
  }
  return key;
}

/**
 * The signatures reachable by strings over the union of `programs` (see the file comment),
 * ordered by first discovery (shortest witness first). Signatures are shared between calls: do
 * not modify them.
 *
 * The answer depends only on the programs: it is remembered (unless `first`, which stops early),
 * and `keep` filters the remembered list, which gives what filtering during the search gives (a
 * signature is kept or not whatever state shows it first).
 */
export function explore(programs: readonly Program[], opts: ExploreOptions = {}): Signature[] {
  const maxStates = opts.maxStates ?? 20_000;
  if (opts.first) return search(programs, maxStates, opts.keep, true);
  const key = programsKey(programs, maxStates);
  let found = memo.get(key);
  if (found) {
    memo.delete(key); // most recently used last
    memo.set(key, found);
  } else {
    try {
      found = { sigs: search(programs, maxStates, undefined, false) };
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      found = { unsupported: err.message };
    }
    if ("unsupported" in found || found.sigs.length * (programs.length + 8) <= MEMO_MAX_SIZE) {
      if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
      memo.set(key, found);
    }
  }
  if ("unsupported" in found) throw new Unsupported(found.unsupported);
  const keep = opts.keep;
  return keep ? found.sigs.filter((s) => keep(s.accepts)) : [...found.sigs];
}

/**
 * The subset construction, breadth first over the reduced alphabet. A state is a sorted list of
 * positions, keyed by those positions as UTF-16 code units (or, past 65,536 positions, as decimals).
 */
function search(
  programs: readonly Program[],
  maxStates: number,
  keep: ((accepts: boolean[]) => boolean) | undefined,
  first: boolean,
): Signature[] {
  const alphabet = reduceAlphabet(programs);
  const nClasses = alphabet.reps.length;
  // Global positions: program j's position i is base[j] + i; its final position accepts.
  const base: number[] = [];
  let total = 0;
  for (const p of programs) {
    base.push(total);
    total += p.length + 1;
  }
  const wide = total > 0xffff;
  const owner = new Int32Array(total);
  const isFinal = new Uint8Array(total);
  const elemSet = new Int32Array(total).fill(-1);
  const elemStar = new Uint8Array(total);
  programs.forEach((p, j) => {
    for (let i = 0; i <= p.length; i++) {
      const g = base[j] + i;
      owner[g] = j;
      if (i === p.length) isFinal[g] = 1;
      else {
        elemSet[g] = alphabet.setIndex.get(setKey(p[i].set))!;
        elemStar[g] = p[i].star ? 1 : 0;
      }
    }
  });
  // Closure: a run element may be skipped.
  const closure = (g: number, into: number[]) => {
    for (;;) {
      into.push(g);
      if (isFinal[g] || !elemStar[g]) break;
      g++;
    }
  };
  // Where a character of the element at g leads (the element's set permitting): its closure.
  const succ: number[][] = [];
  for (let g = 0; g < total; g++) {
    const out: number[] = [];
    if (!isFinal[g]) closure(elemStar[g] ? g : g + 1, out);
    succ.push(out);
  }
  // For each class, which sets contain it (by set index).
  const inClass: Uint8Array[] = [];
  for (let c = 0; c < nClasses; c++) inClass.push(Uint8Array.from(alphabet.inSet, (row) => (row[c] ? 1 : 0)));

  const states: Int32Array[] = [];
  const parent: number[] = [];
  const via: number[] = [];
  const index = new Map<string, number>();
  const mark = new Int32Array(total).fill(-1);
  let stamp = 0;
  const scratch: number[] = [];
  /** The state of the positions in `scratch` (unsorted, unique), added if new. */
  const add = (from: number, cls: number): number => {
    const arr = Int32Array.from(scratch).sort();
    const key = wide ? arr.join(",") : String.fromCharCode.apply(null, arr as unknown as number[]);
    const found = index.get(key);
    if (found !== undefined) return found;
    if (states.length >= maxStates) {
      throw new Unsupported(`a string variable needs more than ${maxStates} automaton states`);
    }
    index.set(key, states.length);
    states.push(arr);
    parent.push(from);
    via.push(cls);
    return states.length - 1;
  };
  const collect = (list: readonly number[]) => {
    for (const g of list) {
      if (mark[g] !== stamp) {
        mark[g] = stamp;
        scratch.push(g);
      }
    }
  };
  stamp++;
  for (let j = 0; j < programs.length; j++) {
    const start: number[] = [];
    closure(base[j], start);
    collect(start);
  }
  add(-1, -1);
  const seen = new Set<string>();
  const order: number[] = [];
  const setMark = new Int32Array(alphabet.inSet.length).fill(-1);
  let setStamp = 0;
  const distinct: number[] = [];
  const groups = new Set<string>();
  const nProg = programs.length;
  const acceptsOf = (positions: Int32Array): boolean[] => {
    const accepts: boolean[] = new Array(nProg).fill(false);
    for (const g of positions) if (isFinal[g]) accepts[owner[g]] = true;
    return accepts;
  };
  for (let s = 0; s < states.length; s++) {
    const positions = states[s];
    const accepts = acceptsOf(positions);
    const key = accepts.map((a) => (a ? "1" : "0")).join("");
    if (!seen.has(key) && (!keep || keep(accepts))) {
      seen.add(key);
      order.push(s);
      if (first) break;
    }
    // The sets of the state's positions: two classes in the same ones lead to the same state, so
    // it is computed once per such group (in class order, so states are numbered as before).
    setStamp++;
    distinct.length = 0;
    for (const g of positions) {
      if (isFinal[g]) continue;
      const e = elemSet[g];
      if (setMark[e] !== setStamp) {
        setMark[e] = setStamp;
        distinct.push(e);
      }
    }
    groups.clear();
    for (let c = 0; c < nClasses; c++) {
      const member = inClass[c];
      let key = "";
      for (const e of distinct) key += member[e] ? "1" : "0";
      if (groups.has(key)) continue; // the same successor as an earlier class: already added
      groups.add(key);
      stamp++;
      scratch.length = 0;
      for (const g of positions) {
        if (!isFinal[g] && member[elemSet[g]]) collect(succ[g]);
      }
      add(s, c);
    }
  }
  return order.map((s) => {
    const codes: number[] = [];
    for (let t = s; parent[t] >= 0; t = parent[t]) codes.push(alphabet.reps[via[t]]);
    codes.reverse();
    return { accepts: Object.freeze(acceptsOf(states[s])) as boolean[], witness: String.fromCharCode(...codes) };
  });
}

/** Does `text` belong to the program's language? (For tests and for checking witnesses.) */
export function accepts(program: Program, text: string): boolean {
  let cur = new Set<number>();
  const close = (i: number, into: Set<number>) => {
    while (!into.has(i)) {
      into.add(i);
      if (i === program.length || !program[i].star) break;
      i++;
    }
  };
  close(0, cur);
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    const next = new Set<number>();
    for (const i of cur) {
      if (i === program.length || !member(program[i].set, c)) continue;
      close(program[i].star ? i : i + 1, next);
    }
    cur = next;
    if (cur.size === 0) return false;
  }
  return cur.has(program.length);
}
