import { arnPatternMatchesFormat } from "../../../catalog/pattern.js";
import type { ActionInfo } from "../../../catalog/types.js";
import type { Statement } from "../../../policy/types.js";
import { expand } from "../expand.js";
import type { Catalog, DocumentRule, Report } from "../types.js";
import { CatalogMemo, listSome, memoScope, statementPath, statements } from "../util.js";

/**
 * What the rule remembers, per memo scope (`memoScope`: a model run, else the document): memory
 * linear in what is checked, not a module-level map that hostile input could grow.
 * - `arns`: whether `arn` can be one of an ARN format's resources, by the ARN string itself (not
 *   a concatenation, which would copy a long ARN for every format), then the format: the actions
 *   of a pattern (`s3:*`) share a few formats, and statements (of one document, and of a model's
 *   documents) repeat resources.
 * - `scoped`: per pattern, its actions with resource-level permissions.
 * - `decided`: per pattern and list of resources, whether one matches: 7,000 statements repeating
 *   `*:??` on one ARN are one test.
 */
interface Memo {
  catalog: Catalog;
  arns: Map<string, Map<string, boolean>>;
  scoped: Map<string, ActionInfo[]>;
  decided: Map<string, boolean>;
}
const memos = new CatalogMemo<object, Memo>();

/**
 * Each statement's reports (without their path, which depends on where the statement is), by the
 * statement object: a model's compiler shares statement objects among the documents of a team's
 * principals, and the answer depends only on the statement and the catalog.
 */
type Found = { j: number; report: Report };
const verdicts = new CatalogMemo<Statement, readonly Found[]>();

function matches(memo: Memo, action: ActionInfo, arn: string): boolean {
  let byFormat = memo.arns.get(arn);
  if (!byFormat) {
    byFormat = new Map();
    memo.arns.set(arn, byFormat);
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

/** The mismatches of one statement (`st.Action` index and report without path). */
function mismatches(st: Statement, memo: Memo, scope: object): Found[] {
  const found: Found[] = [];
  if (!st.Action || !st.Resource || st.Resource.length === 0 || st.Resource.includes("*")) return found;
  const resources = st.Resource;
  const resourcesKey = JSON.stringify(resources);
  st.Action.forEach((pattern, j) => {
    // Wildcard-only actions are left out: AWS's own policies grant them on service-wide ARN
    // patterns, and the catalog can lag an action gaining resource-level support.
    let actions = memo.scoped.get(pattern);
    if (!actions) {
      actions = expand(memo.catalog, pattern, scope).actions.filter((a) => !a.wildcardOnly);
      memo.scoped.set(pattern, actions);
    }
    if (actions.length === 0) return;
    const key = `${pattern}\u0000${resourcesKey}`;
    let ok = memo.decided.get(key);
    if (ok === undefined) {
      const list = actions;
      ok = list.some((a) => resources.some((r) => matches(memo, a, r)));
      memo.decided.set(key, ok);
    }
    if (ok) return;
    const first = actions[0];
    const wanted = listSome(
      [...new Set(actions.flatMap((a) => a.resourceTypes.map((rt) => rt.arnFormats[0] ?? rt.name)))],
      3,
    );
    found.push({
      j,
      report:
        actions.length === 1
          ? { messageId: "actionMismatch", data: { action: JSON.stringify(first.key), wanted } }
          : {
              messageId: "patternMismatch",
              data: { pattern: JSON.stringify(pattern), count: actions.length, wanted },
            },
    });
  });
  return found;
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
    const scope = memoScope(ctx);
    const memo = memos.get(scope, ctx.catalog, () => ({
      catalog: ctx.catalog,
      arns: new Map(),
      scoped: new Map(),
      decided: new Map(),
    }));
    for (const [i, st] of statements(ctx)) {
      const found = verdicts.get(st, ctx.catalog, () => mismatches(st, memo, scope));
      for (const { j, report } of found) out.push({ ...report, path: statementPath(i, "Action", j) });
    }
    return out;
  },
};
