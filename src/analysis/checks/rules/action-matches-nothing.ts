import { expand } from "../expand.js";
import type { DocumentRule, Report } from "../types.js";
import { actionEntries, isPattern } from "../util.js";

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
      if (expand(ctx.catalog, pattern, ctx.document).diagnostics.some((x) => x.code === "catalog-no-match"))
        out.push({ messageId: "noMatch", data: { pattern: JSON.stringify(pattern) }, path });
    }
    return out;
  },
};
