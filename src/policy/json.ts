import type { Diagnostic } from "../diagnostics/index.js";
import { JsonPositionIndex } from "./json-index.js";
import { escapePointerSegment } from "./pointer.js";
import type { SourceMap, SourcePosition } from "./types.js";

/**
 * A small JSON parser that records where every value starts. `JSON.parse` gives no positions, and
 * every later finding (lint, quota, evaluation explanations) wants to point at the exact element.
 * Strict RFC 8259 JSON: no comments, no trailing commas; a leading byte-order mark is skipped.
 * It never throws: a syntax error becomes one `policy-json-syntax` diagnostic at the offending
 * character, and duplicate keys (JSON.parse keeps the last; so do we) a `policy-json-duplicate-key`
 * warning.
 */
export interface JsonParseResult {
  /** Absent when the text is not valid JSON. */
  value?: unknown;
  /** Every value's position, keyed by JSON pointer (`""` for the root). */
  sourceMap: SourceMap;
  diagnostics: Diagnostic[];
}

/** Nesting deeper than this is reported rather than risking the call stack. */
const MAX_DEPTH = 512;

/**
 * A `SourceMap` that is built only when first read. Most documents are valid and nobody asks where
 * their elements are, so `parseJsonWithPositions` lets `JSON.parse` build the value and keeps only
 * the text here; the first `get`, `has`, iteration or `size` scans it for positions. When the
 * position scan runs during parsing (a syntax error, duplicate keys), values are recorded in flat
 * arrays and the pointer strings are still made only on first read. Aliases (normalized paths)
 * added before then are applied, in order, when the map is built. Its users see a `ReadonlyMap`;
 * the only writes are the parser's `add` and normalization's `alias`.
 */
export class LazySourceMap implements ReadonlyMap<string, SourcePosition> {
  private readonly map = new Map<string, SourcePosition>();
  private record?: {
    parent: number[];
    segment: Array<string | number>;
    pos: number[];
  };
  private aliases?: string[];
  private pendingText?: string;
  /** Before the map is built: positions found by pointer, and the aliases by normalized path. */
  private index?: JsonPositionIndex;
  private aliasIndex?: Map<string, string[]>;

  /** With `text`, the map is filled by scanning it on first read. */
  constructor(text?: string) {
    this.pendingText = text;
  }

  /** @internal Record a value at `segment` under `parent` (-1 for the root); returns its index. */
  add(
    parent: number,
    segment: string | number,
    line: number,
    column: number,
    offset: number,
    keyLine: number,
    keyColumn: number,
  ): number {
    if (!this.record) this.record = { parent: [], segment: [], pos: [] };
    const r = this.record;
    r.parent.push(parent);
    r.segment.push(segment);
    r.pos.push(line, column, offset, keyLine, keyColumn);
    return r.parent.length - 1;
  }

  /** @internal The pointer of a recorded value, before the map is built. */
  pointerOf(id: number): string {
    const r = this.record;
    if (!r) return "";
    const parts: string[] = [];
    for (let i = id; i > 0; i = r.parent[i]) parts.push(escapePointerSegment(String(r.segment[i])));
    return parts.length === 0 ? "" : `/${parts.reverse().join("/")}`;
  }

  /** Record that `normalized` is at the position of `written` (if `normalized` has none of its own). */
  alias(normalized: string, written: string): void {
    if (this.record || this.pendingText !== undefined) {
      if (!this.aliases) this.aliases = [];
      this.aliases.push(normalized, written);
      if (this.aliasIndex) addAlias(this.aliasIndex, normalized, written);
      return;
    }
    const pos = this.map.get(written);
    if (pos && !this.map.has(normalized)) this.map.set(normalized, pos);
  }

