/**
 * A fast path in front of the `yaml` package for the plain subset of YAML that specs are written
 * in: one linear pass that builds the very node objects `parseDocument` builds (the package's own
 * `Document`, `YAMLMap`, `YAMLSeq`, `Pair`, `Scalar` and `Alias` classes, with the same `range`,
 * `anchor`, alias `source`, scalar `type`, `source` and `format`, plain scalars resolved by the
 * package's own core-schema tags) and fills the same `LineCounter`.
 *
 * It is not a YAML parser: the `yaml` package is the reference and reads everything else. The fast
 * path returns `undefined` — and has changed nothing — on anything outside its subset or in doubt,
 * including every syntax error (the package reports errors, with its messages and positions).
 *
 * The subset: a document whose root is a block mapping or sequence at column 0, optionally after
 * comment lines and blank lines; block mappings with single-line plain or quoted keys written
 * `key:` (no space before the colon); block sequences (`- x`, `- - x`, `- key: value`); values that
 * are single-line plain, single- or double-quoted scalars, aliases, or flow collections written on
 * one line (`[a, b]`, `{a: 1, b}`; see below for a flow root), optionally anchored (`&name`, names of letters, digits, `_`
 * and `-`) and followed by a ` # comment`; empty values; blank lines; comment lines, placed in the
 * ranges as the package places them (see `afterValue` and `settle`), but before an empty value or
 * between an anchor and its node. Not in it (the package reads them): tabs, `\r`, a BOM and other control characters,
 * directives, `---` and `...`, tags, `?` keys, block scalars, multi-line scalars and flow
 * collections, anchors on keys, aliases as keys, keys over 1,000 characters, and any indentation
 * but the regular one. Comments are not kept (nothing reads them).
 *
 * Also in it: a document whose root is a flow collection at column 0 — JSON as `JSON.stringify`
 * writes it, compact or indented — whose collections may then span lines (a line break only
 * between items, before a closing bracket or after an opening one or a `,`; no comments), and
 * whose double-quoted keys may be followed by `:` without a space. Nothing but spaces and blank
 * lines may follow it.
 */
import type * as Yaml from "yaml";
import type { Document, LineCounter, Node, Scalar } from "yaml";

/** Thrown (one shared object, no stack) when the text leaves the subset; caught in {@link fastParseYaml}. */
const BAIL: unknown = Object.freeze({ bail: true });

/** Where the last text left the subset (a stack), when `AI_IAM_DEBUG_FAST_YAML` is set: for debugging the fast path only. */
export let lastBail: string | undefined;

function bail(): unknown {
  if (process.env.AI_IAM_DEBUG_FAST_YAML) lastBail = new Error("bail").stack;
  return BAIL;
}

/** A core-schema scalar tag, as the package's schema holds it. */
interface ScalarTag {
  default?: boolean | "key";
  collection?: string;
  test?: RegExp;
  format?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

export interface FastYaml {
  doc: Document.Parsed;
  lines: LineCounter;
}

const ESCAPES: Record<string, string> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  e: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
};

const SP = 32;
const NL = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** Characters that may not begin a plain scalar here (YAML's indicators), `-` aside. */
function isIndicator(c: number): boolean {
  // ? : , [ ] { } # & * ! | > ' " % @ `
  return (
    c === 63 ||
    c === 58 ||
    c === 44 ||
    c === 91 ||
    c === 93 ||
    c === 123 ||
    c === 125 ||
    c === 35 ||
    c === 38 ||
    c === 42 ||
    c === 33 ||
    c === 124 ||
    c === 62 ||
    c === 39 ||
    c === 34 ||
    c === 37 ||
    c === 64 ||
    c === 96
  );
}

/** A flow indicator: `,` `[` `]` `{` `}`. */
function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/** Letters, digits, `_`, `-`: the anchor and alias names the fast path accepts. */
function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
}

