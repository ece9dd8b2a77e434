/**
 * Condition operator names as IAM spells them, and how an operator as written
 * (`ForAnyValue:StringLikeIfExists`) splits into set qualifier, base operator and `IfExists`.
 * AWS: IAM User Guide, "IAM JSON policy elements: Condition operators" and "Single-valued vs.
 * multivalued context keys".
 */
export const CONDITION_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
  "Null",
] as const;

export type ConditionOperatorName = (typeof CONDITION_OPERATORS)[number];
export type SetQualifier = "ForAllValues" | "ForAnyValue";

export interface ParsedConditionOperator {
  /** As written. */
  text: string;
  operator: ConditionOperatorName;
  qualifier?: SetQualifier;
  ifExists: boolean;
}

export type ParseConditionOperatorResult =
  | ({ ok: true } & ParsedConditionOperator)
  | { ok: false; message: string; hint?: string };

const BY_NAME = new Map<string, ConditionOperatorName>(CONDITION_OPERATORS.map((o) => [o, o]));
const BY_LOWER = new Map<string, ConditionOperatorName>(CONDITION_OPERATORS.map((o) => [o.toLowerCase(), o]));

/** Split `ForAnyValue:StringLikeIfExists` into its parts; unknown operators are reported with a hint. */
export function parseConditionOperator(text: string): ParseConditionOperatorResult {
  let rest = text;
  let qualifier: SetQualifier | undefined;
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const q = rest.slice(0, colon);
    if (q !== "ForAllValues" && q !== "ForAnyValue") {
      const fix =
        q.toLowerCase() === "forallvalues"
          ? "ForAllValues"
          : q.toLowerCase() === "foranyvalue"
            ? "ForAnyValue"
            : undefined;
      return {
        ok: false,
        message: `unknown set operator ${JSON.stringify(q)} in ${JSON.stringify(text)}`,
        hint: fix ? `write ${fix}:` : 'the set operators are "ForAllValues:" and "ForAnyValue:"',
      };
    }
    qualifier = q;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  let base = BY_NAME.get(rest);
  if (!base && rest.endsWith("IfExists")) {
    base = BY_NAME.get(rest.slice(0, -"IfExists".length));
    ifExists = base !== undefined;
  }
  if (!base) {
    const lower = rest.toLowerCase();
    const fix = BY_LOWER.get(lower) ?? BY_LOWER.get(lower.replace(/ifexists$/, ""));
    return {
      ok: false,
      message: `unknown condition operator ${JSON.stringify(text)}`,
      hint: fix ? `operator names are case-sensitive: did you mean ${JSON.stringify(fix)}?` : undefined,
    };
  }
  if (base === "Null" && ifExists) {
    return { ok: false, message: '"NullIfExists" is not an operator: "Null" already tests whether the key exists' };
  }
  const out: { ok: true } & ParsedConditionOperator = { ok: true, text, operator: base, ifExists };
  if (qualifier) out.qualifier = qualifier;
  return out;
}
