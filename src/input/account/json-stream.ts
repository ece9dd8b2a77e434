import type { Diagnostic } from "../../diagnostics/index.js";

/**
 * A streaming reader for the JSON shapes AWS exports: one top-level object whose members are long
 * arrays (`{"UserDetailList": [...], "Policies": [...]}`, CloudTrail's `{"Records": [...]}`), or
 * one top-level array. Text is fed in chunks; each array element is handed over as its own text
 * with the line and column where it starts, so a caller parses one element at a time with
 * `JSON.parse` (native, fast) and memory stays at one element however large the file is.
 *
 * It checks only the structure it walks (the top-level object, its keys, the arrays' commas and
 * brackets, strings and nesting); the content of an element is the caller's `JSON.parse` to judge,
 * and `locateInElement` turns a position inside an element into a position in the file.
 */
export interface StreamPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units (as the policy parser counts). */
  column: number;
  /** 0-based offset in the whole text. */
  offset: number;
}

export interface StreamHandlers {
  /** An element of the array under `key` (`""` for a top-level array), `index` its position in that array. */
  element(key: string, index: number, text: string, at: StreamPosition): void;
  /** A top-level member that is not an array (`"IsTruncated": false`, `"Marker": "..."`). */
  member?(key: string, text: string, at: StreamPosition): void;
}

// Scanner states.
const START = 0; // before the top-level value
const KEY_OR_END = 1; // after `{`: a key or `}`
const KEY = 2; // after `,` in the top-level object: a key
const IN_KEY = 3; // inside a key string
const COLON = 4;
const VALUE = 5; // after `:`: an array (streamed) or another value (captured whole)
const ELEMENT_OR_END = 6; // after `[`: an element or `]`
const ELEMENT = 7; // after `,` in an array: an element
const COMMA_OR_END = 8; // after an element: `,` or `]`
const AFTER_MEMBER = 9; // after a top-level member: `,` or `}`
const DONE = 10; // after the top-level value: whitespace only
const CAPTURE = 11; // inside an element or a member value

const WS = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** The reader: `write` chunks in order, then `end`. It never throws on bad input; it reports it. */
export class JsonArrayStream {
  private buf = "";
  /** Offset in the whole text of `buf[0]`. */
  private base = 0;
  /** Scan position in `buf`. */
  private i = 0;
  private line = 1;
  /** Offset (whole text) where the current line starts. */
  private lineStart = 0;
  private state = START;
  private topArray = false;
  private key = "";
  private keyStart = 0;
  private index = 0;
  // Capture of one value: where it starts, its nesting, string state.
  private capStart = 0;
  private capAt: StreamPosition = { line: 1, column: 1, offset: 0 };
  private capDepth = 0;
  private capScalar = false;
  private capForElement = false;
  private inString = false;
  private escaped = false;
  private failed?: Diagnostic;
  private readonly seenKeys = new Set<string>();
  // The last line-break search (see nextLineBreak).
  private nlBuf = "";
  private nlFrom = 0;
  private nlAt = -1;

  constructor(
    private readonly handlers: StreamHandlers,
    private readonly file?: string,
  ) {}

  /** The first structural error, if any (reading stops there). */
  get error(): Diagnostic | undefined {
    return this.failed;
  }

  write(chunk: string): void {
    if (this.failed || chunk.length === 0) return;
    let text = chunk;
    if (this.base === 0 && this.buf.length === 0 && this.i === 0 && text.charCodeAt(0) === 0xfeff) {
      // A byte-order mark: skip it, as JSON parsers do.
      text = text.slice(1);
      this.base = 1;
      this.lineStart = 1;
    }
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    this.scan();
    this.compact();
  }

  /** Finish: reports a truncated text. Returns every problem found (at most one). */
  end(): Diagnostic[] {
    if (!this.failed) {
      if (this.state === CAPTURE && this.capScalar && this.capDepth === 0 && !this.inString) {
        this.finishCapture(this.buf.length); // a scalar top-level member that ends the text
      } else if (this.state === CAPTURE) {
        this.countLines(this.capStart, this.buf.length); // where the text ends, for the report
      }
      if (this.state !== DONE && !this.failed) {
        const where = this.describeInside();
        this.fail(
          this.base + this.buf.length,
          `the text ends ${where}: it looks truncated`,
          "export it again; a paginated export must be complete (IsTruncated false)",
        );
      }
    }
    return this.failed ? [this.failed] : [];
  }

