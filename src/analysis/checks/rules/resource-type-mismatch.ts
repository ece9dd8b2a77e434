import { arnPatternMatchesFormat } from "../../../catalog/pattern.js";
import type { ActionInfo } from "../../../catalog/types.js";
import { expand } from "../expand.js";
import type { DocumentRule, Report } from "../types.js";
import { listSome, statementPath, statements } from "../util.js";

/**
 * Whether `arn` can be one of the action's resource types (`catalog.resourceTypesForArn` is not
 * empty), memoized per document, ARN and ARN format: the actions of a pattern (`s3:*`) share a few
 * formats, and statements repeat resources. The memo lives as long as the document (memory linear
 * in it, not a module-level map that hostile input could grow), keyed by the ARN string itself
 * (not a concatenation, which would copy a long ARN for every format).
 */
const memos = new WeakMap<object, Map<string, Map<string, boolean>>>();

function matches(memo: Map<string, Map<string, boolean>>, action: ActionInfo, arn: string): boolean {
  let byFormat = memo.get(arn);
  if (!byFormat) {
    byFormat = new Map();
    memo.set(arn, byFormat);
  }
  const known = byFormat;
  return action.resourceTypes.some((rt) =>
    rt.arnFormats.some((format) => {
      let hit = known.get(format);
      if (hit === undefined) {
        hit = arnPatternMatchesFormat(arn, format);
        known.set(format, hit);
      }
      return hit;
    }),
  );
}

export const resourceTypeMismatch: DocumentRule = {
  scope: "document",
  meta: {
    id: "resource-type-mismatch",
    severity: "warning",
    category: "catalog",
    description: "An action whose resource types none of the statement's resources can match.",
    explanation:
      "Each action acts on certain resource types (`s3:GetObject` on objects, `arn:aws:s3:::bucket/key`; " +
      "`s3:ListBucket` on buckets, `arn:aws:s3:::bucket`). When no `Resource` of the statement can be an ARN " +
      "of those types, the action is granted on nothing: the classic `s3:GetObject` on `arn:aws:s3:::bucket` " +
      "that should have been `arn:aws:s3:::bucket/*`. Actions that support no resource-level permissions are not " +
      "reported here (see `star-resource`). " +
      "Fix: add the matching ARN, or move the action to a statement with the right resources.",
    equivalents: {
      accessAnalyzer: "NO_RESOURCE_TYPE_MATCH (related: MISSING_ARN_FIELD)",
      parliament: "RESOURCE_MISMATCH",
    },
    messages: {
      actionMismatch: "{{action}} acts on none of the statement's resources; it needs {{wanted}}",
      patternMismatch: "{{pattern}} ({{count}} actions) acts on none of the statement's resources; it needs {{wanted}}",
    },
  },
  check(ctx) {
    const out: Report[] = [];
    let memo = memos.get(ctx.document);
    if (!memo) {
      memo = new Map();
      memos.set(ctx.document, memo);
    }
    // Per pattern, its actions with resource-level permissions; per pattern and list of
    // resources, whether one matches: 7,000 statements repeating `*:??` on one ARN are one test.
    const scopedActions = new Map<string, ActionInfo[]>();
    const decided = new Map<string, boolean>();
    for (const [i, st] of statements(ctx)) {
      if (!st.Action || !st.Resource || st.Resource.length === 0 || st.Resource.includes("*")) continue;
      const resources = st.Resource;
      const resourcesKey = JSON.stringify(resources);
      st.Action.forEach((pattern, j) => {
        // Wildcard-only actions are left out: AWS's own policies grant them on service-wide ARN
        // patterns, and the catalog can lag an action gaining resource-level support.
        let actions = scopedActions.get(pattern);
        if (!actions) {
          actions = expand(ctx.catalog, pattern, ctx.document).actions.filter((a) => !a.wildcardOnly);
          scopedActions.set(pattern, actions);
        }
        if (actions.length === 0) return;
        const key = `${pattern}\u0000${resourcesKey}`;
        let ok = decided.get(key);
        if (ok === undefined) {
          const list = actions;
          ok = list.some((a) => resources.some((r) => matches(memo, a, r)));
          decided.set(key, ok);
        }
        if (ok) return;
        const first = actions[0];
        const wanted = listSome(
          [...new Set(actions.flatMap((a) => a.resourceTypes.map((rt) => rt.arnFormats[0] ?? rt.name)))],
          3,
        );
        out.push({
          ...(actions.length === 1
            ? { messageId: "actionMismatch", data: { action: JSON.stringify(first.key), wanted } }
            : {
                messageId: "patternMismatch",
                data: { pattern: JSON.stringify(pattern), count: actions.length, wanted },
              }),
          path: statementPath(i, "Action", j),
        });
      });
    }
    return out;
  },
};