/**
 * The document `parseDocument(text, { prettyErrors: false, uniqueKeys: false })` gives, with a
 * `LineCounter` filled as its lexer fills one, when `text` is in the subset above; else undefined.
 */
export function fastParseYaml(text: string, lib: typeof Yaml): FastYaml | undefined {
  try {
    return new FastParser(text, lib).parse();
  } catch (e) {
    if (e === BAIL) return undefined;
    throw e;
  }
}

class FastParser {
  private readonly text: string;
  private readonly n: number;
  private readonly lib: typeof Yaml;
  private readonly doc: Document.Parsed;
  private readonly tags: ScalarTag[];
  private readonly stringTag: ScalarTag;
  private readonly options: unknown;
  /** Start of the current content line (after blank lines), or `n`. */
  private line = 0;
  /** Its indentation (columns of leading spaces). */
  private indent = 0;
  /** Whether the last value read was an empty one. */
  private lastEmpty = false;
  /**
   * Comment lines after the last value that did not go into its range (their indentation), and
   * where the next content line's text begins: the package keeps them, with the blank lines around
   * them, in the innermost collection that ends there unless each is less indented than it.
   */
  private readonly trail: number[] = [];
  private trailEnd = 0;
  /** Whether flow collections may span lines (in a document whose root is one). */
  private multiline = false;

  constructor(text: string, lib: typeof Yaml) {
    this.text = text;
    this.n = text.length;
    this.lib = lib;
    this.doc = new lib.Document(undefined, { prettyErrors: false, uniqueKeys: false }) as Document.Parsed;
    const schema = this.doc.schema as unknown as Record<symbol, ScalarTag> & { tags: ScalarTag[] };
    this.tags = schema.tags.filter((t) => t.default === true && t.test && !t.collection);
    this.stringTag = schema[Symbol.for("yaml.scalar")] as ScalarTag;
    this.options = this.doc.options;
  }

