import { parseConditionOperator } from "../../../policy/conditions.js";
import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

/**
 * Which way `parseConditionOperator` rejected the operator (its three failures): an unknown set
 * operator before the colon, `NullIfExists`, or an unknown operator name.
 */
function unknown(op: string): Pick<Report, "messageId" | "data"> {
  const colon = op.indexOf(":");
  const qualifier = colon >= 0 ? op.slice(0, colon) : undefined;
  if (qualifier !== undefined && qualifier !== "ForAllValues" && qualifier !== "ForAnyValue")
    return {
      messageId: "unknownSetOperator",
      data: { qualifier: JSON.stringify(qualifier), operator: JSON.stringify(op) },
    };
  if (op.slice(colon + 1) === "NullIfExists") return { messageId: "nullIfExists" };
  return { messageId: "unknownOperator", data: { operator: JSON.stringify(op) } };
}

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
    messages: {
      unknownOperator: "unknown condition operator {{operator}}",
      unknownSetOperator: "unknown set operator {{qualifier}} in {{operator}}",
      nullIfExists: '"NullIfExists" is not an operator: "Null" already tests whether the key exists',
    },
  },
  check(ctx) {
    const out: Report[] = [];
    for (const [i, st] of statements(ctx)) {
      for (const op of Object.keys(st.Condition ?? {})) {
        if (parseConditionOperator(op).ok) continue;
        out.push({ ...unknown(op), path: statementPath(i, "Condition", op) });
      }
    }
    return out;
  },
};
