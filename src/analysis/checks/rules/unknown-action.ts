import { expand } from "../expand.js";
import type { DocumentRule, Report } from "../types.js";
import { actionEntries, isPattern } from "../util.js";

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
    const out: Report[] = [];
    for (const [action, path] of actionEntries(ctx)) {
      if (isPattern(action)) continue;
      if (expand(ctx.catalog, action, ctx.document).diagnostics.some((x) => x.code === "catalog-no-match"))
        out.push({ messageId: "unknownAction", data: { action: JSON.stringify(action) }, path });
    }
    return out;
  },
};