  parse(): FastYaml {
    const { text, n } = this;
    const lines = new this.lib.LineCounter();
    lines.addNewLine(0);
    // Characters the subset does not take, anywhere: tabs, \r and other controls, DEL and C1, BOM,
    // the Unicode line and paragraph separators.
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < SP) {
        if (c !== NL) throw bail();
        lines.addNewLine(i + 1);
      } else if ((c >= 0x7f && c <= 0x9f) || c === 0xfeff || c === 0x2028 || c === 0x2029) throw bail();
    }
    // The prelude: blank lines and comment lines.
    let p = 0;
    for (;;) {
      let q = p;
      while (q < n && text.charCodeAt(q) === SP) q++;
      if (q < n && text.charCodeAt(q) === HASH) {
        while (q < n && text.charCodeAt(q) !== NL) q++;
      }
      if (q >= n) throw bail(); // an empty document
      if (text.charCodeAt(q) !== NL) {
        if (q !== p) throw bail(); // a root node that is not at column 0
        break;
      }
      p = q + 1;
    }
    const start = p;
    const first = text.charCodeAt(p);
    if (first === 123 || first === 91) return this.flowDocument(p, lines);
    this.setLine(p);
    const root = this.blockNode(0);
    if (this.line < n) throw bail();
    const doc = this.doc;
    doc.contents = root as never;
    const end = (root.range as [number, number, number])[2];
    // Lines after an empty value at the very end stay in its separator, outside the document's range.
    (doc as { range: [number, number, number] }).range = [start, end, this.lastEmpty ? end : n];
    return { doc, lines };
  }

  /**
   * A document whose root is a flow collection at column 0 — JSON, as `JSON.stringify` writes it,
   * with or without indentation — followed by nothing but spaces and line breaks. Its flow
   * collections may span lines (the root's indentation is -1, so any column continues it).
   */
  private flowDocument(start: number, lines: LineCounter): FastYaml {
    const { text, n } = this;
    this.multiline = true;
    const { node: root, end } = this.flow(start);
    let i = end;
    while (i < n && (text.charCodeAt(i) === SP || text.charCodeAt(i) === NL)) i++;
    if (i < n) throw bail();
    const rootEnd = this.flowRootEnd(end);
    (root.range as [number, number, number])[2] = rootEnd;
    const doc = this.doc;
    doc.contents = root as never;
    // As the package ends it: after the root's line and at most one more (blank) line.
    const docEnd = rootEnd < n ? this.flowRootEnd(rootEnd) : n;
    (doc as { range: [number, number, number] }).range = [start, rootEnd, docEnd];
    return { doc, lines };
  }

  /** Where the root flow collection's node ends: after the spaces and the line break that follow it. */
  private flowRootEnd(end: number): number {
    let i = end;
    while (i < this.n && this.text.charCodeAt(i) === SP) i++;
    return i < this.n ? i + 1 : i;
  }

  /**
   * Moves to the content line at or after `p`, skipping blank lines and, with `comments`, comment
   * lines (else a comment line bails). Returns whether it skipped a comment line.
   */
  private setLine(p: number, comments = false): boolean {
    const { text, n } = this;
    let skipped = false;
    for (;;) {
      let q = p;
      while (q < n && text.charCodeAt(q) === SP) q++;
      if (q >= n) {
        this.line = n;
        this.indent = -1;
        return skipped;
      }
      const c = text.charCodeAt(q);
      if (c === NL) {
        p = q + 1;
        continue;
      }
      if (c === HASH) {
        if (!comments) throw bail();
        skipped = true;
        while (q < n && text.charCodeAt(q) !== NL) q++;
        p = q < n ? q + 1 : n;
        continue;
      }
      if (q === p && (c === DASH || c === 46) && this.isDocMarker(p)) throw bail();
      if (q === p && c === 37) throw bail(); // a directive
      this.line = p;
      this.indent = q - p;
      return skipped;
    }
  }

  private isDocMarker(p: number): boolean {
    const t = this.text;
    return (t.startsWith("---", p) || t.startsWith("...", p)) && (p + 3 >= this.n || t.charCodeAt(p + 3) <= SP);
  }

  /** Whether `- ` (or `-` at the end of a line) is at `q`. */
  private isSeqIndicator(q: number): boolean {
    const t = this.text;
    if (t.charCodeAt(q) !== DASH) return false;
    const c = q + 1 < this.n ? t.charCodeAt(q + 1) : NL;
    return c === SP || c === NL;
  }

  /**
   * The block node whose first line is the current line, at its indentation (at least
   * `minIndent`): a mapping or a sequence (a scalar on a line of its own would be a multi-line
   * scalar or a root scalar: bail).
   */
  private blockNode(minIndent: number): Node {
    if (this.line >= this.n || this.indent < minIndent) throw bail();
    const q = this.line + this.indent;
    if (this.isSeqIndicator(q)) return this.blockSeq(q, this.indent);
    return this.blockMap(q, this.indent);
  }

  /** The block sequence whose first `-` is at `first`, column `col`. */
  private blockSeq(first: number, col: number): Node {
    const { text, n } = this;
    const seq = new this.lib.YAMLSeq(this.doc.schema);
    let q = first;
    let end = first;
    let commented = false;
    for (;;) {
      // `q` is at a `-` at column `col`.
      let r = q + 1;
      while (r < n && text.charCodeAt(r) === SP) r++;
      let item: Node;
      if (r >= n || text.charCodeAt(r) === NL) {
        item = this.emptyOrNested(r, col, false);
        // An empty item after comment lines: the package ends its range after the item's line.
        if (commented && (item.range as number[])[0] === r && this.lib.isScalar(item)) throw bail();
      } else if (text.charCodeAt(r) === HASH) {
        throw bail();
      } else {
        const rc = col + (r - q);
        const c = text.charCodeAt(r);
        if (c === 38) item = this.anchoredValue(r, col, false);
        else if (c === 91 || c === 123 || c === 42) item = this.inlineValue(r, col);
        else if (this.isSeqIndicator(r)) item = this.blockSeq(r, rc);
        else if (this.keyLineAt(r)) item = this.blockMap(r, rc);
        else item = this.inlineValue(r, col);
      }
      seq.items.push(item);
      end = (item.range as [number, number, number])[2];
      if (this.line >= n || this.indent < col) break;
      if (this.indent > col) throw bail();
      const d = this.line + col;
      if (!this.isSeqIndicator(d)) break; // the parent mapping's next key (checked there)
      commented = this.trail.length > 0;
      this.trail.length = 0;
      q = d;
    }
    seq.range = [first, end, this.settle(col, end)];
    return seq;
  }

  /** Whether the text at `r` begins a `key:` on this line (a plain or quoted key, then `:` and a space or the end of the line). */
  private keyLineAt(r: number): boolean {
    const { text, n } = this;
    const c = text.charCodeAt(r);
    if (c === 91 || c === 123) return false;
    if (c === 34 || c === 39) {
      const e = this.quotedEnd(r);
      return (
        e < n &&
        text.charCodeAt(e) === COLON &&
        (e + 1 >= n || text.charCodeAt(e + 1) === SP || text.charCodeAt(e + 1) === NL)
      );
    }
    for (let i = r; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === NL) return false;
      if (d === HASH && i > r && text.charCodeAt(i - 1) === SP) return false;
      if (d === COLON && (i + 1 >= n || text.charCodeAt(i + 1) === SP || text.charCodeAt(i + 1) === NL)) return true;
    }
    return false;
  }

  private blockMap(first: number, col: number): Node {
    const { text, n } = this;
    const map = new this.lib.YAMLMap(this.doc.schema);
    let q = first;
    let end = first;
    for (;;) {
      // `q` is at a key at column `col`.
      const key = this.key(q);
      const ke = (key.range as [number, number, number])[1];
      if (ke - q > 1000 || ke >= n || text.charCodeAt(ke) !== COLON) throw bail();
      let r = ke + 1;
      if (r < n && text.charCodeAt(r) !== SP && text.charCodeAt(r) !== NL) throw bail();
      while (r < n && text.charCodeAt(r) === SP) r++;
      let value: Node;
      if (r >= n || text.charCodeAt(r) === NL) {
        value = this.emptyOrNested(r, col, true);
      } else {
        const c = text.charCodeAt(r);
        if (c === HASH) throw bail();
        if (c === 38) value = this.anchoredValue(r, col, true);
        else {
          value = this.inlineValue(r, col);
          // A compact mapping as a value (`a: b: c`) is an error: the plain scalar stopped at `: `.
        }
      }
      map.items.push(new this.lib.Pair(key, value));
      end = (value.range as [number, number, number])[2];
      if (this.line >= n || this.indent < col) break;
      if (this.indent > col) throw bail();
      const d = this.line + col;
      // A sequence at the mapping's column is only a value of an empty key (read in emptyOrNested).
      if (this.isSeqIndicator(d)) throw bail();
      this.trail.length = 0;
      q = d;
    }
    map.range = [first, end, this.settle(col, end)];
    return map;
  }

  /** A key at `q`: a single-line plain or quoted scalar, ending right before its `:`. */
  private key(q: number): Scalar {
    const { text, n } = this;
    const c = text.charCodeAt(q);
    if (c === 34 || c === 39) return this.quoted(q);
    if (c === 60 && text.charCodeAt(q + 1) === 60) throw bail(); // `<<`: a merge key in YAML 1.1
    if (c === DASH || isIndicator(c)) {
      // `-x` is a plain key; `- ` would be a sequence (not here); any other indicator bails.
      if (!(c === DASH && q + 1 < n && text.charCodeAt(q + 1) > SP)) throw bail();
    }
    let i = q;
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === NL) throw bail();
      if (d === COLON && (i + 1 >= n || text.charCodeAt(i + 1) === SP || text.charCodeAt(i + 1) === NL)) break;
      if (d === HASH && text.charCodeAt(i - 1) === SP) throw bail();
    }
    if (i >= n) throw bail();
    if (text.charCodeAt(i - 1) === SP) throw bail(); // `key :`
    const source = text.slice(q, i);
    return this.plainScalar(source, q, i, i);
  }

  /**
   * The value after `key:` or `-` when nothing follows on the line (`r` is the end of the line,
   * after any spaces): a block node on the next lines, deeper than `col` (or a sequence at `col`
   * when the parent is a mapping), else an empty scalar at `r`.
   */
  private emptyOrNested(r: number, col: number, inMap: boolean): Node {
    // Comment lines before a nested node are its own (`commentBefore`, outside its range); before
    // an empty value the package puts them in its range: bail.
    const commented = this.setLine(r < this.n ? r + 1 : r, true);
    if (this.line < this.n) {
      if (this.indent > col) return this.blockNode(col + 1);
      if (inMap && this.indent === col && this.isSeqIndicator(this.line + col)) {
        return this.blockSeq(this.line + col, col);
      }
    }
    if (commented) throw bail();
    const empty = this.plainScalar("", r, r, r);
    this.lastEmpty = true;
    return empty;
  }

  /** `&name` at `r`, then a value on this line or a block collection on the next ones. */
  private anchoredValue(r: number, col: number, inMap: boolean): Node {
    const { text, n } = this;
    let i = r + 1;
    while (i < n && isNameChar(text.charCodeAt(i))) i++;
    if (i === r + 1) throw bail();
    const name = text.slice(r + 1, i);
    if (i < n && text.charCodeAt(i) !== SP && text.charCodeAt(i) !== NL) throw bail();
    while (i < n && text.charCodeAt(i) === SP) i++;
    let node: Node;
    if (i >= n || text.charCodeAt(i) === NL) {
      this.setLine(i < n ? i + 1 : i);
      if (this.line >= n || this.indent <= col) throw bail(); // an anchored empty value
      node = this.blockNode(col + 1);
    } else {
      const c = text.charCodeAt(i);
      if (c === HASH || c === 38 || c === 42) throw bail();
      if (!inMap && this.keyLineAt(i)) throw bail(); // `- &a key: value`
      node = this.inlineValue(i, col);
    }
    node.anchor = name;
    return node;
  }

  /**
   * A value written on one line from `r`: a scalar, an alias or a flow collection, then spaces,
   * an optional ` # comment` and the end of the line. Moves to the next content line.
   */
  private inlineValue(r: number, col: number): Node {
    const { text, n } = this;
    this.lastEmpty = false;
    const c = text.charCodeAt(r);
    let node: Node;
    let e: number;
    if (c === 34 || c === 39) {
      node = this.quoted(r);
      e = (node.range as number[])[1] as number;
    } else if (c === 42) {
      let i = r + 1;
      while (i < n && isNameChar(text.charCodeAt(i))) i++;
      if (i === r + 1) throw bail();
      node = new this.lib.Alias(text.slice(r + 1, i));
      e = i;
    } else if (c === 91 || c === 123) {
      const res = this.flow(r);
      node = res.node;
      e = res.end;
    } else {
      if (isIndicator(c)) throw bail();
      if (c === DASH && (r + 1 >= n || text.charCodeAt(r + 1) <= SP)) throw bail();
      let i = r;
      let last = r; // end of the last non-space character
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === NL) break;
        if (d === SP) continue;
        if (d === HASH && text.charCodeAt(i - 1) === SP) break;
        if (d === COLON && (i + 1 >= n || text.charCodeAt(i + 1) === SP || text.charCodeAt(i + 1) === NL)) throw bail();
        last = i + 1;
      }
      e = last;
      node = undefined as unknown as Node;
      // The line's end decides range[2]; built below.
      const lineEnd = this.lineEnd(e);
      const scalar = this.plainScalar(text.slice(r, e), r, e, lineEnd);
      this.afterValue(lineEnd, scalar, col);
      return scalar;
    }
    const lineEnd = this.lineEnd(e);
    const range = node.range as [number, number, number] | undefined;
    if (range) range[2] = lineEnd;
    else node.range = [r, e, lineEnd];
    this.afterValue(lineEnd, node, col);
    return node;
  }

  /**
   * Moves to the content line after a value whose line ends at `p`, in a collection at column
   * `col`. Comment lines deeper than `col` that follow the value (blank lines between) extend its
   * range, as the package appends them to the value's end; the other comment lines go to
   * {@link trail}.
   */
  private afterValue(p: number, node: Node, col: number): void {
    const { text, n } = this;
    let appending = true;
    for (;;) {
      let q = p;
      while (q < n && text.charCodeAt(q) === SP) q++;
      if (q >= n) {
        this.line = n;
        this.indent = -1;
        this.trailEnd = n;
        return;
      }
      const c = text.charCodeAt(q);
      if (c === NL) {
        p = q + 1;
        continue;
      }
      if (c === HASH) {
        let e = q;
        while (e < n && text.charCodeAt(e) !== NL) e++;
        e = e < n ? e + 1 : n;
        if (appending && q - p > col) (node.range as [number, number, number])[2] = e;
        else {
          appending = false;
          this.trail.push(q - p);
        }
        p = e;
        continue;
      }
      if (q === p && (c === DASH || c === 46) && this.isDocMarker(p)) throw bail();
      if (q === p && c === 37) throw bail();
      this.line = p;
      this.indent = q - p;
      this.trailEnd = q;
      return;
    }
  }

  /**
   * A collection at column `col` ends: where its range ends, `end` or, when the comment lines
   * before the next content stay in it (one of them is as deep as `col`, and `col` is not 0), the
   * next content's start. Comment lines less indented move on to the parent, as the package moves them.
   */
  private settle(col: number, end: number): number {
    const trail = this.trail;
    if (trail.length === 0 || col === 0) return end;
    for (const indent of trail) {
      if (indent >= col) {
        trail.length = 0;
        return this.trailEnd;
      }
    }
    return end;
  }

  /** After a value ending at `e`: spaces, an optional comment (after a space), the newline; returns the offset after it. */
  private lineEnd(e: number): number {
    const { text, n } = this;
    let i = e;
    while (i < n && text.charCodeAt(i) === SP) i++;
    if (i < n && text.charCodeAt(i) === HASH) {
      if (i === e) throw bail();
      while (i < n && text.charCodeAt(i) !== NL) i++;
    }
    if (i >= n) return n;
    if (text.charCodeAt(i) !== NL) throw bail();
    return i + 1;
  }

  /** Offset of the closing quote + 1 of the quoted scalar at `q` on this line, or bails. */
  private quotedEnd(q: number): number {
    const { text, n } = this;
    const quote = text.charCodeAt(q);
    for (let i = q + 1; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === NL) throw bail();
      if (quote === 34 && d === 92) {
        i++;
        if (i >= n || text.charCodeAt(i) === NL) throw bail();
      } else if (d === quote) {
        if (quote === 39 && i + 1 < n && text.charCodeAt(i + 1) === 39) i++;
        else return i + 1;
      }
    }
    throw bail();
  }

  /** The quoted scalar at `q` (single line); range [q, end, end]. */
  private quoted(q: number): Scalar {
    const text = this.text;
    const e = this.quotedEnd(q);
    const body = text.slice(q + 1, e - 1);
    let value: string;
    let type: Scalar.Type;
    if (text.charCodeAt(q) === 39) {
      value = body.includes("''") ? body.replace(/''/g, "'") : body;
      type = "QUOTE_SINGLE";
    } else {
      value = body.includes("\\") ? unescapeDouble(body) : body;
      type = "QUOTE_DOUBLE";
    }
    const scalar = new this.lib.Scalar(value);
    scalar.range = [q, e, e];
    (scalar as { source?: string }).source = value;
    scalar.type = type;
    return scalar;
  }

  /** A plain scalar resolved as the package resolves it (core schema, by test). */
  private plainScalar(source: string, start: number, valueEnd: number, nodeEnd: number): Scalar {
    let tag = this.stringTag;
    for (const t of this.tags) {
      if (t.test?.test(source)) {
        tag = t;
        break;
      }
    }
    let failed = false;
    const res = tag.resolve(
      source,
      () => {
        failed = true;
      },
      this.options,
    );
    if (failed) throw bail();
    const scalar = (this.lib.isScalar(res) ? res : new this.lib.Scalar(res)) as Scalar;
    scalar.range = [start, valueEnd, nodeEnd];
    (scalar as { source?: string }).source = source;
    scalar.type = "PLAIN";
    if (tag.format) scalar.format = tag.format;
    return scalar;
  }

  /** The flow collection at `r`, on this line; its range ends at the closing bracket (the caller sets range[2]). */
  private flow(r: number): { node: Node; end: number } {
    const { text, n } = this;
    const isMap = text.charCodeAt(r) === 123;
    const close = isMap ? 125 : 93;
    const coll = isMap ? new this.lib.YAMLMap(this.doc.schema) : new this.lib.YAMLSeq(this.doc.schema);
    coll.flow = true;
    let i = r + 1;
    const multiline = this.multiline;
    const skip = () => {
      while (i < n && (text.charCodeAt(i) === SP || (multiline && text.charCodeAt(i) === NL))) i++;
      if (i >= n) throw bail();
      const c = text.charCodeAt(i);
      if (c === NL || c === HASH) throw bail();
    };
    skip();
    while (text.charCodeAt(i) !== close) {
      if (isMap) {
        const c = text.charCodeAt(i);
        if (c === 38 || c === 42 || c === 91 || c === 123) throw bail(); // anchored, alias or collection keys
        const key = this.flowItem(i);
        i = (key.node.range as number[])[1] as number;
        if (text.charCodeAt(i) === COLON) {
          // `key: value`; after a quoted key also `"key":value` (a JSON-like key, YAML 1.2).
          const next = i + 1 < n ? text.charCodeAt(i + 1) : NL;
          const type = (key.node as Scalar).type;
          if (next !== SP && type !== "QUOTE_DOUBLE" && type !== "QUOTE_SINGLE") throw bail();
          if (next === NL) throw bail();
          i++;
          skip();
          const c2 = text.charCodeAt(i);
          if (c2 === 44 || c2 === 125 || c2 === 93) throw bail(); // `{a: }`
          const value = this.flowItem(i);
          i = value.end;
          (coll as Yaml.YAMLMap).items.push(new this.lib.Pair(key.node, value.node));
        } else {
          (coll as Yaml.YAMLMap).items.push(new this.lib.Pair(key.node));
        }
      } else {
        const item = this.flowItem(i);
        i = item.end;
        (coll as Yaml.YAMLSeq).items.push(item.node);
      }
      const itemEnd = i;
      // An item's range ends after the spaces that follow it. Before a closing bracket on a later
      // line, a sequence item's range ends at the bracket, a mapping value's after the line break.
      let e = i;
      while (e < n && text.charCodeAt(e) === SP) e++;
      skip();
      if (i > e) {
        if (text.charCodeAt(i) !== close) throw bail(); // `,` on a later line
        e = isMap ? e + 1 : i;
      }
      if (e > itemEnd) setEnd(isMap ? (coll as Yaml.YAMLMap).items.at(-1) : (coll as Yaml.YAMLSeq).items.at(-1), e);
      const c = text.charCodeAt(i);
      if (c === 44) {
        i++;
        skip();
      } else if (c !== close) throw bail();
    }
    const end = i + 1;
    coll.range = [r, end, end];
    return { node: coll, end };
  }

  /** One item of a flow collection at `i`: its node and where it ends. */
  private flowItem(i: number): { node: Node; end: number } {
    const { text, n } = this;
    const c = text.charCodeAt(i);
    if (c === 38) {
      let j = i + 1;
      while (j < n && isNameChar(text.charCodeAt(j))) j++;
      if (j === i + 1 || j >= n || text.charCodeAt(j) !== SP) throw bail();
      const name = text.slice(i + 1, j);
      while (j < n && text.charCodeAt(j) === SP) j++;
      const c2 = text.charCodeAt(j);
      if (c2 === 38 || c2 === 42 || c2 === 44 || c2 === 93 || c2 === 125 || c2 === NL || c2 === HASH) throw bail();
      const item = this.flowItem(j);
      item.node.anchor = name;
      return item;
    }
    if (c === 42) {
      let j = i + 1;
      while (j < n && isNameChar(text.charCodeAt(j))) j++;
      if (j === i + 1) throw bail();
      const alias = new this.lib.Alias(text.slice(i + 1, j));
      alias.range = [i, j, j];
      return { node: alias, end: j };
    }
    if (c === 91 || c === 123) return this.flow(i);
    if (c === 34 || c === 39) {
      const s = this.quoted(i);
      return { node: s, end: (s.range as number[])[1] as number };
    }
    if (isIndicator(c)) throw bail();
    if (c === DASH && (i + 1 >= n || text.charCodeAt(i + 1) <= SP || isFlowIndicator(text.charCodeAt(i + 1))))
      throw bail();
    let j = i;
    let last = i;
    for (; j < n; j++) {
      const d = text.charCodeAt(j);
      if (d === NL || isFlowIndicator(d)) break;
      if (d === SP) continue;
      if (d === HASH || d === COLON) {
        // A comment or a `key: value` inside a sequence bail. A colon right after a character
        // ends a flow-mapping key when a space follows it; when a printable ASCII character
        // that is not a flow indicator or `#` follows it, it is part of the plain scalar
        // (`s3:GetObject`: YAML 1.2's ns-plain-char, `:` followed by ns-plain-safe(c)).
        if (d === COLON && j === last && j + 1 < n) {
          const e = text.charCodeAt(j + 1);
          if (e === SP) break;
          if (e > SP && e < 127 && e !== HASH && !isFlowIndicator(e)) {
            last = j + 1;
            continue;
          }
        }
        throw bail();
      }
      last = j + 1;
    }
    if (j < n && (text.charCodeAt(j) === 91 || text.charCodeAt(j) === 123)) throw bail();
    const s = this.plainScalar(text.slice(i, last), i, last, last);
    return { node: s, end: last };
  }
}

/** Sets range[2] of a flow item (a pair's value, else its key). */
function setEnd(item: unknown, end: number): void {
  const pair = item as { key?: Node; value?: Node | null };
  if (pair && "key" in pair && !pair.value) return; // `{a , b}`: a key without a value keeps its end
  const node = (pair && "key" in pair ? pair.value : item) as Node;
  (node.range as [number, number, number])[2] = end;
}

/** A double-quoted scalar's body (one line) with its escapes resolved as the package resolves them; bails on an invalid one. */
function unescapeDouble(body: string): string {
  let res = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== "\\") {
      res += ch;
      continue;
    }
    const next = body[++i];
    if (next === undefined) throw bail();
    const cc = Object.hasOwn(ESCAPES, next) ? ESCAPES[next] : undefined;
    if (cc !== undefined) {
      res += cc;
    } else if (next === "x" || next === "u" || next === "U") {
      const length = next === "x" ? 2 : next === "u" ? 4 : 8;
      const hex = body.substr(i + 1, length);
      if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw bail();
      const code = Number.parseInt(hex, 16);
      if (code > 0x10ffff) throw bail();
      res += String.fromCodePoint(code);
      i += length;
    } else throw bail();
  }
  return res;
}