  private built(): Map<string, SourcePosition> {
    const text = this.pendingText;
    if (text !== undefined) {
      this.pendingText = undefined;
      this.index = undefined;
      this.aliasIndex = undefined;
      new Parser(text, undefined, this).run();
    }
    const r = this.record;
    if (!r) return this.map;
    this.record = undefined;
    const n = r.parent.length;
    const pointers: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const parent = r.parent[i];
      const seg = r.segment[i];
      pointers[i] =
        parent < 0 ? "" : `${pointers[parent]}/${typeof seg === "number" ? seg : escapePointerSegment(seg)}`;
      const j = i * 5;
      const pos: SourcePosition = { line: r.pos[j], column: r.pos[j + 1], offset: r.pos[j + 2] };
      if (r.pos[j + 3] > 0) {
        pos.keyLine = r.pos[j + 3];
        pos.keyColumn = r.pos[j + 4];
      }
      this.map.set(pointers[i], pos);
    }
    const aliases = this.aliases;
    this.aliases = undefined;
    if (aliases) for (let i = 0; i < aliases.length; i += 2) this.alias(aliases[i], aliases[i + 1]);
    return this.map;
  }

  get size(): number {
    return this.built().size;
  }
  get(key: string): SourcePosition | undefined {
    if (this.pendingText !== undefined && !this.record) return this.find(key, 0);
    return this.built().get(key);
  }
  has(key: string): boolean {
    if (this.pendingText !== undefined && !this.record) return this.find(key, 0) !== undefined;
    return this.built().has(key);
  }

  /**
   * A position without building the map (which would cost an entry per value for the one or two
   * paths a finding asks about): the value's own position, else that of the first alias of it that
   * has one, as `built()` would give.
   */
  private find(key: string, depth: number): SourcePosition | undefined {
    this.index ??= new JsonPositionIndex(this.pendingText as string);
    const own = this.index.get(key);
    if (own || !this.aliases || depth > 8) return own;
    if (!this.aliasIndex) {
      this.aliasIndex = new Map();
      for (let i = 0; i < this.aliases.length; i += 2) addAlias(this.aliasIndex, this.aliases[i], this.aliases[i + 1]);
    }
    for (const written of this.aliasIndex.get(key) ?? []) {
      const pos = this.find(written, depth + 1);
      if (pos) return pos;
    }
    return undefined;
  }
  forEach(
    fn: (value: SourcePosition, key: string, map: ReadonlyMap<string, SourcePosition>) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, value] of this.built()) fn.call(thisArg, value, key, this);
  }
  keys(): MapIterator<string> {
    return this.built().keys();
  }
  values(): MapIterator<SourcePosition> {
    return this.built().values();
  }
  entries(): MapIterator<[string, SourcePosition]> {
    return this.built().entries();
  }
  [Symbol.iterator](): MapIterator<[string, SourcePosition]> {
    return this.built().entries();
  }
}

function addAlias(index: Map<string, string[]>, normalized: string, written: string): void {
  const list = index.get(normalized);
  if (list) list.push(written);
  else index.set(normalized, [written]);
}

class JsonSyntaxError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

export function parseJsonWithPositions(text: string, file?: string): JsonParseResult {
  // Fast path: the native parser builds the value; positions are scanned only when first asked
  // for. JSON.parse keeps the last of duplicate keys silently, so when the text has more object
  // members than the value has keys, scan now to report them.
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return new Parser(text, file).run(); // reports the error with its location
  }
  if (repeatsKeys(text, value)) return new Parser(text, file).run();
  return { value, sourceMap: new LazySourceMap(text), diagnostics: [] };
}

/**
 * The number of object members written in valid JSON text: its colons outside strings. Jumps from
 * quote to quote with `indexOf`, which is several times faster than a character loop.
 */
function countMembers(text: string): number {
  let n = 0;
  let i = 0;
  for (;;) {
    const quote = text.indexOf('"', i);
    const end = quote < 0 ? text.length : quote;
    for (let c = text.indexOf(":", i); c >= 0 && c < end; c = text.indexOf(":", c + 1)) n++;
    if (quote < 0) return n;
    // Find the closing quote: one preceded by an even number of backslashes.
    let j = quote + 1;
    for (;;) {
      j = text.indexOf('"', j);
      if (j < 0) return n;
      let k = j - 1;
      while (text.charCodeAt(k) === 92) k--;
      if ((j - 1 - k) % 2 === 0) break;
      j++;
    }
    i = j + 1;
  }
}

/** The number of object keys in a parsed JSON value, at every depth; -1 past `MAX_DEPTH`. */
/**
 * Whether valid JSON `text`, parsed by `JSON.parse` into `value`, writes more object members than
 * the value has keys (a key repeated in one object, which `JSON.parse` keeps the last of), or nests
 * too deep to count: then `parseJsonWithPositions` tells which, and where.
 */
export function repeatsKeys(text: string, value: unknown): boolean {
  return countMembers(text) !== countKeys(value);
}

