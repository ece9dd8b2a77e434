import type { Diagnostic } from "../diagnostics.js";
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

class JsonSyntaxError {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

export function parseJsonWithPositions(text: string, file?: string): JsonParseResult {
  const parser = new Parser(text, file);
  return parser.run();
}

class Parser {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  readonly sourceMap: SourceMap = new Map();
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string | undefined,
  ) {}

  run(): JsonParseResult {
    try {
      if (this.text.charCodeAt(0) === 0xfeff) {
        this.pos = 1;
        this.lineStart = 1;
      }
      this.ws();
      if (this.pos >= this.text.length) throw new JsonSyntaxError("the document is empty", this.pos);
      const value = this.value("", 0, undefined);
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

  private here(key?: { line: number; column: number }): SourcePosition {
    const pos: SourcePosition = { line: this.line, column: this.pos - this.lineStart + 1, offset: this.pos };
    if (key) {
      pos.keyLine = key.line;
      pos.keyColumn = key.column;
    }
    return pos;
  }

  private value(pointer: string, depth: number, key: { line: number; column: number } | undefined): unknown {
    this.sourceMap.set(pointer, this.here(key));
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 123: // {
        return this.object(pointer, depth);
      case 91: // [
        return this.array(pointer, depth);
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

  private object(pointer: string, depth: number): Record<string, unknown> {
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
      const keyPos = { line: this.line, column: this.pos - this.lineStart + 1 };
      const key = this.string();
      this.ws();
      if (this.text.charCodeAt(this.pos) !== 58) {
        throw new JsonSyntaxError(`expected ":" after the key ${JSON.stringify(key)}`, this.pos);
      }
      this.pos++;
      this.ws();
      const childPointer = `${pointer}/${escapePointerSegment(key)}`;
      if (Object.hasOwn(obj, key)) {
        const d: Diagnostic = {
          code: "policy-json-duplicate-key",
          severity: "warning",
          message: `duplicate key ${JSON.stringify(key)}: only the last one takes effect`,
        };
        if (this.file !== undefined) d.file = this.file;
        Object.assign(d, { line: keyPos.line, column: keyPos.column, path: childPointer });
        this.diagnostics.push(d);
      }
      const v = this.value(childPointer, depth + 1, keyPos);
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

  private array(pointer: string, depth: number): unknown[] {
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
      arr.push(this.value(`${pointer}/${arr.length}`, depth + 1, undefined));
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
