import { expand } from "../expand.js";
import type { Catalog, DocumentRule, Report } from "../types.js";
import { type ActionReport, CatalogMemo, isPattern, memoScope, reportActions } from "../util.js";

/**
 * Whether a wildcard pattern matches no action, as `catalog.expandActionPattern` answers it
 * (`catalog-no-match`) but without listing the matches (`catalog.anyActionMatches`: only "does it
 * match anything"). `*` and `*:*` match everything without loading the catalog; an unknown
 * service or a malformed pattern is another diagnostic's (not a no-match); a wildcard in the
 * service part is left to the document's expansion (`expand`, shared with the other rules).
 */
export function matchesNothing(catalog: Catalog, pattern: string, scope?: object): boolean {
  if (pattern === "*" || pattern === "*:*") return false;
  const colon = pattern.indexOf(":");
  if (colon <= 0 || /\s/.test(pattern)) return false;
  const servicePart = pattern.slice(0, colon);
  if (/[*?]/.test(servicePart) || !/[*?]/.test(pattern.slice(colon + 1)))
    return expand(catalog, pattern, scope).diagnostics.some((x) => x.code === "catalog-no-match");
  if (!catalog.hasService(servicePart)) return false;
  return !catalog.anyActionMatches(pattern);
}

/** Per memo scope, each action entry's report (`reportActions`). */
const verdicts = new CatalogMemo<object, Map<string, ActionReport | null>>();

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
    const scope = memoScope(ctx);
    return reportActions(ctx, verdicts, (pattern) =>
      isPattern(pattern) && matchesNothing(ctx.catalog, pattern, scope)
        ? (path): Report => ({ messageId: "noMatch", data: { pattern: JSON.stringify(pattern) }, path })
        : null,
    );
  },
};
