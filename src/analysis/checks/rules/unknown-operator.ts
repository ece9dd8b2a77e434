import { parseConditionOperator } from "../../../policy/conditions.js";
import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

export const unknownOperator: DocumentRule = {
  scope: "document",
  meta: {
    id: "unknown-operator",
    severity: "error",
    category: "grammar",
    description: "A condition operator IAM does not know.",
    explanation:
      "IAM rejects a policy with an unknown condition operator (`StringEqual`, `ForAllValue:StringLike`, " +
      "`DateGreaterThenEquals`...). ai-iam's engine refuses to compile such a policy rather than treat the " +
      'condition as a silent non-match. Fix: use one of the operators listed in the IAM User Guide, "IAM ' +
      'JSON policy elements: Condition operators".',
    equivalents: { accessAnalyzer: "INVALID_OPERATOR", parliament: "UNKNOWN_OPERATOR" },
  },
  check(ctx) {
    const out: Report[] = [];
    for (const [i, st] of statements(ctx)) {
      for (const op of Object.keys(st.Condition ?? {})) {
        const parsed = parseConditionOperator(op);
        if (!parsed.ok) out.push({ message: parsed.message, path: statementPath(i, "Condition", op) });
      }
    }
    return out;
  },
};
