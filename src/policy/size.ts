import { canonicalEnvelopeJson, canonicalJson, canonicalStatementJson } from "./canonical.js";
import { libraryDocument } from "./normalize.js";
import type { PolicyDocument, Statement } from "./types.js";

/**
 * A policy's size as IAM counts it against its quotas: characters, not counting white space.
 * AWS: IAM User Guide, "IAM and AWS STS quotas" ("IAM doesn't count white space when calculating
 * the size of a policy against these quotas").
 *
 * - For JSON text, every character other than white space (space, tab, line feed, carriage
 *   return, form feed, vertical tab), wherever it is, inside strings too; a character outside
 *   the Basic Multilingual Plane counts once.
 * - For a document, the size of its compact `canonicalJson`, i.e. what ai-iam would send.
 */
export function policySize(docOrJson: PolicyDocument | string): number {
  const text = typeof docOrJson === "string" ? docOrJson : canonicalJson(docOrJson);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/**
 * `policySize` of one (normalized) statement's text in `canonicalJson` (the compiler's own
 * `statementSize`, compile/pack.ts, sizes the statements it writes, as it writes them).
 */
export function canonicalStatementSize(s: Statement): number {
  return policySize(canonicalStatementJson(s));
}

/**
 * `policySize(doc)`, its statements sized by `sizeOf` (`canonicalStatementSize`, or a caller's memo of it:
 * the statements a model's documents share are then sized once). The sizes add up: the text is
 * the envelope's with the statements and the commas between them inside its brackets, and no
 * white space or surrogate pair spans two parts. A document IAM rejects is the `DiagnosticsError`
 * `canonicalJson` throws.
 */
export function documentSize(doc: PolicyDocument, sizeOf: (s: Statement) => number = canonicalStatementSize): number {
  const d = libraryDocument(doc);
  let n = policySize(canonicalEnvelopeJson(d));
  for (let i = 0; i < d.Statement.length; i++) n += sizeOf(d.Statement[i]) + (i > 0 ? 1 : 0);
  return n;
}

export { type PolicyQuotaName, PolicyQuotas } from "./quotas.js";
