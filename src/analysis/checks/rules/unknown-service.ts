import { expand } from "../expand.js";
import type { DocumentRule, Report } from "../types.js";
import { actionEntries } from "../util.js";

export const unknownService: DocumentRule = {
  scope: "document",
  meta: {
    id: "unknown-service",
    severity: "error",
    category: "catalog",
    description: "An action's service prefix is no AWS service.",
    explanation:
      "The service prefix (the part before `:`) names no service in the AWS Service Authorization Reference " +
      "(`s3`, `sagemaker`, `bedrock`...). A typo such as `sagemkaer:` or `S3-control:` makes the whole entry " +
      "match nothing. Fix: use the prefix the Service Authorization Reference gives for the service; " +
      "`ai-iam explain 'prefix:*'` lists a service's actions.",
    equivalents: { accessAnalyzer: "INVALID_SERVICE", parliament: "UNKNOWN_PREFIX" },
  },
  check(ctx) {
    const out: Report[] = [];
    for (const [pattern, path] of actionEntries(ctx)) {
      const d = expand(ctx.catalog, pattern).diagnostics.find((x) => x.code === "catalog-unknown-service");
      if (d) out.push({ message: d.hint ? `${d.message}; ${d.hint}` : d.message, path });
    }
    return out;
  },
};
