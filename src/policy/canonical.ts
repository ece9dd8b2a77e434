import { libraryDocument, PRINCIPAL_TYPES } from "./normalize.js";
import { setOwn } from "./own.js";
import type { ConditionBlock, PolicyDocument, Principal, Statement } from "./types.js";

/**
 * Canonical JSON for a policy document, byte-stable for equal documents:
 * - keys in a fixed order: `Version`, `Id`, `Statement`; in each statement `Sid`, `Effect`,
 *   `Principal`, `NotPrincipal`, `Action`, `NotAction`, `Resource`, `NotResource`, `Condition`;
 *   principal types `AWS`, `CanonicalUser`, `Federated`, `Service`; condition operators and, under
 *   each, condition keys sorted by code unit;
 * - statements and the values inside each list in their given order (order carries no meaning to
 *   IAM, but reordering would make diffs noisy), duplicates kept;
 * - a list of exactly one value is written as the lone string (`"Action": "s3:GetObject"`), the
 *   compact form AWS itself prints; empty lists stay `[]`. `Statement` is always a list.
 *
 * `parsePolicy(canonicalJson(doc))` gives back a document deep-equal to `doc`. Raw AWS JSON (a
 * string for a list of one, a statement object for a list) is written as its normalized form; a
 * document IAM would reject is a `DiagnosticsError` (`libraryDocument`).
 */
export function canonicalJson(doc: PolicyDocument, opts: { pretty?: boolean } = {}): string {
  return JSON.stringify(canonicalValue(doc), null, opts.pretty ? 2 : undefined);
}

/** The plain object `canonicalJson` serializes (useful to embed a policy in a bigger document). */
export function canonicalValue(document: PolicyDocument): Record<string, unknown> {
  // Raw AWS JSON is written as its normalized form; a document IAM rejects is a DiagnosticsError.
  const doc = libraryDocument(document);
  const out: Record<string, unknown> = {};
  if (doc.Version !== undefined) out.Version = doc.Version;
  if (doc.Id !== undefined) out.Id = doc.Id;
  out.Statement = doc.Statement.map(canonicalStatement);
  return out;
}

/**
 * `canonicalJson` in parts, for a caller that remembers statements' texts or sizes: the text of
 * `doc`'s envelope with an empty `Statement` list (`doc` already normalized, as `libraryDocument`
 * returns it); the document's text is it with the statements' `canonicalStatementJson`, separated
 * by commas, between the brackets.
 */
export function canonicalEnvelopeJson(doc: PolicyDocument): string {
  const out: Record<string, unknown> = {};
  if (doc.Version !== undefined) out.Version = doc.Version;
  if (doc.Id !== undefined) out.Id = doc.Id;
  out.Statement = [];
  return JSON.stringify(out);
}

/** One (normalized) statement's text in `canonicalJson`. */
export function canonicalStatementJson(s: Statement): string {
  return JSON.stringify(canonicalStatement(s));
}

function list(values: readonly string[]): string | string[] {
  return values.length === 1 ? values[0] : [...values];
}

function canonicalPrincipal(p: Principal): unknown {
  if (p === "*") return "*";
  const out: Record<string, unknown> = {};
  for (const t of PRINCIPAL_TYPES) {
    const v = p[t];
    if (v !== undefined) out[t] = list(v);
  }
  return out;
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function canonicalCondition(c: ConditionBlock): Record<string, Record<string, string | string[]>> {
  const out: Record<string, Record<string, string | string[]>> = {};
  for (const op of Object.keys(c).sort(byCodeUnit)) {
    const keys: Record<string, string | string[]> = {};
    for (const k of Object.keys(c[op]).sort(byCodeUnit)) setOwn(keys, k, list(c[op][k]));
    out[op] = keys;
  }
  return out;
}

function canonicalStatement(s: Statement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.Sid !== undefined) out.Sid = s.Sid;
  out.Effect = s.Effect;
  if (s.Principal !== undefined) out.Principal = canonicalPrincipal(s.Principal);
  if (s.NotPrincipal !== undefined) out.NotPrincipal = canonicalPrincipal(s.NotPrincipal);
  if (s.Action !== undefined) out.Action = list(s.Action);
  if (s.NotAction !== undefined) out.NotAction = list(s.NotAction);
  if (s.Resource !== undefined) out.Resource = list(s.Resource);
  if (s.NotResource !== undefined) out.NotResource = list(s.NotResource);
  if (s.Condition !== undefined) out.Condition = canonicalCondition(s.Condition);
  return out;
}
