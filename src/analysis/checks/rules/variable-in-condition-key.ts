import { parseConditionOperator } from "../../../policy/conditions.js";
import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

/**
 * What a condition evaluates to when its key is not in the request: IAM User Guide, "IAM JSON
 * policy elements: Condition" — false, except for the negated operators (`StringNotEquals`,
 * `ArnNotLike`, `NotIpAddress`...), `...IfExists`, `ForAllValues:` (the empty set) and
 * `Null: "true"`, which are true.
 */
function trueWhenKeyMissing(operator: string, values: unknown): boolean | undefined {
  const parsed = parseConditionOperator(operator);
  if (!parsed.ok) return undefined;
  if (parsed.operator === "Null") {
    const list = Array.isArray(values) ? values : [values];
    return list.some((v) => String(v).toLowerCase() === "true");
  }
  if (parsed.qualifier === "ForAllValues" || parsed.ifExists) return true;
  if (parsed.qualifier === "ForAnyValue") return false;
  return parsed.operator.includes("Not");
}

export const variableInConditionKey: DocumentRule = {
  scope: "document",
  meta: {
    id: "variable-in-condition-key",
    severity: "error",
    category: "grammar",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
    description: "A policy variable (`${aws:username}`) inside a condition key, where IAM does not substitute it.",
    explanation:
      "IAM substitutes policy variables in the Resource element and in condition **values** only: in a " +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      'condition key such as `"aws:ResourceTag/${aws:username}"` the variable is kept as written, so the key ' +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      "names a tag literally called `${aws:username}`, which no request carries (tag keys cannot contain `$`, `{` " +
      "or `}`). The condition is evaluated as for a missing key: a plain operator is false, so the statement never " +
      "applies; a negated operator (`StringNotEquals`), `...IfExists`, `ForAllValues:` or `Null: true` is true, " +
      "so an Allow is not constrained at all, or a Deny is not narrowed — the meaning changes silently either way. " +
      "Fix: put the variable in the value and a fixed key in the key " +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      '(`"StringEquals": { "aws:ResourceTag/owner": "${aws:username}" }`). AWS: IAM User Guide, "IAM policy ' +
      'elements: Variables and tags".',
    messages: {
      variable:
        "the condition key {{key}} contains the policy variable {{variable}}, which IAM does not substitute in keys: the key is read as written, a key requests do not carry",
      allowUnconstrained:
        "the condition key {{key}} contains the policy variable {{variable}}, which IAM does not substitute in keys: the key is read as written, a key requests do not carry; with {{operator}} a missing key is true, so this condition does not constrain the Allow",
      denyNotNarrowed:
        "the condition key {{key}} contains the policy variable {{variable}}, which IAM does not substitute in keys: the key is read as written, a key requests do not carry; with {{operator}} a missing key is true, so this condition does not narrow the Deny",
      allowNever:
        "the condition key {{key}} contains the policy variable {{variable}}, which IAM does not substitute in keys: the key is read as written, a key requests do not carry; with {{operator}} a missing key is false, so the statement never allows anything",
      denyNever:
        "the condition key {{key}} contains the policy variable {{variable}}, which IAM does not substitute in keys: the key is read as written, a key requests do not carry; with {{operator}} a missing key is false, so the Deny never applies",
    },
  },
  check(ctx) {
    const out: Report[] = [];
    for (const [i, st] of statements(ctx)) {
      for (const [op, keys] of Object.entries(st.Condition ?? {})) {
        for (const [key, values] of Object.entries(keys ?? {})) {
          if (!key.includes("${")) continue;
          const variable = /\$\{[^}]*\}?/.exec(key)?.[0] ?? "${";
          const missing = trueWhenKeyMissing(op, values);
          const deny = st.Effect === "Deny";
          const messageId =
            missing === undefined
              ? "variable"
              : missing
                ? deny
                  ? "denyNotNarrowed"
                  : "allowUnconstrained"
                : deny
                  ? "denyNever"
                  : "allowNever";
          out.push({
            messageId,
            data: { key: JSON.stringify(key), variable, operator: op },
            path: statementPath(i, "Condition", op, key),
          });
        }
      }
    }
    return out;
  },
};
