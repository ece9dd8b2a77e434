/**
 * IAM wildcard patterns: the one implementation of `*` (any run of characters, possibly empty),
 * `?` (exactly one character) and `${...}` policy variables, used for actions, resources,
 * principals, condition values and the catalog.
 *
 * Case, per element, as IAM applies it (AWS: IAM User Guide, "IAM JSON policy elements: Action",
 * "...: Resource", "IAM JSON policy elements: Condition operators"): action names and condition
 * keys are case-insensitive (`ignoreCase: true`), ARNs and `StringLike` values case-sensitive.
 * ARN-shaped patterns in `Resource` and `ArnLike` match each of the first five colon-separated
 * parts on its own (`arn: true`), so a wildcard there never spans a colon.
 * Policy variables (`variables: true`; AWS: "IAM policy elements: Variables and tags"):
 * `${key}` and `${key, 'default'}` stand for the request's value, the escapes `${*}`, `${?}` and
 * `${$}` for the literal characters. A value substituted for a variable is literal text. Where
 * no request is at hand (`covers`, `overlaps`), a variable stands for any value, like `*`.
 *
 * A pattern is compiled once ({@link compileWildcard}) into segments: the text between stars, each
 * a run of literal characters and `?`. Runs of `?` next to a star float into the gap the star
 * stands for (`?*` = `*?` = "at least one character"), so inner segments begin and end with a
 * literal. Bounds, for a subject of length n and a pattern of length m:
 *
 * - `matches`: the first and last segments are anchored and compared in place; each inner segment
 *   is placed at its leftmost occurrence after the previous one (greedy placement is exact for
 *   segments separated by stars). A literal segment is found with `indexOf` when it has at most
 *   32 characters (at most 32 comparisons per subject character whatever algorithm the engine
 *   uses) and with Knuth–Morris–Pratt beyond, so literal segments cost O(n + m) overall; a
 *   segment with `?` is found with the bit-parallel Shift-And automaton in O(n · ⌈k/32⌉) for a
 *   segment of k characters (one machine word for k ≤ 32). No backtracking, no RegExp.
 * - `covers(a, b)`: b's wildcards are replaced by fresh characters that only a wildcard of `a`
 *   can take (a `*` of b by a character that only a `*` of a can take), and `a` is matched
 *   against that text with the same algorithm: O(|b| · ⌈k/32⌉).
 * - `overlaps(a, b)`: two patterns that both hold a star share a string exactly when their first
 *   segments agree on their common length and their last segments on theirs (O(m)); a pattern
 *   without a star is matched against the other with its `?` taking any character; patterns with
 *   character classes (built with {@link wildcardFromUnits}) use the product automaton,
 *   O(|a| · |b|) time and O(|a|) space.
 */

export interface WildcardOptions {
  /** Compare case-insensitively (action names, condition keys, `StringEqualsIgnoreCase`). */
  ignoreCase?: boolean;
  /** `*` and `?` are wildcards (default); false: literal characters (`StringEquals`). */
  wildcards?: boolean;
  /** `${...}` is a policy variable (documents of version 2012-10-17); false: literal text. */
  variables?: boolean;
  /** Match an ARN-shaped pattern part by part, as IAM matches `Resource` and `ArnLike`. */
  arn?: boolean;
}

/** Resolves a policy variable for the request being decided: a single string, or undefined. */
export interface VariableSource {
  variable(keyLower: string, keyAsWritten: string): string | undefined;
}

/** Options for the action element: case-insensitive, wildcards, no variables. */
export const ACTION_PATTERN: WildcardOptions = { ignoreCase: true };
/** Options for an ARN in a policy of version 2012-10-17: part-wise, case-sensitive, variables. */
export const RESOURCE_PATTERN: WildcardOptions = { arn: true, variables: true };

const LIT = 0;
const ONE = 1;
const STAR = 2;
const VAR = 3;

/** One step of a pattern. */
interface Tok {
  k: typeof LIT | typeof ONE | typeof STAR | typeof VAR;
  /** LIT: the text; VAR: the lower-cased key. */
  s: string;
  /** VAR: the key as written. */
  key?: string;
  /** VAR: the default value. */
  def?: string;
  /** STAR: at least this many characters (the `?` it absorbed). */
  min?: number;
  /** ONE, STAR: characters it may not take (only in patterns built from units). */
  ex?: string;
}

/** The text between two stars: literal text, `?` and variables. */
interface Segment {
  toks: Tok[];
  /** Characters, when it holds no variable. */
  len: number;
  /** The whole segment as one literal, when it holds neither `?` nor a variable. */
  lit: string | undefined;
  hasOne: boolean;
  hasVar: boolean;
  /** Built on first search. */
  kmp?: Int32Array;
  sa?: ShiftAnd;
}

/** A pattern as segments: `head *(gaps[0]) middle[0] *(gaps[1]) ... *(gaps[last]) tail`. */
interface Shape {
  head: Segment;
  middle: Segment[];
  /** Minimum characters of each gap (before each middle segment, then before the tail). */
  gaps: number[];
  /** Undefined when the pattern holds no star: the head is then the whole pattern. */
  tail: Segment | undefined;
  minLength: number;
  hasVar: boolean;
  hasClass: boolean;
}

/** A compiled pattern. `test` is the whole-string matcher (fast paths for the common shapes). */
export class Wildcard {
  readonly source: string;
  readonly ignoreCase: boolean;
  readonly hasWildcard: boolean;
  readonly hasVariable: boolean;
  /** Whole-string test; an unresolvable variable (no value, no default) matches nothing. */
  readonly test: (subject: string, vars?: VariableSource) => boolean;
  /** @internal */
  readonly toks: Tok[];
  /** @internal */
  readonly shape: Shape;
  /** @internal Compiled in ARN mode. */
  readonly arnMode: boolean;
  /** Does `s[start, end)` match? The range form ARN parts use; no allocation without variables. */
  readonly testRange: (s: string, start: number, end: number, vars?: VariableSource) => boolean;
  /** @internal ARN mode and ARN-shaped (`arn:` and five colons in its literal text). */
  readonly arnShaped: boolean;
  /**
   * @internal ARN-shaped with plain text in the first five parts: their colons anchor the match,
   * so the whole-string language is the part-wise one.
   */
  readonly partsPlain: boolean;
  private partsCache?: Wildcard[];
  private staticView?: Wildcard;