  private describeInside(): string {
    if (this.state === START) return "before any JSON value";
    if (this.state === CAPTURE && this.capForElement)
      return `inside element ${this.index} of ${this.key === "" ? "the top-level array" : `"${this.key}"`}`;
    if (this.state === CAPTURE) return `inside the value of "${this.key}"`;
    if (this.state === ELEMENT_OR_END || this.state === ELEMENT || this.state === COMMA_OR_END)
      return `inside ${this.key === "" ? "the top-level array" : `the array "${this.key}"`} (after ${this.index} elements)`;
    return "before the top-level object is closed";
  }

  /** Drop what has been consumed, keeping the value being captured. */
  private compact(): void {
    const keep = this.state === CAPTURE ? this.capStart : this.state === IN_KEY ? this.keyStart : this.i;
    if (keep > 0) {
      this.buf = this.buf.slice(keep);
      this.base += keep;
      this.i -= keep;
      if (this.state === CAPTURE) this.capStart = 0;
      if (this.state === IN_KEY) this.keyStart = 0;
    }
  }

  private position(bufIndex: number): StreamPosition {
    const offset = this.base + bufIndex;
    return { line: this.line, column: offset - this.lineStart + 1, offset };
  }

  private fail(offset: number, message: string, hint?: string): void {
    if (this.failed) return;
    this.failed = {
      code: "account-json-syntax",
      severity: "error",
      message: `invalid JSON: ${message}`,
      ...(this.file !== undefined ? { file: this.file } : {}),
      line: this.line,
      column: offset - this.lineStart + 1,
      ...(hint ? { hint } : {}),
    };
  }

  private unexpected(bufIndex: number, expected: string): void {
    const ch = JSON.stringify(this.buf[bufIndex]);
    this.fail(this.base + bufIndex, `unexpected character ${ch}, expected ${expected}`);
  }

  private startCapture(i: number, forElement: boolean): void {
    this.state = CAPTURE;
    this.capStart = i;
    this.capAt = this.position(i);
    this.capDepth = 0;
    this.capForElement = forElement;
    const c = this.buf.charCodeAt(i);
    this.capScalar = c !== 123 && c !== 91 && c !== 34; // not `{`, `[` or `"`
    this.inString = false;
    this.escaped = false;
  }

  /** The captured value ends just before `end` (exclusive). */
  /** Count the line breaks in `buf[from, to)` (a captured value's). */
  private countLines(from: number, to: number): void {
    for (let j = this.nextLineBreak(from); j >= 0 && j < to; j = this.nextLineBreak(j + 1)) {
      this.line++;
      this.lineStart = this.base + j + 1;
    }
  }

  /**
   * The next line break at or after `from` in `buf`, remembered: one-line records in a file with
   * few line breaks would otherwise search to the end of the buffer once per record.
   */
  private nextLineBreak(from: number): number {
    if (this.nlBuf !== this.buf || from < this.nlFrom || (this.nlAt >= 0 && from > this.nlAt)) {
      this.nlBuf = this.buf;
      this.nlFrom = from;
      this.nlAt = this.buf.indexOf("\n", from);
    }
    return this.nlAt;
  }

  private finishCapture(end: number): void {
    this.countLines(this.capStart, end);
    const text = this.buf.slice(this.capStart, end);
    if (this.capForElement) {
      this.handlers.element(this.key, this.index, text, this.capAt);
      this.index++;
      this.state = COMMA_OR_END;
    } else {
      this.handlers.member?.(this.key, text, this.capAt);
      this.state = AFTER_MEMBER;
    }
  }

