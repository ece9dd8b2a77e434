/**
 * Compiles a statement's `Condition` block into one closure. Semantics (AWS: IAM User Guide,
 * "IAM JSON policy elements: Condition operators" and "Single-valued vs. multivalued context keys"):
 * - several operators, and several keys under one operator, are AND; several values for one key are OR;
 * - key names are case-insensitive;
 * - a missing key makes a positive operator false and a negated one (`StringNotEquals`, ...) true;
 *   `...IfExists` makes any operator true on a missing key; `Null` tests presence;
 * - without a set qualifier a multivalued request key matches when any of its values does (and a
 *   negated operator when none does); `ForAnyValue:` is true when some request value passes
 *   (false on a missing or empty key), `ForAllValues:` when every request value passes (true on a
 *   missing or empty key); with a negated operator, "passes" means "matches no policy value".
 */
import type { Diagnostic } from "../../diagnostics/index.js";
import { escapePointerSegment } from "../../policy/pointer.js";
import type { ConditionBlock } from "../../policy/types.js";
import { allResolve, parsePattern, type RequiredVariable, requiredVariables, type VariableSource } from "../pattern.js";
import { findOperator } from "./index.js";
import type { ValueTest } from "./operator.js";

/** What a compiled condition reads from the request. */
export interface ConditionScope extends VariableSource {
  get(keyLower: string, keyAsWritten: string): string | string[] | undefined;
}

export type CompiledCondition = (scope: ConditionScope) => boolean;

const NONE = 0;
const ANY = 1;
const ALL = 2;

export interface ParsedOperator {
  qualifier: number;
  ifExists: boolean;
  base: string;
}

export function parseOperatorName(name: string): ParsedOperator | string {
  let rest = name;
  let qualifier = NONE;
  const colon = rest.indexOf(":");
  if (colon >= 0) {
    const q = rest.slice(0, colon).toLowerCase();
    if (q === "forallvalues") qualifier = ALL;
    else if (q === "foranyvalue") qualifier = ANY;
    else return `unknown set qualifier '${rest.slice(0, colon)}' (use ForAllValues: or ForAnyValue:)`;
    rest = rest.slice(colon + 1);
  }
  let ifExists = false;
  if (rest.length > 8 && rest.toLowerCase().endsWith("ifexists")) {
    ifExists = true;
    rest = rest.slice(0, -8);
  }
  return { qualifier, ifExists, base: rest };
}

function anyMatches(tests: ValueTest[], v: string, scope: ConditionScope): boolean {
  for (let i = 0; i < tests.length; i++) if (tests[i](v, scope)) return true;
  return false;
}

function compileKey(
  op: ParsedOperator,
  negated: boolean,
  isNull: boolean,
  keyAsWritten: string,
  tests: ValueTest[],
): CompiledCondition {
  const key = keyAsWritten.toLowerCase();
  if (isNull) {
    return (scope) => {
      const v = scope.get(key, keyAsWritten);
      const present = v !== undefined && !(Array.isArray(v) && v.length === 0);
      return anyMatches(tests, present ? "present" : "", scope);
    };
  }
  const { qualifier, ifExists } = op;
  if (qualifier === NONE) {
    return (scope) => {
      const v = scope.get(key, keyAsWritten);
      if (v === undefined) return ifExists || negated;
      if (typeof v === "string") return anyMatches(tests, v, scope) !== negated;
      if (v.length === 0) return ifExists || negated;
      for (let i = 0; i < v.length; i++) if (anyMatches(tests, v[i], scope)) return !negated;
      return negated;
    };
  }
  if (qualifier === ANY) {
    return (scope) => {
      const v = scope.get(key, keyAsWritten);
      if (v === undefined || (typeof v !== "string" && v.length === 0)) return ifExists;
      if (typeof v === "string") return anyMatches(tests, v, scope) !== negated;
      for (let i = 0; i < v.length; i++) if (anyMatches(tests, v[i], scope) !== negated) return true;
      return false;
    };
  }
  return (scope) => {
    const v = scope.get(key, keyAsWritten);
    if (v === undefined) return true;
    if (typeof v === "string") return anyMatches(tests, v, scope) !== negated;
    for (let i = 0; i < v.length; i++) if (anyMatches(tests, v[i], scope) === negated) return false;
    return true;
  };
}