  /** @internal */
  constructor(source: string, toks: Tok[], ignoreCase: boolean, arn: boolean) {
    this.source = source;
    this.ignoreCase = ignoreCase;
    this.arnMode = arn;
    this.toks = normalize(toks);
    this.shape = shapeOf(this.toks);
    this.hasWildcard = this.toks.some((t) => t.k === ONE || t.k === STAR);
    this.hasVariable = this.shape.hasVar;
    this.arnShaped = arn && isArnShaped(this.toks);
    this.partsPlain = this.arnShaped && firstFivePlain(this.toks);
    this.testRange = rangeTester(this);
    this.test = this.arnShaped && !this.partsPlain ? arnTester(this.parts!) : tester(this);
  }

  /** @internal ARN mode and ARN-shaped: the six parts (built on first use). */
  get parts(): Wildcard[] | undefined {
    if (!this.arnShaped) return undefined;
    this.partsCache ??= arnParts(this.toks, this.ignoreCase);
    return this.partsCache;
  }

  /** Policy variables without a default, each once (lower-cased key and as written). */
  requiredVariables(into: RequiredVariable[] = []): RequiredVariable[] {
    const out = into;
    for (const t of this.toks) {
      if (t.k === VAR && t.def === undefined && !out.some((r) => r.lower === t.s))
        out.push({ lower: t.s, key: t.key! });
    }
    return out;
  }

  /** The pattern with every variable read as `*`: the strings it may match for some request. */
  get static(): Wildcard {
    if (!this.hasVariable) return this;
    this.staticView ??= new Wildcard(
      this.source,
      this.toks.map((t) => (t.k === VAR ? { k: STAR, s: "" } : t)),
      this.ignoreCase,
      this.arnMode,
    );
    return this.staticView;
  }

  /** @internal Part-wise matching differs from whole-string matching. */
  get partWise(): boolean {
    return this.arnShaped && !this.partsPlain;
  }
}

/** A policy variable a pattern needs a value for (one without a default). */
export interface RequiredVariable {
  lower: string;
  key: string;
}

/** Does every required variable have a value for this request? */
export function variablesResolve(required: readonly RequiredVariable[], vars: VariableSource): boolean {
  for (let i = 0; i < required.length; i++) {
    if (vars.variable(required[i].lower, required[i].key) === undefined) return false;
  }
  return true;
}

/** Compile a pattern once; match it many times. */
export function compileWildcard(pattern: string, opts: WildcardOptions = {}): Wildcard {
  const ignoreCase = opts.ignoreCase ?? false;
  const toks = tokenize(pattern, opts.wildcards ?? true, opts.variables ?? false);
  if (ignoreCase) {
    for (const t of toks) {
      if (t.k === LIT) t.s = t.s.toLowerCase();
      else if (t.k === VAR && t.def !== undefined) t.def = t.def.toLowerCase();
    }
  }
  return new Wildcard(pattern, toks, ignoreCase, opts.arn ?? false);
}

/**
 * A step of a pattern built by a caller rather than parsed: literal text, one character, or a run
 * of characters (possibly empty), each optionally excluding some characters (an ARN format's
 * `${BucketName}` never holds `/`).
 */
export type WildcardUnit =
  | { kind: "literal"; text: string }
  | { kind: "one"; except?: string }
  | { kind: "run"; except?: string };

/** A pattern from units; such a pattern may be tested and compared with `overlaps`, not `covers`. */
export function wildcardFromUnits(units: WildcardUnit[], source = ""): Wildcard {
  const toks: Tok[] = units.map((u) => {
    if (u.kind === "literal") return { k: LIT, s: u.text };
    const ex = u.except ? u.except : undefined;
    return u.kind === "one" ? { k: ONE, s: "", ex } : { k: STAR, s: "", ex };
  });
  return new Wildcard(source, toks, false, false);
}

// Bounded by count and by pattern length: a long run over hostile input must not grow it without
// limit. Two generations: when the young one is full it becomes the old one (the one before is
// dropped), and a pattern found in the old one moves back to the young: what is still in use
// survives, where emptying one map dropped the patterns of the 750 principals a matrix was
// comparing all at once.
let cache = new Map<string, Wildcard>();
let oldCache = new Map<string, Wildcard>();
const CACHE_LIMIT = 8192;
const CACHE_MAX_LENGTH = 2048;

/** A pattern compiled with `opts`, from a bounded cache (compile once, match many times). */
export function wildcard(pattern: string, opts: WildcardOptions = {}): Wildcard {
  return compiled(pattern, opts);
}

/**
 * Long patterns, in a cache of their own bounded by total length: a rule compares a policy's long
 * ARN with several formats and statements, and compiling a pattern of a million characters each
 * time cost seconds. Keyed by the options, then by the pattern itself (no concatenated key, which
 * would copy the pattern on every lookup).
 */
const longCache = new Map<string, Map<string, Wildcard>>();
let longCached = 0;
const LONG_CACHE_CHARS = 4_000_000;

function compiledLong(p: string, opts: WildcardOptions, flags: string): Wildcard {
  let byPattern = longCache.get(flags);
  const hit = byPattern?.get(p);
  if (hit) return hit;
  const w = compileWildcard(p, opts);
  if (p.length > LONG_CACHE_CHARS) return w;
  if (longCached + p.length > LONG_CACHE_CHARS) {
    longCache.clear();
    longCached = 0;
    byPattern = undefined;
  }
  if (!byPattern) {
    byPattern = new Map();
    longCache.set(flags, byPattern);
  }
  byPattern.set(p, w);
  longCached += p.length;
  return w;
}

