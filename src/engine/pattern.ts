/**
 * Patterns as IAM writes them: `*` and `?` wildcards and `${key}` policy variables (with
 * `${key, 'default'}` defaults and the escapes `${*}`, `${?}`, `${$}`). A pattern is parsed once
 * into tokens; matching walks the tokens over a range of the subject string without allocating.
 *
 * AWS: IAM User Guide, "IAM policy elements: Variables and tags".
 */

export const LIT = 0;
export const STAR = 1;
export const QMARK = 2;
export const VAR = 3;

/** Resolves a policy variable for the request being decided: a single string, or undefined. */
export interface VariableSource {
  variable(keyLower: string, keyAsWritten: string): string | undefined;
}

export interface Pattern {
  kinds: number[];
  /** The literal text (LIT) or the lower-cased key (VAR). */
  strs: string[];
  /** The key as written (VAR). */
  keys: (string | undefined)[];
  /** The default value (VAR), when given. */
  defaults: (string | undefined)[];
  hasWildcard: boolean;
  hasVariable: boolean;
}

export interface PatternOptions {
  wildcards: boolean;
  variables: boolean;
  /** Lower-case the literal text (for case-insensitive matching). */
  lowerCase?: boolean;
}

function pushLiteral(p: Pattern, text: string): void {
  if (text === "") return;
  const n = p.kinds.length;
  if (n > 0 && p.kinds[n - 1] === LIT) p.strs[n - 1] += text;
  else {
    p.kinds.push(LIT);
    p.strs.push(text);
    p.keys.push(undefined);
    p.defaults.push(undefined);
  }
}

function pushPlain(p: Pattern, text: string, opts: PatternOptions): void {
  if (opts.lowerCase) text = text.toLowerCase();
  if (!opts.wildcards) {
    pushLiteral(p, text);
    return;
  }
  let lit = "";
  for (const ch of text) {
    if (ch === "*" || ch === "?") {
      pushLiteral(p, lit);
      lit = "";
      // Consecutive stars are one star.
      if (ch === "*" && p.kinds[p.kinds.length - 1] === STAR) continue;
      p.kinds.push(ch === "*" ? STAR : QMARK);
      p.strs.push("");
      p.keys.push(undefined);
      p.defaults.push(undefined);
      p.hasWildcard = true;
    } else lit += ch;
  }
  pushLiteral(p, lit);
}

/** Parses `${...}` starting at `open` (the `$`); returns the end index (after `}`) and its meaning, or undefined. */
function parseVariable(
  text: string,
  open: number,
): { end: number; literal?: string; key?: string; def?: string } | undefined {
  let i = open + 2;
  let inQuote = false;
  let inner = "";
  let def: string | undefined;
  let key = "";
  let sawComma = false;
  while (i < text.length) {
    const ch = text[i];
    if (inQuote) {
      if (ch === "'") {
        if (text[i + 1] === "'") {
          def += "'";
          i += 2;
          continue;
        }
        inQuote = false;
      } else def += ch;
      i++;
      continue;
    }
    if (ch === "}") break;
    if (ch === "'" && sawComma && def === undefined) {
      inQuote = true;
      def = "";
      i++;
      continue;
    }
    if (ch === "," && !sawComma) {
      sawComma = true;
      key = inner.trim();
      i++;
      continue;
    }
    if (sawComma && ch.trim() !== "") return undefined; // text after the default that is not a quote
    if (!sawComma) inner += ch;
    i++;
  }
  if (i >= text.length || inQuote) return undefined;
  if (!sawComma) key = inner.trim();
  if (sawComma && def === undefined) return undefined;
  if (key === "" || /\s/.test(key)) return undefined;
  if (!sawComma && (key === "*" || key === "?" || key === "$")) return { end: i + 1, literal: key };
  return { end: i + 1, key, def };
}

