/**
 * IAM patterns as automaton programs, exactly as the engine matches them (policy/wildcard.ts):
 * `*` and `?` wildcards, policy variables substituted from the principal's fixed keys, and ARN-aware
 * matching where a wildcard in the first five parts of an ARN never spans a colon.
 */
import { compileWildcard, type Wildcard } from "../../policy/wildcard.js";
import {
  ANY,
  anyChar,
  anyRun,
  type CharSet,
  type Element,
  literal,
  NOT_COLON,
  type Program,
  Unsupported,
} from "./automaton.js";

/**
 * The value a policy variable takes: a fixed string, `undefined` when it cannot be resolved (the
 * key is absent or multi-valued), or `"free"` when the request decides it (not supported here:
 * comparing two request values needs the string solver).
 */
export type VariableValue = { fixed: string | undefined } | "free";
export type VariableResolver = (keyLower: string, keyAsWritten: string) => VariableValue;

/** A compiled pattern (`pattern`): its steps are read here, as the engine's matcher reads them. */
export type Pattern = Wildcard;
type Step = Wildcard["toks"][number];
// The step kinds of policy/wildcard.ts (`?` next to a `*` is folded into the star's `min`).
const LIT = 0;
const ONE = 1;
const STAR = 2;

/** A pattern as a program, or `null` when it matches nothing (an unresolvable variable). */
export type Compiled = Program | null;

function substitute(t: Step, resolve: VariableResolver): string | undefined {
  const v = resolve(t.s, t.key!);
  if (v === "free") {
    throw new Unsupported(`the policy variable \${${t.key}} compares two values of the request`);
  }
  return v.fixed === undefined ? t.def : v.fixed;
}

/** Tokens `[from, to)` of a pattern as elements; `set` restricts wildcards (and literals). */
function tokens(
  p: Pattern,
  from: number,
  to: number,
  resolve: VariableResolver,
  ci: boolean,
  restrict?: CharSet,
): Element[] | null {
  const out: Element[] = [];
  for (let i = from; i < to; i++) {
    const t = p.toks[i];
    if (t.ex !== undefined) throw new Unsupported("a pattern with excluded characters");
    if (t.k === STAR) {
      for (let n = 0; n < (t.min ?? 0); n++) out.push(anyChar(restrict ?? ANY));
      out.push(anyRun(restrict ?? ANY));
    } else if (t.k === ONE) out.push(anyChar(restrict ?? ANY));
    else {
      const text = t.k === LIT ? t.s : substitute(t, resolve);
      if (text === undefined) return null;
      // A colon inside one of the first five ARN parts can never match (the parts hold none).
      if (restrict && text.includes(":")) return null;
      out.push(...literal(text, ci));
    }
  }
  return out;
}

/** Whole-string match (`StringLike`, `StringEquals`, a non-ARN `Resource`), case-insensitive when `ci`. */
export function globProgram(p: Pattern, resolve: VariableResolver, ci = false): Compiled {
  return tokens(p, 0, p.toks.length, resolve, ci);
}

/** A token range within one token (split at a colon inside a literal). */
interface Piece {
  token: number;
  text?: string;
}

/**
 * ARN-aware match (`Resource`, `ArnLike`), as `compileArnMatcher`: when the pattern starts with a
 * literal `arn:` and has five literal colons, each of the first five parts matches one part of the
 * ARN (wildcards do not span colons there) and the sixth matches the rest; otherwise the whole string.
 */
export function arnProgram(p: Pattern, resolve: VariableResolver): Compiled {
  const toks = p.toks;
  if (toks[0]?.k !== LIT || !toks[0].s.startsWith("arn:")) return globProgram(p, resolve);
  // Split into pieces with part numbers, as the wildcard module's arnParts does.
  const parts: Piece[][] = [[]];
  for (let i = 0; i < toks.length; i++) {
    const cur = parts[parts.length - 1];
    if (toks[i].k !== LIT || parts.length === 6) {
      cur.push({ token: i });
      continue;
    }
    const texts = toks[i].s.split(":");
    for (let j = 0; j < texts.length; j++) {
      if (j > 0) {
        if (parts.length < 6) parts.push([]);
        else {
          parts[5].push({ token: i, text: `:${texts.slice(j).join(":")}` });
          break;
        }
      }
      if (texts[j] !== "") parts[parts.length - 1].push({ token: i, text: texts[j] });
    }
  }
  if (parts.length < 6) return globProgram(p, resolve);
  const out: Element[] = [];
  for (let n = 0; n < 6; n++) {
    if (n > 0) out.push(...literal(":"));
    for (const piece of parts[n]) {
      if (piece.text !== undefined) {
        out.push(...literal(piece.text));
        continue;
      }
      const els = tokens(p, piece.token, piece.token + 1, resolve, false, n < 5 ? NOT_COLON : undefined);
      if (els === null) return null;
      out.push(...els);
    }
  }
  return out;
}

/** Parses an IAM pattern as the engine does (case is the program's business: `ci`). */
export function pattern(text: string, opts: { wildcards: boolean; variables: boolean }): Pattern {
  return compileWildcard(text, opts);
}
