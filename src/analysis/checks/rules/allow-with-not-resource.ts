import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

export const allowWithNotResource: DocumentRule = {
  scope: "document",
  meta: {
    id: "allow-with-not-resource",
    severity: "security",
    category: "grammar",
    description: '"Allow" with "NotResource" grants the actions on every resource not listed.',
    explanation:
      "`Effect: Allow` with `NotResource` allows the actions on every resource except those listed, in every " +
      "account the principal can reach — including resources created later. Fix: list the resources to allow " +
      "in `Resource`; keep `NotResource` for `Deny` statements.",
    equivalents: { accessAnalyzer: "ALLOW_WITH_NOT_RESOURCE" },
    messages: {
      allowNotResource: 'statement allows its actions on every resource except those in "NotResource"',
    },
  },
  check(ctx) {
    const out: Report[] = [];
    for (const [i, st] of statements(ctx)) {
      if (st.Effect === "Allow" && st.NotResource) {
        out.push({
          messageId: "allowNotResource",
          path: statementPath(i, "NotResource"),
        });
      }
    }
    return out;
  },
};
