import { ACTION_PATTERN, covers } from "../../../policy/wildcard.js";
import type { DocumentRule, Report } from "../types.js";
import { isPattern, literalPrefix, statementPath, statements } from "../util.js";

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
    messages: {
      covered: "{{entry}} is already covered by {{by}}",
    },
  },
  check(ctx) {
    const out: Report[] = [];
    for (const [i, st] of statements(ctx)) {
      for (const el of ["Action", "NotAction"] as const) {
        const list = st[el] ?? [];
        // Only another entry covers an entry: a lone entry never is covered.
        if (list.length < 2) continue;
        // Only wildcard entries can cover another entry; duplicates are found by name.
        // Each with its lower-cased text before the first wildcard: every string a pattern covers
        // starts with it (so does the covered entry's own text), a cheap exact pre-filter.
        const patterns = list.map((a, k) => [a, k, literalPrefix(a)] as const).filter(([a]) => isPattern(a));
        const seen = new Map<string, number>();
        list.forEach((a, j) => {
          const lower = a.toLowerCase();
          let by = seen.get(lower);
          if (by === undefined) seen.set(lower, j);
          if (by === undefined)
            by = patterns.find(
              ([b, k, prefix]) =>
                k !== j && lower.startsWith(prefix) && b.toLowerCase() !== lower && covers(b, a, ACTION_PATTERN),
            )?.[1];
          if (by !== undefined) {
            out.push({
              messageId: "covered",
              data: { entry: JSON.stringify(a), by: JSON.stringify(list[by]) },
              path: statementPath(i, el, j),
            });
          }
        });
      }
    }
    return out;
  },
};
