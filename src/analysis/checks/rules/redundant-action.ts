import { actionMatches } from "../../../catalog/pattern.js";
import type { DocumentRule, Report } from "../types.js";
import { isPattern, statementPath, statements } from "../util.js";

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
        // Only wildcard entries can cover another entry; duplicates are found by name.
        const patterns = list.map((a, k) => [a, k] as const).filter(([a]) => isPattern(a));
        const seen = new Map<string, number>();
        list.forEach((a, j) => {
          const lower = a.toLowerCase();
          let by = seen.get(lower);
          if (by === undefined) seen.set(lower, j);
          if (by === undefined)
            by = patterns.find(([b, k]) => k !== j && b.toLowerCase() !== lower && actionMatches(b, a))?.[1];
          if (by !== undefined) {
            out.push({
              message: `${JSON.stringify(a)} is already covered by ${JSON.stringify(list[by])}`,
              path: statementPath(i, el, j),
            });
          }
        });
      }
    }
    return out;
  },
};
