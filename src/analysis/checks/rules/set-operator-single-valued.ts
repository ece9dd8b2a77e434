import { parseConditionOperator } from "../../../policy/conditions.js";
import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

export const setOperatorSingleValued: DocumentRule = {
  scope: "document",
  meta: {
    id: "set-operator-single-valued",
    severity: "security",
    category: "grammar",
    description: "`ForAllValues:` or `ForAnyValue:` on a single-valued condition key.",
    explanation:
      "The set operators are for multi-valued keys (`aws:TagKeys`, `sagemaker:InstanceTypes`). On a " +
      "single-valued key they change the meaning in a dangerous way: `ForAllValues:` is **true when the key is " +
      "missing** (the empty set satisfies every test), so an Allow meant to require a value allows requests " +
      "without it, and a Deny meant to block other values passes requests that omit the key. Fix: drop the " +
      'qualifier (`StringEquals`), or add a `Null` check. AWS: IAM User Guide, "Single-valued vs. multivalued ' +
      'context keys".',
    equivalents: { accessAnalyzer: "FOR_ALL_VALUES_WITH_SINGLE_VALUED_KEY / FOR_ANY_VALUE_WITH_SINGLE_VALUED_KEY" },
    messages: {
      forAllValues: "ForAllValues: on the single-valued key {{key}}: it is true when the key is missing",
      forAnyValue: "ForAnyValue: on the single-valued key {{key}}: use the operator without the qualifier",
    },
  },
  check(ctx) {
    const out: Report[] = [];
    for (const [i, st] of statements(ctx)) {
      for (const [op, keys] of Object.entries(st.Condition ?? {})) {
        const parsed = parseConditionOperator(op);
        if (!parsed.ok || !parsed.qualifier) continue;
        for (const key of Object.keys(keys)) {
          const info = ctx.catalog.conditionKey(key);
          if (!info || info.multiValued) continue;
          out.push({
            messageId: parsed.qualifier === "ForAllValues" ? "forAllValues" : "forAnyValue",
            data: { key: JSON.stringify(key) },
            path: statementPath(i, "Condition", op, key),
          });
        }
      }
    }
    return out;
  },
};
