import { canonicalJson } from "./canonical.js";
import type { PolicyDocument } from "./types.js";

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

export { type PolicyQuotaName, PolicyQuotas } from "./quotas.js";