function compiled(p: Wildcard | string, opts: WildcardOptions): Wildcard {
  if (typeof p !== "string") return p;
  const flags = `${opts.ignoreCase ? 1 : 0}${opts.wildcards === false ? 0 : 1}${opts.variables ? 1 : 0}${opts.arn ? 1 : 0}`;
  if (p.length > CACHE_MAX_LENGTH) return compiledLong(p, opts, flags);
  const key = flags + p;
  let w = cache.get(key);
  if (!w) {
    w = oldCache.get(key) ?? compileWildcard(p, opts);
    if (cache.size >= CACHE_LIMIT) {
      oldCache = cache;
      cache = new Map();
    }
    cache.set(key, w);
  }
  return w;
}

/** Does `subject` match `pattern`? Strings are compiled with `opts` (and cached, boundedly). */
export function matches(
  pattern: Wildcard | string,
  subject: string,
  opts: WildcardOptions = {},
  vars?: VariableSource,
): boolean {
  return compiled(pattern, opts).test(subject, vars);
}

/**
 * Is every string `b` matches also matched by `a` (L(b) ⊆ L(a))? Exact. Variables stand for any
 * value (so `a` with a variable covers as if it were `*` there, and `b` with one is as wide).
 */
export function covers(a: Wildcard | string, b: Wildcard | string, opts: WildcardOptions = {}): boolean {
  const wa = compiled(a, opts).static;
  const wb = compiled(b, opts).static;
  if (wa.shape.hasClass || wb.shape.hasClass) throw new Error("covers: patterns built from units are not supported");
  // Both with plain text in the first five parts: the whole-string languages are the part-wise
  // ones (see `partsPlain`), so the parts (a second compilation of each pattern) are not needed.
  if (wa.partsPlain && wb.partsPlain) return coversShape(wa.shape, wb.shape);
  if (wa.parts && wb.parts) return wa.parts.every((p, i) => coversShape(p.shape, wb.parts![i].shape));
  // A part-wise pattern requires `arn:` and five colons; a pattern that is not ARN-shaped matches
  // some string without them (its wildcards taken as fresh characters).
  if (wa.partWise) return false;
  // b read as a whole-string pattern: the strings coversShape tries (b's wildcards as fresh
  // characters, never a colon) keep b's parts apart, so they are strings of b in either reading.
  return coversShape(wa.shape, wb.shape);
}

/** Do `a` and `b` match some string in common? Exact. Variables stand for any value. */
export function overlaps(a: Wildcard | string, b: Wildcard | string, opts: WildcardOptions = {}): boolean {
  const wa = compiled(a, opts).static;
  const wb = compiled(b, opts).static;
  if (wa.partsPlain && wb.partsPlain) return overlapShapes(wa, wb);
  if (wa.parts && wb.parts) return wa.parts.every((p, i) => overlapShapes(p, wb.parts![i]));
  if (wa.partWise || wb.partWise) return overlapUnits(arnUnits(wa), arnUnits(wb));
  return overlapShapes(wa, wb);
}

// ---------------------------------------------------------------------------------------------
// Parsing

// Shared tokens and units for the wildcard steps without exclusions (never written to: only
// literal and variable tokens are, by compileWildcard's lower-casing): a pattern of a million
// stars is then an array of references, not a million objects the collector must copy.
const STAR_TOK: Tok = { k: STAR, s: "" };
const ONE_TOK: Tok = { k: ONE, s: "", ex: undefined };
const STAR0_TOK: Tok = { k: STAR, s: "", min: 0, ex: undefined };

function tokenize(text: string, wildcards: boolean, variables: boolean): Tok[] {
  const out: Tok[] = [];
  const plain = (from: number, to: number) => {
    if (!wildcards) {
      if (to > from) out.push({ k: LIT, s: text.slice(from, to) });
      return;
    }
    let lit = from;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c !== 42 && c !== 63) continue;
      if (i > lit) out.push({ k: LIT, s: text.slice(lit, i) });
      out.push(c === 42 ? STAR_TOK : ONE_TOK);
      lit = i + 1;
    }
    if (to > lit) out.push({ k: LIT, s: text.slice(lit, to) });
  };
  if (!variables) {
    plain(0, text.length);
    return out;
  }
  let pos = 0;
  for (;;) {
    const open = text.indexOf("${", pos);
    if (open < 0) break;
    const v = parseVariable(text, open);
    if (!v) {
      // Not a well-formed variable: the text stands for itself.
      plain(pos, open + 2);
      pos = open + 2;
      continue;
    }
    plain(pos, open);
    if (v.literal !== undefined) out.push({ k: LIT, s: v.literal });
    else out.push({ k: VAR, s: v.key!.toLowerCase(), key: v.key, def: v.def });
    pos = v.end;
  }
  plain(pos, text.length);
  return out;
}

/**
 * `${key}`, `${key, 'default'}` (a quote doubled inside the default), or the escapes `${*}`,
 * `${?}`, `${$}`, starting at `open` (the `$`). Undefined when not well formed.
 */
function parseVariable(
  text: string,
  open: number,
): { end: number; literal?: string; key?: string; def?: string } | undefined {
  const close = text.indexOf("}", open + 2);
  if (close < 0) return undefined;
  let i = open + 2;
  let key = "";
  let def: string | undefined;
  const comma = text.indexOf(",", i);
  if (comma < 0 || comma > close) {
    key = text.slice(i, close).trim();
    i = close;
  } else {
    key = text.slice(i, comma).trim();
    i = comma + 1;
    while (i < text.length && text[i].trim() === "") i++;
    if (text[i] !== "'") return undefined;
    def = "";
    i++;
    for (;;) {
      if (i >= text.length) return undefined;
      if (text[i] === "'") {
        if (text[i + 1] !== "'") break;
        def += "'";
        i += 2;
        continue;
      }
      def += text[i++];
    }
    i++;
    while (i < text.length && text[i].trim() === "") i++;
    if (text[i] !== "}") return undefined;
  }
  if (key === "" || /\s/.test(key)) return undefined;
  if (def === undefined && (key === "*" || key === "?" || key === "$")) return { end: i + 1, literal: key };
  return { end: i + 1, key, def };
}

