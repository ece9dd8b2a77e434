/**
 * The shape every condition operator file exports. An operator compiles one policy value into a
 * test of one request value; negated operators (`StringNotEquals`, `NotIpAddress`, ...) reuse
 * their positive twin's compile and are negated by the condition compiler, as AWS documents:
 * a negated operator is true when no policy value matches.
 *
 * AWS: IAM User Guide, "IAM JSON policy elements: Condition operators".
 */
import type { VariableSource } from "../../policy/wildcard.js";

/** Tests one request value; `vars` resolves policy variables for the request being decided. */
export type ValueTest = (requestValue: string, vars: VariableSource) => boolean;

export interface ConditionOperator {
  /** As AWS spells it, e.g. `StringNotEquals`. */
  name: string;
  negated: boolean;
  /** `Null` tests presence, not values. */
  isNull?: boolean;
  /** Whether policy variables are substituted in this operator's values. */
  variables: boolean;
  /** Compiles one policy value; a string is an error message (the value cannot be used with this operator). */
  compile(policyValue: string, variablesEnabled: boolean): ValueTest | string;
}

/** The negated twin of a positive operator. */
export function negate(name: string, positive: ConditionOperator): ConditionOperator {
  return { name, negated: true, variables: positive.variables, compile: positive.compile };
}
