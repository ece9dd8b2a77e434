import { parseConditionOperator } from "../../../policy/conditions.js";
import { operatorType, typesCompatible } from "../conditions.js";
import type { DocumentRule, Report } from "../types.js";
import { CatalogMemo, memoScope, statementPath, statements } from "../util.js";

/**
 * Per memo scope (`memoScope`) and catalog, each condition operator as written (null when it is
 * none) with its type and, per condition key, the key's type when the two mismatch (else null):
 * a model's documents repeat a few operators and keys thousands of times.
 */
interface Operator {
  operator: string;
  type: ReturnType<typeof operatorType>;
  keys: Map<string, string | null>;
}
const memos = new CatalogMemo<object, Map<string, Operator | null>>();

export const conditionTypeMismatch: DocumentRule = {
  scope: "document",
  meta: {
    id: "condition-type-mismatch",
    severity: "error",
    category: "catalog",
    description:
      "A condition operator of the wrong type for its key (`StringEquals` on a Date key, `Bool` on a String key).",
    explanation:
      "Each condition key has a type (String, ARN, Numeric, Date, Bool, IPAddress, Binary). An operator of " +
      "another family compares the wrong way: `StringEquals` on `aws:CurrentTime` compares text, not dates; " +
      "`Bool` on a String key never matches; `NumericLessThan` on `aws:SourceIp` is meaningless. Fix: use the " +
      "operator family of the key's type (`DateLessThan`, `StringEquals`, `IpAddress`...); `ai-iam explain` " +
      "shows each key's type.",
    equivalents: { accessAnalyzer: "MISMATCHED_TYPE / TYPE_MISMATCH", parliament: "MISMATCHED_TYPE" },
    messages: {
      mismatch: "{{operator}} compares {{operatorType}} values, but {{key}} has type {{keyType}}",
    },
  },
  check(ctx) {
    const out: Report[] = [];
    const known = memos.get(memoScope(ctx), ctx.catalog, () => new Map());
    for (const [i, st] of statements(ctx)) {
      for (const [op, keys] of Object.entries(st.Condition ?? {})) {
        let byKey = known.get(op);
        if (!byKey) {
          const parsed = parseConditionOperator(op);
          byKey = parsed.ok
            ? { operator: parsed.operator, type: operatorType(parsed.operator), keys: new Map() }
            : null;
          known.set(op, byKey);
        }
        if (!byKey) continue;
        for (const key of Object.keys(keys)) {
          let keyType = byKey.keys.get(key);
          if (keyType === undefined) {
            const info = ctx.catalog.conditionKey(key);
            keyType = !info || typesCompatible(byKey.type, info.type) ? null : info.type;
            byKey.keys.set(key, keyType);
          }
          if (keyType === null) continue;
          out.push({
            messageId: "mismatch",
            data: { operator: byKey.operator, operatorType: byKey.type, key: JSON.stringify(key), keyType },
            path: statementPath(i, "Condition", op, key),
          });
        }
      }
    }
    return out;
  },
};