/** Merge adjacent literals; a run of `?` and `*` holding a star becomes one star with a minimum. */
function normalize(all: Tok[]): Tok[] {
  let toks = all;
  for (let i = 0; i < all.length; i++) {
    if (all[i].k === LIT && all[i].s === "") {
      toks = all.filter((t) => t.k !== LIT || t.s !== "");
      break;
    }
  }
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; ) {
    const t = toks[i];
    if (t.k === LIT) {
      const last = out[out.length - 1];
      if (last?.k === LIT) out[out.length - 1] = { k: LIT, s: last.s + t.s };
      else out.push(t);
      i++;
      continue;
    }
    if (t.k === VAR) {
      out.push(t);
      i++;
      continue;
    }
    // A run of ONE/STAR with the same exclusions.
    let j = i;
    let stars = 0;
    let ones = 0;
    while (j < toks.length && (toks[j].k === ONE || toks[j].k === STAR) && toks[j].ex === t.ex) {
      if (toks[j].k === STAR) {
        stars++;
        ones += toks[j].min ?? 0;
      } else ones++;
      j++;
    }
    if (stars === 0)
      for (let x = 0; x < ones; x++) out.push(t.ex === undefined ? ONE_TOK : { k: ONE, s: "", ex: t.ex });
    else out.push(ones === 0 && t.ex === undefined ? STAR0_TOK : { k: STAR, s: "", min: ones, ex: t.ex });
    i = j;
  }
  return out;
}

function segment(toks: Tok[]): Segment {
  let len = 0;
  let hasOne = false;
  let hasVar = false;
  for (const t of toks) {
    if (t.k === LIT) len += t.s.length;
    else if (t.k === ONE) {
      len++;
      hasOne = true;
    } else hasVar = true;
  }
  const lit = hasOne || hasVar ? undefined : toks.length === 0 ? "" : toks[0].s;
  return { toks, len, lit, hasOne, hasVar };
}

function shapeOf(toks: Tok[]): Shape {
  // Segments sliced straight from the tokens: no list of lists, no copies of the middle (a pattern
  // of half a million stars made each of them).
  const gaps: number[] = [];
  const middle: Segment[] = [];
  let head: Segment | undefined;
  let last: Segment | undefined;
  let hasVar = false;
  let hasClass = false;
  let minLength = 0;
  let start = 0;
  for (let i = 0; i <= toks.length; i++) {
    const t = toks[i];
    if (t !== undefined) {
      if (t.k === VAR) hasVar = true;
      if (t.ex !== undefined) hasClass = true;
      if (t.k !== STAR) continue;
      gaps.push(t.min ?? 0);
      minLength += t.min ?? 0;
    }
    const seg = segment(toks.slice(start, i));
    minLength += seg.len;
    if (head === undefined) head = seg;
    else {
      if (last !== undefined) middle.push(last);
      last = seg;
    }
    start = i + 1;
  }
  return { head: head as Segment, middle, gaps, tail: last, minLength, hasVar, hasClass };
}

// ---------------------------------------------------------------------------------------------
// ARN parts

/** `arn:` and five colons in its literal text: the pattern IAM matches part by part. */
function isArnShaped(toks: Tok[]): boolean {
  if (toks[0]?.k !== LIT || !toks[0].s.startsWith("arn:")) return false;
  let colons = 0;
  for (const t of toks) {
    if (t.k !== LIT) continue;
    for (let i = 0; i < t.s.length; i++) if (t.s.charCodeAt(i) === 58 && ++colons === 5) return true;
  }
  return false;
}

/** Are the first five colon-separated parts plain text (no wildcard or variable before the fifth colon)? */
function firstFivePlain(toks: Tok[]): boolean {
  let colons = 0;
  for (const t of toks) {
    if (t.k !== LIT) return false;
    for (let i = 0; i < t.s.length; i++) if (t.s.charCodeAt(i) === 58 && ++colons === 5) return true;
  }
  return false;
}

/** The six parts of an ARN-shaped pattern. */
function arnParts(toks: Tok[], ignoreCase: boolean): Wildcard[] {
  const parts: Tok[][] = [[]];
  for (const t of toks) {
    const cur = parts[parts.length - 1];
    if (t.k !== LIT || parts.length === 6) {
      cur.push(t);
      continue;
    }
    const pieces = t.s.split(":");
    for (let j = 0; j < pieces.length; j++) {
      if (j > 0) {
        if (parts.length < 6) parts.push([]);
        else {
          parts[5].push({ k: LIT, s: `:${pieces.slice(j).join(":")}` });
          break;
        }
      }
      if (pieces[j] !== "") parts[parts.length - 1].push({ k: LIT, s: pieces[j] });
    }
  }
  return parts.map((p) => new Wildcard("", p, ignoreCase, false));
}

function arnTester(parts: Wildcard[]): (s: string, vars?: VariableSource) => boolean {
  const [p0, p1, p2, p3, p4, p5] = parts;
  return (s, vars) => {
    const c1 = s.indexOf(":");
    if (c1 < 0) return false;
    const c2 = s.indexOf(":", c1 + 1);
    if (c2 < 0) return false;
    const c3 = s.indexOf(":", c2 + 1);
    if (c3 < 0) return false;
    const c4 = s.indexOf(":", c3 + 1);
    if (c4 < 0) return false;
    const c5 = s.indexOf(":", c4 + 1);
    if (c5 < 0) return false;
    return (
      p2.testRange(s, c2 + 1, c3, vars) &&
      p4.testRange(s, c4 + 1, c5, vars) &&
      p5.testRange(s, c5 + 1, s.length, vars) &&
      p3.testRange(s, c3 + 1, c4, vars) &&
      p0.testRange(s, 0, c1, vars) &&
      p1.testRange(s, c1 + 1, c2, vars)
    );
  };
}

