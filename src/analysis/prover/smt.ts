/**
 * SMT-LIB text for one query: declarations, shared definitions and boolean connectives that fold
 * constants (most of a policy's structure is decided before the solver sees it).
 */

export const TRUE = "true";
export const FALSE = "false";

export function and(...xs: string[]): string {
  const parts: string[] = [];
  for (const x of xs) {
    if (x === FALSE) return FALSE;
    if (x !== TRUE && !parts.includes(x)) parts.push(x);
  }
  if (parts.length === 0) return TRUE;
  if (parts.length === 1) return parts[0];
  return `(and ${parts.join(" ")})`;
}

export function or(...xs: string[]): string {
  const parts: string[] = [];
  for (const x of xs) {
    if (x === TRUE) return TRUE;
    if (x !== FALSE && !parts.includes(x)) parts.push(x);
  }
  if (parts.length === 0) return FALSE;
  if (parts.length === 1) return parts[0];
  return `(or ${parts.join(" ")})`;
}

export function not(x: string): string {
  if (x === TRUE) return FALSE;
  if (x === FALSE) return TRUE;
  if (x.startsWith("(not ") && x.endsWith(")")) {
    const inner = x.slice(5, -1);
    if (balanced(inner)) return inner;
  }
  return `(not ${x})`;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")" && --depth < 0) return false;
    else if (depth === 0 && s[i] === " ") return false;
  }
  return depth === 0;
}

export function ite(c: string, a: string, b: string): string {
  if (c === TRUE) return a;
  if (c === FALSE) return b;
  if (a === b) return a;
  if (a === TRUE && b === FALSE) return c;
  if (a === FALSE && b === TRUE) return not(c);
  if (a === TRUE) return or(c, b);
  if (a === FALSE) return and(not(c), b);
  if (b === TRUE) return or(not(c), a);
  if (b === FALSE) return and(c, a);
  return `(ite ${c} ${a} ${b})`;
}

export function bool(b: boolean): string {
  return b ? TRUE : FALSE;
}

/** An exact SMT-LIB real for a finite double (doubles are dyadic rationals). */
export function realLiteral(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  const neg = x < 0 || Object.is(x, -0);
  let v = Math.abs(x);
  let den = 1n;
  let exp = 0;
  while (!Number.isInteger(v)) {
    v *= 2;
    exp++;
  }
  den = 1n << BigInt(exp);
  const num = BigInt(v);
  const body = den === 1n ? `${num}.0` : `(/ ${num}.0 ${den}.0)`;
  return neg && num !== 0n ? `(- ${body})` : body;
}

/** One query's text under construction. */
export class Script {
  private readonly lines: string[] = [];
  private readonly defs = new Map<string, string>();
  private counter = 0;
  readonly vars: string[] = [];

  declare(name: string, sort: string): string {
    this.lines.push(`(declare-const ${name} ${sort})`);
    this.vars.push(name);
    return name;
  }

  assert(x: string): void {
    if (x !== TRUE) this.lines.push(`(assert ${x})`);
  }

  /** Names a boolean term once, so shared sub-formulas (a statement's match) are written once. */
  define(x: string): string {
    if (x === TRUE || x === FALSE || !x.startsWith("(")) return x;
    let name = this.defs.get(x);
    if (!name) {
      name = `d${this.counter++}`;
      this.defs.set(x, name);
      this.lines.push(`(define-fun ${name} () Bool ${x})`);
    }
    return name;
  }

  /** Checks the assertions (and `extra` ones) and asks for the values of `valuesOf`. */
  text(timeoutMs: number, valuesOf: readonly string[], extra: string[] = []): string {
    const get = valuesOf.length > 0 ? `(get-value (${valuesOf.join(" ")}))` : "";
    return this.body(timeoutMs, [...extra, "(check-sat)", get]);
  }

  /** The declarations and assertions, then `tail` as written. */
  body(timeoutMs: number, tail: string[], options: string[] = []): string {
    return `${options.join("")}(set-option :timeout ${Math.max(1, Math.round(timeoutMs))})\n${this.lines.join("\n")}\n${tail.join("\n")}`;
  }
}

/** A parsed s-expression. */
export type SExpr = string | SExpr[];

export function parseSExprs(text: string): SExpr[] {
  const out: SExpr[] = [];
  const stack: SExpr[][] = [out];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "(") {
      const list: SExpr[] = [];
      stack[stack.length - 1].push(list);
      stack.push(list);
      i++;
    } else if (c === ")") {
      stack.pop();
      i++;
    } else if (c === " " || c === "\n" || c === "\t" || c === "\r") i++;
    else if (c === '"') {
      let j = i + 1;
      let s = "";
      while (j < text.length) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            s += '"';
            j += 2;
            continue;
          }
          break;
        }
        s += text[j++];
      }
      stack[stack.length - 1].push(JSON.stringify(s));
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !" \n\t\r()".includes(text[j])) j++;
      stack[stack.length - 1].push(text.slice(i, j));
      i = j;
    }
  }
  return out;
}

/** An integer model value (`3`, `(- 3)`). */
export function intValue(e: SExpr): bigint {
  if (typeof e === "string") return BigInt(e);
  if (e[0] === "-" && e.length === 2) return -intValue(e[1]);
  throw new Error(`not an integer: ${JSON.stringify(e)}`);
}

/** A real model value as numerator/denominator (`1.5`, `(/ 1.0 3.0)`, `(- (/ 1.0 3.0))`). */
export function realValue(e: SExpr): { num: bigint; den: bigint } {
  if (typeof e === "string") {
    const [whole, frac = ""] = e.split(".");
    const den = 10n ** BigInt(frac.length);
    return { num: BigInt(whole) * den + BigInt(frac || "0"), den };
  }
  if (e[0] === "-" && e.length === 2) {
    const v = realValue(e[1]);
    return { num: -v.num, den: v.den };
  }
  if (e[0] === "/" && e.length === 3) {
    const a = realValue(e[1]);
    const b = realValue(e[2]);
    return { num: a.num * b.den, den: a.den * b.num };
  }
  throw new Error(`not a real: ${JSON.stringify(e)}`);
}

/** A bit-vector model value (`#x0a000001`, `#b0101`) as a bigint. */
export function bitsValue(e: SExpr): bigint {
  if (typeof e !== "string") throw new Error(`not a bit-vector: ${JSON.stringify(e)}`);
  if (e.startsWith("#x")) return BigInt(`0x${e.slice(2)}`);
  if (e.startsWith("#b")) return BigInt(`0b${e.slice(2)}`);
  throw new Error(`not a bit-vector: ${e}`);
}