export function parsePattern(text: string, opts: PatternOptions): Pattern {
  const p: Pattern = { kinds: [], strs: [], keys: [], defaults: [], hasWildcard: false, hasVariable: false };
  if (!opts.variables) {
    pushPlain(p, text, opts);
    return p;
  }
  let pos = 0;
  for (;;) {
    const open = text.indexOf("${", pos);
    if (open < 0) break;
    const v = parseVariable(text, open);
    if (!v) {
      // Not a well-formed variable: the text stands for itself.
      pushPlain(p, text.slice(pos, open + 2), opts);
      pos = open + 2;
      continue;
    }
    pushPlain(p, text.slice(pos, open), opts);
    if (v.literal !== undefined) pushLiteral(p, v.literal);
    else {
      p.kinds.push(VAR);
      p.strs.push(v.key!.toLowerCase());
      p.keys.push(v.key);
      p.defaults.push(v.def);
      p.hasVariable = true;
    }
    pos = v.end;
  }
  pushPlain(p, text.slice(pos), opts);
  return p;
}

function lowerCode(c: number): number {
  if (c >= 65 && c <= 90) return c + 32;
  if (c < 128) return c;
  return String.fromCharCode(c).toLowerCase().charCodeAt(0);
}

function startsWithAt(s: string, lit: string, at: number, ci: boolean): boolean {
  if (!ci) return s.startsWith(lit, at);
  for (let i = 0; i < lit.length; i++) {
    if (lowerCode(s.charCodeAt(at + i)) !== lowerCode(lit.charCodeAt(i))) return false;
  }
  return true;
}

/** Case-insensitive string equality without allocating. */
export function equalsIgnoreCase(a: string, b: string): boolean {
  return a.length === b.length && startsWithAt(a, b, 0, true);
}

/** A policy variable a pattern needs a value for: one without a default. */
export interface RequiredVariable {
  lower: string;
  key: string;
}

/** The variables of a pattern that have no default (duplicates removed). */
export function requiredVariables(p: Pattern, into: RequiredVariable[] = []): RequiredVariable[] {
  for (let i = 0; i < p.kinds.length; i++) {
    if (p.kinds[i] !== VAR || p.defaults[i] !== undefined) continue;
    if (!into.some((r) => r.lower === p.strs[i])) into.push({ lower: p.strs[i], key: p.keys[i]! });
  }
  return into;
}

/** Does every required variable have a value for this request? */
export function allResolve(required: RequiredVariable[], vars: VariableSource): boolean {
  for (let i = 0; i < required.length; i++) {
    if (vars.variable(required[i].lower, required[i].key) === undefined) return false;
  }
  return true;
}

function resolve(p: Pattern, i: number, vars: VariableSource): string | undefined {
  const v = vars.variable(p.strs[i], p.keys[i]!);
  return v === undefined ? p.defaults[i] : v;
}

/**
 * Does `s[start, end)` match the pattern? Greedy glob with one backtrack point, which is exact for
 * `*`/`?` patterns. An unresolvable variable matches nothing.
 */
export function matchRange(
  p: Pattern,
  s: string,
  start: number,
  end: number,
  vars: VariableSource,
  ci: boolean,
): boolean {
  const kinds = p.kinds;
  const n = kinds.length;
  let ti = 0;
  let at = start;
  let starTi = -1;
  let starAt = 0;
  for (;;) {
    if (ti < n) {
      const k = kinds[ti];
      if (k === STAR) {
        starTi = ti++;
        starAt = at;
        continue;
      }
      if (k === QMARK) {
        if (at < end) {
          ti++;
          at++;
          continue;
        }
      } else {
        const lit = k === LIT ? p.strs[ti] : resolve(p, ti, vars);
        if (lit === undefined) return false;
        if (at + lit.length <= end && startsWithAt(s, lit, at, ci)) {
          ti++;
          at += lit.length;
          continue;
        }
      }
    } else if (at === end) return true;
    if (starTi < 0) return false;
    starAt++;
    if (starAt > end) return false;
    at = starAt;
    ti = starTi + 1;
  }
}

/** A compiled matcher over a whole string. */
export type StringMatcher = (s: string, vars: VariableSource) => boolean;