/** A pattern as product-automaton units; an ARN-shaped one's first five parts exclude colons. */
function arnUnits(w: Wildcard): Unit[] {
  if (!w.partWise) return unitsOf(w);
  let out = arnUnitsMemo.get(w);
  if (out) return out;
  out = [];
  arnUnitsMemo.set(w, out);
  w.parts!.forEach((p, i) => {
    if (i > 0) out.push({ k: LIT, c: 58 });
    for (const u of units(p.toks)) out!.push(i < 5 && u.k !== LIT ? { ...u, ex: `${u.ex ?? ""}:` } : u);
  });
  return out;
}

/** A part-wise pattern's units (made once: it is compared with many others). */
const arnUnitsMemo = new WeakMap<Wildcard, Unit[]>();

// ---------------------------------------------------------------------------------------------
// Matching

/** The whole-string matcher, with fast paths for exact text, `*`, `text*` and `*text`. */
function tester(w: Wildcard): (s: string, vars?: VariableSource) => boolean {
  const sh = w.shape;
  const { head, tail, middle } = sh;
  if (!sh.hasVar && !sh.hasClass) {
    if (w.ignoreCase) {
      if (!tail && head.lit !== undefined) {
        const lit = head.lit;
        return (s) => s.toLowerCase() === lit;
      }
    } else if (!tail) {
      if (head.lit !== undefined) {
        const lit = head.lit;
        return (s) => s === lit;
      }
    } else if (middle.length === 0 && sh.gaps[0] === 0) {
      if (tail.len === 0 && head.lit !== undefined) {
        const lit = head.lit;
        return lit === "" ? () => true : (s) => s.startsWith(lit);
      }
      if (head.len === 0 && tail.lit !== undefined) {
        const lit = tail.lit;
        return (s) => s.endsWith(lit);
      }
    }
  }
  const range = w.testRange;
  return (s, vars) => range(s, 0, s.length, vars);
}

/** The range matcher (ARN parts), with the same fast paths. */
function rangeTester(w: Wildcard): (s: string, start: number, end: number, vars?: VariableSource) => boolean {
  const sh = w.shape;
  const { head, tail, middle } = sh;
  if (sh.hasClass) {
    const u = units(w.toks);
    return (s, start, end) => overlapUnits(u, literalUnits(s.slice(start, end)));
  }
  if (w.ignoreCase) {
    return (s, start, end, vars) => {
      const lower = s.slice(start, end).toLowerCase();
      return matchShape(sh, lower, 0, lower.length, -1, -1, vars, true);
    };
  }
  if (!sh.hasVar) {
    if (!tail && head.lit !== undefined) {
      const lit = head.lit;
      return (s, start, end) => end - start === lit.length && s.startsWith(lit, start);
    }
    if (tail && middle.length === 0 && sh.gaps[0] === 0) {
      if (tail.len === 0 && head.lit !== undefined) {
        const lit = head.lit;
        return lit === "" ? () => true : (s, start, end) => end - start >= lit.length && s.startsWith(lit, start);
      }
      if (head.len === 0 && tail.lit !== undefined) {
        const lit = tail.lit;
        return (s, start, end) => end - start >= lit.length && s.startsWith(lit, end - lit.length);
      }
    }
  }
  return (s, start, end, vars) => matchShape(sh, s, start, end, -1, -1, vars, false);
}

/**
 * Match a shape against `s[start, end)`. `blocked` (or -1) is a character only a star may take;
 * `wild` (or -1) a character every step takes (both only in patterns without variables). A
 * variable takes its value from `vars` (or its default), lower-cased under `ci`; with neither it
 * matches nothing.
 */
function matchShape(
  sh: Shape,
  s: string,
  start: number,
  end: number,
  blocked: number,
  wild: number,
  vars?: VariableSource,
  ci = false,
): boolean {
  const { head, tail } = sh;
  const headLen = sh.hasVar ? segLength(head, vars, ci) : head.len;
  if (headLen < 0) return false;
  if (!tail) return end - start === headLen && verify(head, s, start, blocked, wild, vars, ci);
  if (end - start < sh.minLength) return false;
  const tailLen = sh.hasVar ? segLength(tail, vars, ci) : tail.len;
  if (tailLen < 0) return false;
  const limit = end - tailLen;
  if (limit < start + headLen) return false;
  if (!verify(head, s, start, blocked, wild, vars, ci) || !verify(tail, s, limit, blocked, wild, vars, ci))
    return false;
  let pos = start + headLen;
  const { middle, gaps } = sh;
  for (let i = 0; i < middle.length; i++) {
    pos = skip(s, pos, gaps[i], blocked);
    let seg = middle[i];
    if (seg.hasVar) {
      const resolved = resolveSegment(seg, vars, ci);
      if (!resolved) return false;
      seg = resolved;
    }
    const at = find(seg, s, pos, limit, blocked, wild);
    if (at < 0) return false;
    pos = at + seg.len;
  }
  return skip(s, pos, gaps[gaps.length - 1], blocked) <= limit;
}

/** A variable's value for this request: the request's, else its default (literal text). */
function variableValue(t: Tok, vars: VariableSource | undefined, ci: boolean): string | undefined {
  const v = vars?.variable(t.s, t.key!);
  if (v === undefined) return t.def;
  return ci ? v.toLowerCase() : v;
}

/** A segment's length with its variables' values; -1 when one has none. */
function segLength(seg: Segment, vars: VariableSource | undefined, ci: boolean): number {
  if (!seg.hasVar) return seg.len;
  let n = seg.len;
  for (const t of seg.toks) {
    if (t.k !== VAR) continue;
    const v = variableValue(t, vars, ci);
    if (v === undefined) return -1;
    n += v.length;
  }
  return n;
}