/**
 * A negated operator whose policy values use variables. AWS: "IAM policy elements: Variables and
 * tags": if AWS cannot resolve a variable, the statement can be invalid. A policy value whose
 * variable (without a default) has no value matches no request value; for a positive operator
 * that is simply no match, but a negated one (`StringNotEquals`, ...) would read "matches no
 * policy value" as true and apply the statement. So when the request gives the key and its values
 * are compared, an unresolvable variable makes the negated condition false. A missing key is
 * decided as before (`...IfExists`, negated operators, `ForAllValues:`): no value is compared.
 */
function requireVariables(
  compiled: CompiledCondition,
  keyAsWritten: string,
  required: RequiredVariable[],
): CompiledCondition {
  const key = keyAsWritten.toLowerCase();
  return (scope) => {
    const v = scope.get(key, keyAsWritten);
    if (v === undefined || (typeof v !== "string" && v.length === 0)) return compiled(scope);
    return allResolve(required, scope) && compiled(scope);
  };
}

/**
 * Compiles a condition block; problems (unknown operators, values the operator cannot read) are
 * pushed to `diagnostics` with `path` + `/Condition/<operator>[/<key>]`.
 */
export function compileConditionBlock(
  block: ConditionBlock,
  opts: { variables: boolean; path: string; file?: string },
  diagnostics: Diagnostic[],
): CompiledCondition | undefined {
  const parts: CompiledCondition[] = [];
  const at = (suffix: string) => `${opts.path}/Condition/${suffix}`;
  for (const [opName, keys] of Object.entries(block)) {
    const parsed = parseOperatorName(opName);
    const operator = typeof parsed === "string" ? undefined : findOperator(parsed.base);
    if (typeof parsed === "string" || !operator) {
      diagnostics.push({
        code: "engine-unknown-condition-operator",
        severity: "error",
        message:
          typeof parsed === "string" ? parsed : `unknown condition operator '${opName}': IAM defines no such operator`,
        file: opts.file,
        path: at(escapePointerSegment(opName)),
        hint: "use one of StringEquals, StringLike, NumericLessThan, DateGreaterThan, Bool, IpAddress, ArnLike, Null, ... (see the IAM condition operators reference)",
      });
      continue;
    }
    if (operator.isNull && (parsed.ifExists || parsed.qualifier !== NONE)) {
      diagnostics.push({
        code: "engine-invalid-condition-operator",
        severity: "error",
        message: `'${opName}': Null takes neither ...IfExists nor a set qualifier`,
        file: opts.file,
        path: at(escapePointerSegment(opName)),
      });
      continue;
    }
    for (const [key, values] of Object.entries(keys)) {
      const tests: ValueTest[] = [];
      const keyPath = at(`${escapePointerSegment(opName)}/${escapePointerSegment(key)}`);
      if (values.length === 0) {
        diagnostics.push({
          code: "engine-condition-no-values",
          severity: "error",
          message: `condition '${opName}' on '${key}' lists no values`,
          file: opts.file,
          path: keyPath,
        });
        continue;
      }
      values.forEach((value, i) => {
        const t = operator.compile(value, opts.variables && operator.variables);
        if (typeof t === "string") {
          diagnostics.push({
            code: "engine-invalid-condition-value",
            severity: "error",
            message: `${operator.name}: ${t}`,
            file: opts.file,
            path: `${keyPath}/${i}`,
          });
        } else tests.push(t);
      });
      if (tests.length !== values.length) continue;
      const compiled = compileKey(parsed, operator.negated, !!operator.isNull, key, tests);
      const required: RequiredVariable[] = [];
      if (operator.negated && opts.variables && operator.variables) {
        for (const value of values)
          requiredVariables(parsePattern(value, { wildcards: false, variables: true }), required);
      }
      parts.push(required.length === 0 ? compiled : requireVariables(compiled, key, required));
    }
  }
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  if (parts.length === 2) {
    const [a, b] = parts;
    return (s) => a(s) && b(s);
  }
  return (s) => {
    for (let i = 0; i < parts.length; i++) if (!parts[i](s)) return false;
    return true;
  };
}
