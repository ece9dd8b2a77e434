import { expand } from "../expand.js";
import type { DocumentRule, Report } from "../types.js";
import { type ActionReport, CatalogMemo, isPattern, memoScope, reportActions } from "../util.js";

/** Per memo scope, each action entry's report (`reportActions`). */
const verdicts = new CatalogMemo<object, Map<string, ActionReport | null>>();

export const unknownAction: DocumentRule = {
  scope: "document",
  meta: {
    id: "unknown-action",
    severity: "warning",
    category: "catalog",
    description: "An action the AWS service authorization data does not list.",
    explanation:
      "The service exists but has no action of that name: usually a typo (`s3:GetObjects`) or a renamed " +
      "action, which then grants nothing. It is a warning, not an error, because the catalog ai-iam ships " +
      "can lag a brand-new action by a few days (`ai-iam --version` shows its date). Fix: correct the name; " +
      "`ai-iam explain 'service:*'` lists the service's actions.",
    equivalents: { accessAnalyzer: "INVALID_ACTION", parliament: "UNKNOWN_ACTION" },
    messages: {
      unknownAction: "unknown action {{action}}",
    },
  },
  check(ctx) {
    const scope = memoScope(ctx);
    return reportActions(ctx, verdicts, (action) =>
      !isPattern(action) && expand(ctx.catalog, action, scope).diagnostics.some((x) => x.code === "catalog-no-match")
        ? (path): Report => ({ messageId: "unknownAction", data: { action: JSON.stringify(action) }, path })
        : null,
    );
  },
};
