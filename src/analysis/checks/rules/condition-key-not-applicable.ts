import { actionSupportsKey } from "../conditions.js";
import { expand } from "../expand.js";
import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

export const conditionKeyNotApplicable: DocumentRule = {
  scope: "document",
  meta: {
    id: "condition-key-not-applicable",
    severity: "warning",
    category: "catalog",
    description: "A condition key that none of the statement's actions supports (or that does not exist).",
    explanation:
      "A service-specific condition key is present in a request only for the actions that support it. When " +
      "none of the statement's actions does, the key is always missing: the condition is always false (an " +
      "Allow that grants nothing) or, with `...IfExists` or a negated operator, always true (a guardrail that " +
      "guards nothing). Global keys (`aws:*`) are not reported. Fix: use a key the actions support (see " +
      "`ai-iam explain action`), or move the condition to the statement whose actions carry it.",
    equivalents: {
      accessAnalyzer: "INVALID_CONDITION_KEY / CONDITION_KEY_NOT_SUPPORTED (related)",
      parliament: "UNKNOWN_CONDITION_FOR_ACTION",
    },
    messages: {
      notSupported: "none of the statement's actions supports the condition key {{key}}: the key is never present",
      unknownKey: "unknown condition key {{key}}",
    },
  },
  check(ctx) {
    const out: Report[] = [];
    // Whether some action of an Action list supports a key, by the list and the key: a policy of
    // thousands of `s3:*` statements conditioned on `s3:prefix` asks the catalog once, not for
    // each statement's 150 actions.
    const supported = new Map<string, boolean>();
    for (const [i, st] of statements(ctx)) {
      if (!st.Condition || !st.Action) continue;
      const action = st.Action;
      let actions: ReturnType<typeof expand>["actions"] | undefined;
      const listKey = JSON.stringify(action);
      for (const [op, keys] of Object.entries(st.Condition)) {
        for (const key of Object.keys(keys)) {
          if (key.toLowerCase().startsWith("aws:")) continue;
          const info = ctx.catalog.conditionKey(key);
          if (info?.global) continue;
          const memo = `${listKey}\u0000${key}`;
          let some = supported.get(memo);
          if (some === undefined) {
            actions ??= action.flatMap((p) => expand(ctx.catalog, p, ctx.document).actions);
            // An Action list that names no known action is another rule's finding.
            some = actions.length === 0 || actions.some((a) => actionSupportsKey(ctx.catalog, a, key));
            supported.set(memo, some);
          }
          if (some) continue;
          out.push({
            messageId: info ? "notSupported" : "unknownKey",
            data: { key: JSON.stringify(key) },
            path: statementPath(i, "Condition", op, key),
          });
        }
      }
    }
    return out;
  },
};