function countKeys(value: unknown, depth = 0): number {
  if (typeof value !== "object" || value === null) return 0;
  if (depth >= MAX_DEPTH) return -1;
  let n = 0;
  if (Array.isArray(value)) {
    for (const v of value) {
      const k = countKeys(v, depth + 1);
      if (k < 0) return -1;
      n += k;
    }
    return n;
  }
  for (const key in value) {
    const k = countKeys((value as Record<string, unknown>)[key], depth + 1);
    if (k < 0) return -1;
    n += k + 1;
  }
  return n;
}

class Parser {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  readonly sourceMap: LazySourceMap;
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string | undefined,
    into?: LazySourceMap,
  ) {
    this.sourceMap = into ?? new LazySourceMap();
  }

  run(): JsonParseResult {
    try {
      if (this.text.charCodeAt(0) === 0xfeff) {
        this.pos = 1;
        this.lineStart = 1;
      }
      this.ws();
      if (this.pos >= this.text.length) throw new JsonSyntaxError("the document is empty", this.pos);
      const value = this.value(-1, "", 0, 0, 0);
      this.ws();
      if (this.pos < this.text.length) {
        throw new JsonSyntaxError(`unexpected ${this.describe(this.pos)} after the end of the JSON value`, this.pos);
      }
      return { value, sourceMap: this.sourceMap, diagnostics: this.diagnostics };
    } catch (err) {
      if (!(err instanceof JsonSyntaxError)) throw err;
      const { line, column } = this.lineColumn(err.offset);
      const d: Diagnostic = { code: "policy-json-syntax", severity: "error", message: `invalid JSON: ${err.message}` };
      if (this.file !== undefined) d.file = this.file;
      d.line = line;
      d.column = column;
      this.diagnostics.push(d);
      return { sourceMap: this.sourceMap, diagnostics: this.diagnostics };
    }
  }

  /** Line and column of any offset (only used for errors, so a rescan is fine). */
  private lineColumn(offset: number): { line: number; column: number } {
    let line = 1;
    let start = 0;
    const end = Math.min(offset, this.text.length);
    for (let i = 0; i < end; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        start = i + 1;
      }
    }
    return { line, column: offset - start + 1 };
  }

  private describe(offset: number): string {
    if (offset >= this.text.length) return "end of input";
    const ch = this.text[offset];
    return `character ${JSON.stringify(ch)}`;
  }

  private pointerOf(id: number, key: string): string {
    return `${this.sourceMap.pointerOf(id)}/${escapePointerSegment(key)}`;
  }

  private ws(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 9 || c === 13) p++;
      else if (c === 10) {
        p++;
        this.line++;
        this.lineStart = p;
      } else break;
    }
    this.pos = p;
  }

  /** Parse the value here; `keyLine` is 0 for array elements and the root. */
  private value(parent: number, segment: string | number, depth: number, keyLine: number, keyColumn: number): unknown {
    const id = this.sourceMap.add(
      parent,
      segment,
      this.line,
      this.pos - this.lineStart + 1,
      this.pos,
      keyLine,
      keyColumn,
    );
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 123: // {
        return this.object(id, depth);
      case 91: // [
        return this.array(id, depth);
      case 34: // "
        return this.string();
      case 116: // t
        return this.literal("true", true);
      case 102: // f
        return this.literal("false", false);
      case 110: // n
        return this.literal("null", null);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        throw new JsonSyntaxError(`expected a value but found ${this.describe(this.pos)}`, this.pos);
    }
  }

  private object(id: number, depth: number): Record<string, unknown> {
    if (depth >= MAX_DEPTH) throw new JsonSyntaxError(`nesting deeper than ${MAX_DEPTH} levels`, this.pos);
    this.pos++; // {
    const obj: Record<string, unknown> = {};
    this.ws();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return obj;
    }
    for (;;) {
      this.ws();
      if (this.text.charCodeAt(this.pos) !== 34) {
        throw new JsonSyntaxError(`expected a string key but found ${this.describe(this.pos)}`, this.pos);
      }
      const keyLine = this.line;
      const keyColumn = this.pos - this.lineStart + 1;
      const key = this.string();
      this.ws();
      if (this.text.charCodeAt(this.pos) !== 58) {
        throw new JsonSyntaxError(`expected ":" after the key ${JSON.stringify(key)}`, this.pos);
      }
      this.pos++;
      this.ws();
      if (Object.hasOwn(obj, key)) {
        const d: Diagnostic = {
          code: "policy-json-duplicate-key",
          severity: "warning",
          message: `duplicate key ${JSON.stringify(key)}: only the last one takes effect`,
        };
        if (this.file !== undefined) d.file = this.file;
        Object.assign(d, { line: keyLine, column: keyColumn, path: this.pointerOf(id, key) });
        this.diagnostics.push(d);
      }
      const v = this.value(id, key, depth + 1, keyLine, keyColumn);
      if (key === "__proto__") {
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
      } else obj[key] = v;
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      if (c === 44) {
        this.pos++;
        this.ws();
        if (this.text.charCodeAt(this.pos) === 125) throw new JsonSyntaxError("trailing comma in object", this.pos);
        continue;
      }
      if (c === 125) {
        this.pos++;
        return obj;
      }
      throw new JsonSyntaxError(`expected "," or "}" but found ${this.describe(this.pos)}`, this.pos);
    }
  }

  private array(id: number, depth: number): unknown[] {
    if (depth >= MAX_DEPTH) throw new JsonSyntaxError(`nesting deeper than ${MAX_DEPTH} levels`, this.pos);
    this.pos++; // [
    const arr: unknown[] = [];
    this.ws();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return arr;
    }
    for (;;) {
      this.ws();
      arr.push(this.value(id, arr.length, depth + 1, 0, 0));
      this.ws();
      const c = this.text.charCodeAt(this.pos);
      if (c === 44) {
        this.pos++;
        this.ws();
        if (this.text.charCodeAt(this.pos) === 93) throw new JsonSyntaxError("trailing comma in array", this.pos);
        continue;
      }
      if (c === 93) {
        this.pos++;
        return arr;
      }
      throw new JsonSyntaxError(`expected "," or "]" but found ${this.describe(this.pos)}`, this.pos);
    }
  }

  private string(): string {
    const t = this.text;
    const start = ++this.pos; // opening quote
    let p = start;
    // Fast path: no escapes.
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 34) {
        this.pos = p + 1;
        return t.slice(start, p);
      }
      if (c === 92) break;
      if (c < 32 || Number.isNaN(c)) return this.badStringChar(p);
      p++;
    }
    let out = t.slice(start, p);
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 34) {
        this.pos = p + 1;
        return out;
      }
      if (c === 92) {
        const e = t.charCodeAt(p + 1);
        p += 2;
        switch (e) {
          case 34:
            out += '"';
            break;
          case 92:
            out += "\\";
            break;
          case 47:
            out += "/";
            break;
          case 98:
            out += "\b";
            break;
          case 102:
            out += "\f";
            break;
          case 110:
            out += "\n";
            break;
          case 114:
            out += "\r";
            break;
          case 116:
            out += "\t";
            break;
          case 117: {
            const hex = t.slice(p, p + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError("invalid \\u escape in string", p - 2);
            out += String.fromCharCode(Number.parseInt(hex, 16));
            p += 4;
            break;
          }
          default:
            throw new JsonSyntaxError("invalid escape sequence in string", p - 2);
        }
        continue;
      }
      if (c < 32 || Number.isNaN(c)) return this.badStringChar(p);
      out += t[p];
      p++;
    }
  }

  private badStringChar(p: number): never {
    if (p >= this.text.length) throw new JsonSyntaxError("unterminated string", p);
    throw new JsonSyntaxError("unescaped control character (such as a line break) in string", p);
  }

  private number(): number {
    const t = this.text;
    const start = this.pos;
    let p = start;
    if (t.charCodeAt(p) === 45) p++;
    const digits = () => {
      const s = p;
      while (t.charCodeAt(p) >= 48 && t.charCodeAt(p) <= 57) p++;
      return p - s;
    };
    if (t.charCodeAt(p) === 48) p++;
    else if (digits() === 0) throw new JsonSyntaxError("invalid number", p);
    if (t.charCodeAt(p) === 46) {
      p++;
      if (digits() === 0) throw new JsonSyntaxError("invalid number: digits expected after the decimal point", p);
    }
    const e = t.charCodeAt(p);
    if (e === 101 || e === 69) {
      p++;
      const s = t.charCodeAt(p);
      if (s === 43 || s === 45) p++;
      if (digits() === 0) throw new JsonSyntaxError("invalid number: digits expected in the exponent", p);
    }
    this.pos = p;
    return Number(t.slice(start, p));
  }

  private literal<T>(word: string, value: T): T {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    throw new JsonSyntaxError(`expected a value but found ${this.describe(this.pos)}`, this.pos);
  }
}
