import { parseConditionOperator } from "../../../policy/conditions.js";
import { operatorType, typesCompatible } from "../conditions.js";
import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

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
    for (const [i, st] of statements(ctx)) {
      for (const [op, keys] of Object.entries(st.Condition ?? {})) {
        const parsed = parseConditionOperator(op);
        if (!parsed.ok) continue;
        const opType = operatorType(parsed.operator);
        for (const key of Object.keys(keys)) {
          const info = ctx.catalog.conditionKey(key);
          if (!info || typesCompatible(opType, info.type)) continue;
          out.push({
            messageId: "mismatch",
            data: { operator: parsed.operator, operatorType: opType, key: JSON.stringify(key), keyType: info.type },
            path: statementPath(i, "Condition", op, key),
          });
        }
      }
    }
    return out;
  },
};