/** The segment with its variables replaced by their values (for a search). */
function resolveSegment(seg: Segment, vars: VariableSource | undefined, ci: boolean): Segment | undefined {
  const toks: Tok[] = [];
  for (const t of seg.toks) {
    if (t.k !== VAR) toks.push(t);
    else {
      const v = variableValue(t, vars, ci);
      if (v === undefined) return undefined;
      toks.push({ k: LIT, s: v });
    }
  }
  return segment(normalize(toks));
}

/** The position after `k` characters from `pos` that are not `blocked` (a star's minimum). */
function skip(s: string, pos: number, k: number, blocked: number): number {
  if (blocked < 0 || k === 0) return pos + k;
  while (k > 0) {
    if (pos >= s.length) return s.length + 1;
    if (s.charCodeAt(pos++) !== blocked) k--;
  }
  return pos;
}

/** Does the segment match at `s[at, at + len)`? */
function verify(
  seg: Segment,
  s: string,
  at: number,
  blocked: number,
  wild: number,
  vars?: VariableSource,
  ci = false,
): boolean {
  if (seg.lit !== undefined && blocked < 0 && wild < 0) return s.startsWith(seg.lit, at);
  let p = at;
  for (const t of seg.toks) {
    if (t.k === ONE) {
      if (s.charCodeAt(p) === blocked) return false;
      p++;
      continue;
    }
    const lit = t.k === VAR ? variableValue(t, vars, ci) : t.s;
    if (lit === undefined) return false;
    if (blocked < 0 && wild < 0) {
      if (!s.startsWith(lit, p)) return false;
      p += lit.length;
      continue;
    }
    for (let i = 0; i < lit.length; i++, p++) {
      const c = s.charCodeAt(p);
      const l = lit.charCodeAt(i);
      if (c !== l && c !== wild) return false;
    }
  }
  return true;
}

/** The leftmost `i >= from` where the segment matches `s[i, i + len)` with `i + len <= limit`, or -1. */
function find(seg: Segment, s: string, from: number, limit: number, blocked: number, wild: number): number {
  const len = seg.len;
  if (from + len > limit) return -1;
  if (seg.lit !== undefined && wild < 0) {
    // A literal never contains `blocked` (a character chosen outside the pattern).
    if (len <= 32) {
      const i = s.indexOf(seg.lit, from);
      return i >= 0 && i + len <= limit ? i : -1;
    }
    return kmpFind(seg, s, from, limit);
  }
  seg.sa ??= sharedShiftAnd(seg);
  return seg.sa.find(s, from, limit, blocked, wild);
}

/** Knuth–Morris–Pratt: O(limit - from) after an O(len) table. */
function kmpFind(seg: Segment, s: string, from: number, limit: number): number {
  const lit = seg.lit!;
  const m = lit.length;
  if (!seg.kmp) {
    const f = new Int32Array(m);
    for (let i = 1, k = 0; i < m; i++) {
      while (k > 0 && lit.charCodeAt(i) !== lit.charCodeAt(k)) k = f[k - 1];
      if (lit.charCodeAt(i) === lit.charCodeAt(k)) k++;
      f[i] = k;
    }
    seg.kmp = f;
  }
  const f = seg.kmp;
  for (let j = from, k = 0; j < limit; j++) {
    const c = s.charCodeAt(j);
    while (k > 0 && c !== lit.charCodeAt(k)) k = f[k - 1];
    if (c === lit.charCodeAt(k)) k++;
    if (k === m) return j - m + 1;
  }
  return -1;
}

interface ShiftAnd {
  find(s: string, from: number, limit: number, blocked: number, wild: number): number;
}

/**
 * Shift-And over the segment's positions: bit i of the state is set when the last i + 1
 * characters match the segment's first i + 1 steps. One word per 32 positions.
 */
/** The segment's steps as a key: `?` as NUL + "?", a literal NUL doubled. */
function stepKey(seg: Segment): string {
  return seg.toks.map((t) => (t.k === ONE ? "\u0000?" : t.s.replaceAll("\u0000", "\u0000\u0000"))).join("");
}

// Tables of short segments, shared: a pattern of many stars repeats the same few segments.
const shiftAndCache = new Map<string, ShiftAnd>();

function sharedShiftAnd(seg: Segment): ShiftAnd {
  if (seg.len > 32) return shiftAnd(seg);
  const key = stepKey(seg);
  let sa = shiftAndCache.get(key);
  if (!sa) {
    if (shiftAndCache.size >= CACHE_LIMIT) shiftAndCache.clear();
    sa = shiftAnd(seg);
    shiftAndCache.set(key, sa);
  }
  return sa;
}