/** Whole-string matcher for a pattern, with fast paths for the common shapes. */
export function compileMatcher(p: Pattern, ci = false): StringMatcher {
  const { kinds, strs } = p;
  if (kinds.length === 0) return (s) => s.length === 0;
  if (kinds.length === 1 && kinds[0] === STAR) return () => true;
  if (!p.hasVariable && !ci) {
    if (kinds.length === 1 && kinds[0] === LIT) {
      const lit = strs[0];
      return (s) => s === lit;
    }
    if (kinds.length === 2 && kinds[0] === LIT && kinds[1] === STAR) {
      const lit = strs[0];
      return (s) => s.startsWith(lit);
    }
  }
  return (s, vars) => matchRange(p, s, 0, s.length, vars, ci);
}

/**
 * ARN-aware matcher, as IAM matches `Resource` and `Arn*` conditions: when the pattern is an ARN
 * (`arn:` and at least five colons), each of the first five colon-separated parts is matched on
 * its own, so a wildcard never spans a colon there; the sixth part (the resource, which may itself
 * contain colons) is matched as the rest. Any other pattern matches the whole string.
 */
export function compileArnMatcher(p: Pattern): StringMatcher {
  const segments = splitArnPattern(p);
  // When the first five parts are plain text, their colons anchor the match: a whole-string match is the same.
  if (!segments || segments.slice(0, 5).every((seg) => seg.kinds.every((k) => k === LIT))) return compileMatcher(p);
  const checks = segments.map(compileSegment);
  const [s0, s1, s2, s3, s4, s5] = checks;
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
      s2(s, c2 + 1, c3, vars) &&
      s4(s, c4 + 1, c5, vars) &&
      s5(s, c5 + 1, s.length, vars) &&
      s3(s, c3 + 1, c4, vars) &&
      s0(s, 0, c1, vars) &&
      s1(s, c1 + 1, c2, vars)
    );
  };
}

type RangeCheck = (s: string, start: number, end: number, vars: VariableSource) => boolean;

/** One ARN part's matcher over a range, with fast paths for `*`, plain text and `text*`. */
function compileSegment(p: Pattern): RangeCheck {
  const { kinds, strs } = p;
  if (kinds.length === 0) return (_s, start, end) => start === end;
  if (kinds.length === 1 && kinds[0] === STAR) return () => true;
  if (kinds.length === 1 && kinds[0] === LIT) {
    const lit = strs[0];
    return (s, start, end) => end - start === lit.length && s.startsWith(lit, start);
  }
  if (kinds.length === 2 && kinds[0] === LIT && kinds[1] === STAR) {
    const lit = strs[0];
    return (s, start, end) => end - start >= lit.length && s.startsWith(lit, start);
  }
  return (s, start, end, vars) => matchRange(p, s, start, end, vars, false);
}

function emptyPattern(): Pattern {
  return { kinds: [], strs: [], keys: [], defaults: [], hasWildcard: false, hasVariable: false };
}

/** Splits an ARN pattern at its first five literal colons; undefined when it is not one. */
function splitArnPattern(p: Pattern): Pattern[] | undefined {
  if (p.kinds[0] !== LIT || !p.strs[0].startsWith("arn:")) return undefined;
  const out: Pattern[] = [emptyPattern()];
  for (let i = 0; i < p.kinds.length; i++) {
    const cur = () => out[out.length - 1];
    if (p.kinds[i] !== LIT || out.length === 6) {
      const c = cur();
      c.kinds.push(p.kinds[i]);
      c.strs.push(p.strs[i]);
      c.keys.push(p.keys[i]);
      c.defaults.push(p.defaults[i]);
      continue;
    }
    const parts = p.strs[i].split(":");
    for (let j = 0; j < parts.length; j++) {
      if (j > 0) {
        if (out.length < 6) out.push(emptyPattern());
        else {
          pushLiteral(cur(), `:${parts.slice(j).join(":")}`);
          break;
        }
      }
      pushLiteral(cur(), parts[j]);
    }
  }
  return out.length === 6 ? out : undefined;
}