  private scan(): void {
    const buf = this.buf;
    const n = buf.length;
    let i = this.i;
    while (i < n && !this.failed) {
      const c = buf.charCodeAt(i);
      if (this.state === CAPTURE) {
        // The hot loop: find where the value ends. Inside strings it jumps from quote to quote
        // (indexOf is native); lines inside the value are counted once it is complete.
        let depth = this.capDepth;
        let inString = this.inString;
        const scalar = this.capScalar;
        let done = -1;
        while (i < n) {
          if (inString) {
            const q = buf.indexOf('"', i);
            if (q < 0) {
              i = n;
              break;
            }
            let k = q - 1;
            while (k >= 0 && buf.charCodeAt(k) === 92) k--;
            i = q + 1;
            if ((q - 1 - k) % 2 === 1) continue; // an escaped quote
            inString = false;
            if (depth === 0) {
              done = i;
              break;
            }
            continue;
          }
          const ch = buf.charCodeAt(i);
          if (ch === 34) inString = true;
          else if (ch === 123 || ch === 91) depth++;
          else if (ch === 125 || ch === 93) {
            if (scalar && depth === 0) {
              done = i;
              break;
            }
            depth--;
            if (depth === 0) {
              done = i + 1;
              break;
            }
          } else if (scalar && depth === 0 && (ch === 44 || ch === 32 || ch === 13 || ch === 9 || ch === 10)) {
            done = i;
            break;
          }
          i++;
        }
        this.capDepth = depth;
        this.inString = inString;
        if (done < 0) break; // need more text
        this.finishCapture(done);
        i = done;
        continue;
      }
      if (c === 10) {
        this.line++;
        this.lineStart = this.base + i + 1;
        i++;
        continue;
      }
      if (WS(c)) {
        i++;
        continue;
      }
      switch (this.state) {
        case START:
          if (c === 123) this.state = KEY_OR_END;
          else if (c === 91) {
            this.topArray = true;
            this.key = "";
            this.index = 0;
            this.state = ELEMENT_OR_END;
          } else this.unexpected(i, "'{' or '['");
          i++;
          break;
        case KEY_OR_END:
        case KEY:
          if (c === 34) {
            this.state = IN_KEY;
            this.keyStart = i;
            this.inString = false;
            this.escaped = false;
            i++;
          } else if (c === 125 && this.state === KEY_OR_END) {
            this.state = DONE;
            i++;
          } else {
            this.unexpected(i, this.state === KEY ? "a key" : "a key or '}'");
          }
          break;
        case IN_KEY: {
          // Find the closing quote (keys are short; a plain loop).
          let j = i;
          let escaped = this.escaped;
          for (; j < n; j++) {
            const ch = buf.charCodeAt(j);
            if (escaped) escaped = false;
            else if (ch === 92) escaped = true;
            else if (ch === 34) break;
            else if (ch === 10) {
              this.fail(this.base + j, "a line break inside a key");
              break;
            }
          }
          this.escaped = escaped;
          if (this.failed) return;
          if (j >= n) {
            i = n;
            break;
          }
          try {
            this.key = JSON.parse(buf.slice(this.keyStart, j + 1)) as string;
          } catch {
            this.fail(this.base + this.keyStart, "an invalid escape in a key");
            return;
          }
          if (this.seenKeys.has(this.key)) {
            this.fail(this.base + this.keyStart, `the key "${this.key}" appears twice`);
            return;
          }
          this.seenKeys.add(this.key);
          this.state = COLON;
          i = j + 1;
          break;
        }
        case COLON:
          if (c === 58) this.state = VALUE;
          else this.unexpected(i, "':'");
          i++;
          break;
        case VALUE:
          if (c === 91) {
            this.index = 0;
            this.state = ELEMENT_OR_END;
            i++;
          } else if (c === 44 || c === 125 || c === 93 || c === 58) {
            this.unexpected(i, "a value");
          } else {
            this.startCapture(i, false);
          }
          break;
        case ELEMENT_OR_END:
        case ELEMENT:
          if (c === 93 && this.state === ELEMENT_OR_END) {
            this.state = this.topArray ? DONE : AFTER_MEMBER;
            i++;
          } else if (c === 44 || c === 93 || c === 125 || c === 58) {
            this.unexpected(i, this.state === ELEMENT ? "a value" : "a value or ']'");
          } else {
            this.startCapture(i, true);
          }
          break;
        case COMMA_OR_END:
          if (c === 44) this.state = ELEMENT;
          else if (c === 93) this.state = this.topArray ? DONE : AFTER_MEMBER;
          else this.unexpected(i, "',' or ']'");
          i++;
          break;
        case AFTER_MEMBER:
          if (c === 44) this.state = KEY;
          else if (c === 125) this.state = DONE;
          else this.unexpected(i, "',' or '}'");
          i++;
          break;
        case DONE:
          this.unexpected(i, "the end of the text");
          i++;
          break;
      }
    }
    this.i = i;
  }
}

/**
 * The file position of a position inside an element (both 1-based): lines add up, and on the
 * element's first line columns add up too.
 */
export function locateInElement(at: StreamPosition, line: number, column: number): { line: number; column: number } {
  return line <= 1 ? { line: at.line, column: at.column + column - 1 } : { line: at.line + line - 1, column };
}
