import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

export const allowWithNotPrincipal: DocumentRule = {
  scope: "document",
  meta: {
    id: "allow-with-not-principal",
    severity: "security",
    category: "grammar",
    description: '"Allow" with "NotPrincipal" grants access to everyone not listed, anonymous callers included.',
    explanation:
      "In a resource or trust policy, `Effect: Allow` with `NotPrincipal` allows every principal except those " +
      "listed — every AWS account and anonymous users too. AWS recommends against it. Fix: name the principals " +
      'in `Principal`. AWS: IAM User Guide, "AWS JSON policy elements: NotPrincipal".',
    equivalents: { accessAnalyzer: "ALLOW_WITH_NOT_PRINCIPAL" },
    messages: {
      allowNotPrincipal: 'statement allows every principal except those in "NotPrincipal"',
    },
  },
  check(ctx) {
    const out: Report[] = [];
    for (const [i, st] of statements(ctx)) {
      if (st.Effect === "Allow" && st.NotPrincipal) {
        out.push({
          messageId: "allowNotPrincipal",
          path: statementPath(i, "NotPrincipal"),
        });
      }
    }
    return out;
  },
};