function shiftAnd(seg: Segment): ShiftAnd {
  const len = seg.len;
  const words = (len + 31) >>> 5;
  const q = new Int32Array(words);
  const full = new Int32Array(words);
  const zero = new Int32Array(words);
  const rows = new Map<number, Int32Array>();
  const steps: number[] = []; // char code, or -1 for `?`
  for (const t of seg.toks) {
    if (t.k === ONE) steps.push(-1);
    else for (let i = 0; i < t.s.length; i++) steps.push(t.s.charCodeAt(i));
  }
  steps.forEach((c, i) => {
    full[i >>> 5] |= 1 << (i & 31);
    if (c < 0) q[i >>> 5] |= 1 << (i & 31);
  });
  steps.forEach((c, i) => {
    if (c < 0) return;
    let row = rows.get(c);
    if (!row) {
      row = q.slice();
      rows.set(c, row);
    }
    row[i >>> 5] |= 1 << (i & 31);
  });
  const hi = 1 << ((len - 1) & 31);
  const row = (c: number, blocked: number, wild: number) =>
    c === wild ? full : c === blocked ? zero : (rows.get(c) ?? q);
  if (words === 1) {
    const ascii = new Int32Array(128).fill(q[0]);
    for (const [c, r] of rows) if (c < 128) ascii[c] = r[0];
    return {
      find(s, from, limit, blocked, wild) {
        let d = 0;
        for (let j = from; j < limit; j++) {
          const c = s.charCodeAt(j);
          d = ((d << 1) | 1) & (c < 128 && c !== wild ? ascii[c] : row(c, blocked, wild)[0]);
          if (d & hi) return j - len + 1;
        }
        return -1;
      },
    };
  }
  return {
    find(s, from, limit, blocked, wild) {
      const d = new Int32Array(words);
      const last = words - 1;
      for (let j = from; j < limit; j++) {
        const r = row(s.charCodeAt(j), blocked, wild);
        let carry = 1;
        for (let w = 0; w < words; w++) {
          const x = d[w];
          d[w] = ((x << 1) | carry) & r[w];
          carry = x >>> 31;
        }
        if (d[last] & hi) return j - len + 1;
      }
      return -1;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Inclusion and overlap

/** Two characters outside both patterns' literal text: the fresh characters the proofs use. */
function freshPair(a: Shape, b: Shape): [number, number] {
  // Almost no pattern holds a character of the private use area: then its first two are fresh,
  // which the scan below would find too, without a set of every character of both patterns.
  if (highestCode(a) < FRESH_FROM && highestCode(b) < FRESH_FROM) return [FRESH_FROM, FRESH_FROM + 1];
  const used = new Set<number>();
  for (const seg of [...segmentsOf(a), ...segmentsOf(b)]) {
    for (const t of seg.toks) for (let i = 0; i < t.s.length; i++) used.add(t.s.charCodeAt(i));
  }
  const out: number[] = [];
  for (let c = FRESH_FROM; out.length < 2; c++) if (!used.has(c)) out.push(c);
  return [out[0], out[1]];
}

/** Where fresh characters are looked for: the private use area. */
const FRESH_FROM = 0xe000;

/** The largest character code in a shape's literal text (-1 for none), found on first use. */
const highest = new WeakMap<Shape, number>();
function highestCode(sh: Shape): number {
  let max = highest.get(sh);
  if (max === undefined) {
    max = -1;
    for (const seg of segmentsOf(sh)) {
      for (const t of seg.toks) for (let i = 0; i < t.s.length; i++) max = Math.max(max, t.s.charCodeAt(i));
    }
    highest.set(sh, max);
  }
  return max;
}

function segmentsOf(sh: Shape): Segment[] {
  return sh.tail ? [sh.head, ...sh.middle, sh.tail] : [sh.head];
}

/** b as text: literals as written, `?` as `one`, a star as `min` × `one` then `star`. */
function textOf(sh: Shape, one: number, star: number): string {
  const o = String.fromCharCode(one);
  const parts: string[] = [];
  segmentsOf(sh).forEach((seg, i) => {
    if (i > 0) parts.push(o.repeat(sh.gaps[i - 1]), String.fromCharCode(star));
    for (const t of seg.toks) parts.push(t.k === ONE ? o : t.s);
  });
  return parts.join("");
}

/**
 * L(b) ⊆ L(a). Replace each `?` of b by a fresh character F and each star of b by a fresh
 * character S that only a star of `a` may take; then b ⊆ a exactly when `a` matches that text.
 * Why: any string of b differs from such a text only where b has wildcards; `a` takes fresh
 * characters only with its own wildcards, which take anything, so the match carries over. A star
 * of b that `a` takes with a star covers any run there; and a string of b whose runs are all
 * longer than `a` can hold with its fixed steps forces every star of b into a star of `a`.
 */
function coversShape(a: Shape, b: Shape): boolean {
  const [one, star] = freshPair(a, b);
  if (!b.tail) {
    const text = textOf(b, one, star);
    return matchShape(a, text, 0, text.length, -1, -1);
  }
  if (!a.tail) return false; // b matches strings of every length above its minimum; a of one length
  const text = textOf(b, one, star);
  return matchShape(a, text, 0, text.length, star, -1);
}

function overlapShapes(wa: Wildcard, wb: Wildcard): boolean {
  const a = wa.shape;
  const b = wb.shape;
  if (a.hasClass || b.hasClass) return overlapUnits(unitsOf(wa), unitsOf(wb));
  if (a.tail && b.tail) {
    // Both hold a star: put one pattern's middle after the other's, padded; only the ends must agree.
    return agree(a.head, b.head, false) && agree(a.tail, b.tail, true);
  }
  const [fixed, other] = a.tail ? [b, a] : [a, b];
  if (!other.tail) return fixed.head.len === other.head.len && agree(fixed.head, other.head, false);
  const [wild] = freshPair(a, b);
  const text = textOf(fixed, wild, wild);
  return matchShape(other, text, 0, text.length, -1, wild);
}

/** Codes of a segment's steps, -1 for `?`. */
function codes(seg: Segment): number[] {
  const out: number[] = [];
  for (const t of seg.toks) {
    if (t.k === ONE) out.push(-1);
    else for (let i = 0; i < t.s.length; i++) out.push(t.s.charCodeAt(i));
  }
  return out;
}

/** Do two segments agree on their common length, aligned at the start (or at the end)? */
function agree(x: Segment, y: Segment, fromEnd: boolean): boolean {
  const a = codes(x);
  const b = codes(y);
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = fromEnd ? a[a.length - 1 - i] : a[i];
    const cb = fromEnd ? b[b.length - 1 - i] : b[i];
    if (ca >= 0 && cb >= 0 && ca !== cb) return false;
  }
  return true;
}

/** One step of the product automaton: a literal character, one character, or a run. */
type Unit = { k: typeof LIT; c: number } | { k: typeof ONE | typeof STAR; ex?: string };

const asciiUnits: Unit[] = Array.from({ length: 128 }, (_, c) => ({ k: LIT, c }));
const otherUnits = new Map<number, Unit>();
const ONE_UNIT: Unit = { k: ONE, ex: undefined };
const STAR_UNIT: Unit = { k: STAR, ex: undefined };

/** The shared unit of a literal character (units are never written to). */
function litUnit(c: number): Unit {
  if (c < 128) return asciiUnits[c];
  let u = otherUnits.get(c);
  if (!u) {
    u = { k: LIT, c };
    otherUnits.set(c, u);
  }
  return u;
}

/** A compiled pattern's units, made once (a long ARN is compared with several formats). */
const unitsMemo = new WeakMap<Wildcard, Unit[]>();
function unitsOf(w: Wildcard): Unit[] {
  let u = unitsMemo.get(w);
  if (!u) {
    u = units(w.toks);
    unitsMemo.set(w, u);
  }
  return u;
}

function units(toks: Tok[]): Unit[] {
  const out: Unit[] = [];
  for (const t of toks) {
    if (t.k === LIT) for (let i = 0; i < t.s.length; i++) out.push(litUnit(t.s.charCodeAt(i)));
    else if (t.k === ONE) out.push(t.ex === undefined ? ONE_UNIT : { k: ONE, ex: t.ex });
    else {
      for (let i = 0; i < (t.min ?? 0); i++) out.push(t.ex === undefined ? ONE_UNIT : { k: ONE, ex: t.ex });
      out.push(t.ex === undefined ? STAR_UNIT : { k: STAR, ex: t.ex });
    }
  }
  return out;
}

function literalUnits(s: string): Unit[] {
  const out: Unit[] = [];
  for (let i = 0; i < s.length; i++) out.push(litUnit(s.charCodeAt(i)));
  return out;
}

/** Can some character be taken by both steps? Classes exclude a few characters of a large alphabet. */
function compatible(x: Unit, y: Unit): boolean {
  if (x.k === LIT) return y.k === LIT ? x.c === y.c : !y.ex?.includes(String.fromCharCode(x.c));
  if (y.k === LIT) return !x.ex?.includes(String.fromCharCode(y.c));
  return true;
}

/** Per driving step (a character, or a class's exclusions): the bits it may advance from. */
type Masks = { advance: Uint32Array; stay: Uint32Array; within: Uint32Array };

/**
 * A short pattern's star bits and masks, by character (or class) of the driving pattern; bounded
 * by the characters that pattern meets, and dropped with the units (memoized per compiled pattern).
 */
interface ShortIndex {
  words: number;
  star: Uint32Array;
  byChar: Map<number, Masks>;
  byClass: Map<string, Masks>;
}
const shortIndexes = new WeakMap<Unit[], ShortIndex>();

/**
 * Is the product automaton's accepting state reachable? States (i, j) are positions in a and b;
 * every transition moves right in a, in b or both. The shorter pattern's positions are the bits of
 * a word array and the longer one drives: for each of its steps, the set of live positions is
 * closed under the moves that stay on that step (a run of the short pattern ending, or the driving
 * step's run taking the short pattern's characters: a carry through each run of such bits, one
 * addition per word) and then moved on by masks, so the cost is O(|long| · ⌈|short|/32⌉) word
 * operations plus one mask per distinct driving step. (A catalog ARN format has a few dozen units;
 * a policy's ARN may have a million.)
 */
function overlapUnits(a: Unit[], b: Unit[]): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  const n = short.length;
  // The short pattern's masks outlive the call: a catalog ARN format is the short pattern of
  // thousands of comparisons with policies' ARNs, which drive it with the same few characters.
  let index = shortIndexes.get(short);
  if (!index) {
    const words = ((n + 1) >>> 5) + 1;
    const star = new Uint32Array(words);
    for (let i = 0; i < n; i++) if (short[i].k === STAR) star[i >>> 5] |= 1 << (i & 31);
    index = { words, star, byChar: new Map(), byClass: new Map() };
    shortIndexes.set(short, index);
  }
  const { words, star, byChar, byClass } = index;
  const masksOf = (u: Unit): Masks => {
    const cache = u.k === LIT ? byChar : byClass;
    const key = u.k === LIT ? u.c : `${u.k}${u.ex ?? ""}`;
    let m = (cache as Map<number | string, Masks>).get(key);
    if (m) return m;
    const advance = new Uint32Array(words); // a single step of short: moves on in both
    const stay = new Uint32Array(words); // a run of short takes the character: moves on in long only
    const within = new Uint32Array(words); // long's run takes short's character: moves on in short only
    for (let i = 0; i < n; i++) {
      const t = short[i];
      if (!compatible(t, u)) continue;
      const bit = 1 << (i & 31);
      if (u.k === STAR) {
        if (t.k !== STAR) within[i >>> 5] |= bit;
      } else if (t.k === STAR) stay[i >>> 5] |= bit;
      else advance[i >>> 5] |= bit;
    }
    for (let w = 0; w < words; w++) within[w] |= star[w];
    m = { advance, stay, within };
    (cache as Map<number | string, Masks>).set(key, m);
    return m;
  };
  let cur = new Uint32Array(words);
  let next = new Uint32Array(words);
  cur[0] = 1;
  for (let j = 0; j <= long.length; j++) {
    const u = long[j];
    const m = u ? masksOf(u) : undefined;
    // Close `cur` under the moves along short that stay at step j: from each live bit, through the
    // run of `within` bits it starts in (and one past it). C = R | ((A + (R & A)) ^ A).
    const within = m ? m.within : star;
    let carry = 0;
    let any = 0;
    for (let w = 0; w < words; w++) {
      const A = within[w];
      const R = cur[w];
      const sum = A + ((R & A) >>> 0) + carry;
      carry = sum > 0xffffffff ? 1 : 0;
      cur[w] = R | ((sum >>> 0) ^ A);
      any |= cur[w];
    }
    if (!u) return ((cur[n >>> 5] >>> (n & 31)) & 1) === 1;
    if (any === 0) return false;
    // long's run takes nothing more: every live state moves on to step j + 1 as it is.
    if (u.k === STAR) continue;
    // One character: a single step of short moves on (shift by one), a run of short stays.
    let shiftIn = 0;
    for (let w = 0; w < words; w++) {
      const R = cur[w];
      const adv = R & m!.advance[w];
      next[w] = ((adv << 1) | shiftIn | (R & m!.stay[w])) >>> 0;
      shiftIn = adv >>> 31;
    }
    [cur, next] = [next, cur];
  }
  return false;
}
