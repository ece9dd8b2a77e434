import type { ServiceInfo } from "../../../catalog/types.js";
import { compileWildcard } from "../../../policy/wildcard.js";
import { expand } from "../expand.js";
import type { Catalog, DocumentRule, Report } from "../types.js";
import { actionEntries, isPattern } from "../util.js";

/** A service's action keys, lower-cased, in its (sorted) order: made once per loaded service. */
const lowerKeys = new WeakMap<ServiceInfo, string[]>();

/**
 * Whether a wildcard pattern matches no action, as `catalog.expandActionPattern` answers it
 * (`catalog-no-match`) but without listing the matches: only "does it match anything". `*` and
 * `*:*` match everything without loading the catalog; an unknown service or a malformed pattern
 * is another diagnostic's (not a no-match); a literal service part loads that service only, and
 * the search stops at the first match among the keys that start with the pattern's text before
 * its first wildcard (a binary search in the sorted keys). A wildcard in the service part is left
 * to the catalog's expansion.
 */
export function matchesNothing(catalog: Catalog, pattern: string, scope?: object): boolean {
  if (pattern === "*" || pattern === "*:*") return false;
  const colon = pattern.indexOf(":");
  if (colon <= 0 || /\s/.test(pattern)) return false;
  const servicePart = pattern.slice(0, colon);
  if (/[*?]/.test(servicePart) || !/[*?]/.test(pattern.slice(colon + 1)))
    return expand(catalog, pattern, scope).diagnostics.some((x) => x.code === "catalog-no-match");
  const svc = catalog.service(servicePart);
  if (!svc) return false;
  let lower = lowerKeys.get(svc);
  if (!lower) {
    lower = svc.actions.map((a) => a.key.toLowerCase());
    lowerKeys.set(svc, lower);
  }
  const lp = pattern.toLowerCase();
  let end = 0;
  while (end < lp.length && lp[end] !== "*" && lp[end] !== "?") end++;
  const prefix = lp.slice(0, end);
  let lo = 0;
  let hi = lower.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lower[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  const tail = lp.slice(Math.max(lp.lastIndexOf("*"), lp.lastIndexOf("?")) + 1);
  let test: ((s: string) => boolean) | undefined;
  for (let i = lo; i < lower.length && lower[i].startsWith(prefix); i++) {
    if (!lower[i].endsWith(tail)) continue;
    test ??= compileWildcard(lp).test;
    if (test(lower[i])) return false;
  }
  return true;
}

export const actionMatchesNothing: DocumentRule = {
  scope: "document",
  meta: {
    id: "action-matches-nothing",
    severity: "warning",
    category: "catalog",
    description: "An action pattern with wildcards that matches no action of its service.",
    explanation:
      "A wildcard pattern such as `s3:Get*Objekt` or `sagemaker:CreateTraining?` matches no action the " +
      "service has, so the entry grants (or denies) nothing — a silent gap, or a Deny guardrail that protects " +
      "nothing. Fix: correct the pattern; `ai-iam explain 'pattern'` shows what a pattern expands to.",
    equivalents: { accessAnalyzer: "INVALID_ACTION (wildcard)", parliament: "UNKNOWN_ACTION" },
    messages: {
      noMatch: "the pattern {{pattern}} matches no action",
    },
  },
  check(ctx) {
    const out: Report[] = [];
    for (const [pattern, path] of actionEntries(ctx)) {
      if (!isPattern(pattern)) continue;
      if (matchesNothing(ctx.catalog, pattern, ctx.document))
        out.push({ messageId: "noMatch", data: { pattern: JSON.stringify(pattern) }, path });
    }
    return out;
  },
};
