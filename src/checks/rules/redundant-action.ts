import { actionMatches } from "../actions.js";
import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

export const redundantAction: DocumentRule = {
  scope: "document",
  meta: {
    id: "redundant-action",
    severity: "suggestion",
    category: "grammar",
    description: "An action already covered by another entry of the same statement.",
    explanation:
      "`s3:GetObject` next to `s3:Get*`, or the same action twice, adds nothing but size (and policies have " +
      "tight size quotas). Fix: remove the redundant entry.",
    equivalents: { accessAnalyzer: "REDUNDANT_ACTION" },
  },
  check(ctx) {
    const out: Report[] = [];
    for (const [i, st] of statements(ctx)) {
      for (const el of ["Action", "NotAction"] as const) {
        const list = st[el] ?? [];
        list.forEach((a, j) => {
          const by = list.findIndex(
            (b, k) => k !== j && (a.toLowerCase() === b.toLowerCase() ? k < j : actionMatches(b, a)),
          );
          if (by >= 0)
            out.push({
              message: `${JSON.stringify(a)} is already covered by ${JSON.stringify(list[by])}`,
              path: statementPath(i, el, j),
            });
        });
      }
    }
    return out;
  },
};
