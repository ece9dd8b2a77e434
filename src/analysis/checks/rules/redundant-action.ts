import type { Statement } from "../../../policy/types.js";
import { ACTION_PATTERN, covers } from "../../../policy/wildcard.js";
import type { DocumentRule, Report } from "../types.js";
import { isPattern, literalPrefix, memoScope, statementPath, statements } from "../util.js";

/**
 * Per memo scope (`memoScope`): each statement object's covered entries, and each list's (by its
 * JSON): statements share lists' contents (an activity's actions, in every team's statements).
 */
interface Memo {
  byStatement: Map<Statement, Array<{ el: "Action" | "NotAction"; j: number; entry: string; by: string }>>;
  byList: Map<string, Array<[j: number, entry: string, by: string]>>;
}
const memos = new WeakMap<object, Memo>();

/** The entries of a list another entry covers: index, the entry's JSON and the first cover's JSON. */
function coveredEntries(list: readonly string[]): Array<[number, string, string]> {
  const out: Array<[number, string, string]> = [];
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
    if (by !== undefined) out.push([j, JSON.stringify(a), JSON.stringify(list[by])]);
  });
  return out;
}

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
    const scope = memoScope(ctx);
    let memo = memos.get(scope);
    if (!memo) {
      memo = { byStatement: new Map(), byList: new Map() };
      memos.set(scope, memo);
    }
    for (const [i, st] of statements(ctx)) {
      let found = memo.byStatement.get(st);
      if (!found) {
        found = [];
        for (const el of ["Action", "NotAction"] as const) {
          const list = st[el] ?? [];
          // Only another entry covers an entry: a lone entry never is covered.
          if (list.length < 2) continue;
          const key = JSON.stringify(list);
          let covered = memo.byList.get(key);
          if (!covered) {
            covered = coveredEntries(list);
            memo.byList.set(key, covered);
          }
          for (const [j, entry, by] of covered) found.push({ el, j, entry, by });
        }
        memo.byStatement.set(st, found);
      }
      for (const { el, j, entry, by } of found) {
        out.push({ messageId: "covered", data: { entry, by }, path: statementPath(i, el, j) });
      }
    }
    return out;
  },
};
