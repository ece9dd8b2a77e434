import type { Statement } from "../../../policy/types.js";
import { actionSupportsKey } from "../conditions.js";
import { expand } from "../expand.js";
import type { Catalog, DocumentRule, Report } from "../types.js";
import { CatalogMemo, memoScope, statementPath, statements } from "../util.js";

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
    const scope = memoScope(ctx);
    const memo = memos.get(scope, ctx.catalog, () => ({ catalog: ctx.catalog, supported: new Map() }));
    for (const [i, st] of statements(ctx)) {
      if (!st.Condition || !st.Action) continue;
      const found = verdicts.get(st, ctx.catalog, () => unsupported(st, memo, scope));
      for (const { op, key, messageId } of found)
        out.push({ messageId, data: { key: JSON.stringify(key) }, path: statementPath(i, "Condition", op, key) });
    }
    return out;
  },
};

interface Memo {
  catalog: Catalog;
  /**
   * Whether some action of an Action list supports a key, by the list and the key: a policy of
   * thousands of `s3:*` statements conditioned on `s3:prefix` asks the catalog once, not for each
   * statement's 150 actions; nor do a model's documents, which repeat lists and keys (remembered
   * per memo scope: the model run, else the document).
   */
  supported: Map<string, boolean>;
}
const memos = new CatalogMemo<object, Memo>();

/**
 * Each statement's unsupported keys, by the statement object (a model's compiler shares statement
 * objects among the documents of a team's principals; the answer depends only on the statement
 * and the catalog).
 */
type Found = { op: string; key: string; messageId: string };
const verdicts = new CatalogMemo<Statement, readonly Found[]>();

function unsupported(st: Statement, memo: Memo, scope: object): Found[] {
  const found: Found[] = [];
  const catalog = memo.catalog;
  const action = st.Action ?? [];
  let actions: ReturnType<typeof expand>["actions"] | undefined;
  let listKey: string | undefined;
  for (const [op, keys] of Object.entries(st.Condition ?? {})) {
    for (const key of Object.keys(keys)) {
      if (key.toLowerCase().startsWith("aws:")) continue;
      const info = catalog.conditionKey(key);
      if (info?.global) continue;
      listKey ??= JSON.stringify(action);
      const asked = `${listKey}\u0000${key}`;
      let some = memo.supported.get(asked);
      if (some === undefined) {
        actions ??= action.flatMap((p) => expand(catalog, p, scope).actions);
        // An Action list that names no known action is another rule's finding.
        some = actions.length === 0 || actions.some((a) => actionSupportsKey(catalog, a, key));
        memo.supported.set(asked, some);
      }
      if (!some) found.push({ op, key, messageId: info ? "notSupported" : "unknownKey" });
    }
  }
  return found;
}
