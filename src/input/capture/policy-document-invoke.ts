import { createHash } from "node:crypto";
import { unknownMark, unknownMarksIn } from "../../model/unknown-mark.js";

/**
 * What the AWS provider's `aws.iam.getPolicyDocument` invoke returns, computed offline so that
 * programs building their policies with it can be captured under mocks. It follows the provider's
 * documented behaviour: `effect` defaults to `Allow`, `version` to `2012-10-17`; principals group
 * by type (`{ type: "*", identifiers: ["*"] }` is `"*"`); conditions group by operator and key;
 * `sourcePolicyDocuments` come first, then `statements`, then `overridePolicyDocuments`, a statement
 * replacing an earlier one with the same non-blank `sid`.
 */
type Json = Record<string, unknown>;

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const strings = (v: unknown): string[] => asArray(v).filter((x): x is string => typeof x === "string");

function principalsOf(list: unknown): Json | string | undefined {
  const out: Record<string, string[]> = {};
  for (const p of asArray(list)) {
    if (typeof p !== "object" || p === null) continue;
    const { type, identifiers } = p as { type?: unknown; identifiers?: unknown };
    if (typeof type !== "string") continue;
    if (type === "*") return "*";
    out[type] = [...(out[type] ?? []), ...strings(identifiers)];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function conditionsOf(list: unknown): Json | undefined {
  const out: Record<string, Record<string, string[]>> = {};
  for (const c of asArray(list)) {
    if (typeof c !== "object" || c === null) continue;
    const { test, variable, values } = c as { test?: unknown; variable?: unknown; values?: unknown };
    if (typeof test !== "string" || typeof variable !== "string") continue;
    const byKey = out[test] ?? {};
    out[test] = byKey;
    byKey[variable] = [...(byKey[variable] ?? []), ...strings(values)];
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function statementOf(s: Json): Json {
  const statement: Json = {};
  if (typeof s.sid === "string" && s.sid !== "") statement.Sid = s.sid;
  statement.Effect = typeof s.effect === "string" && s.effect !== "" ? s.effect : "Allow";
  const principal = principalsOf(s.principals);
  if (principal) statement.Principal = principal;
  const notPrincipal = principalsOf(s.notPrincipals);
  if (notPrincipal) statement.NotPrincipal = notPrincipal;
  for (const [from, to] of [
    ["actions", "Action"],
    ["notActions", "NotAction"],
    ["resources", "Resource"],
    ["notResources", "NotResource"],
  ] as const) {
    const values = strings(s[from]);
    if (values.length > 0) statement[to] = values;
  }
  const condition = conditionsOf(s.conditions);
  if (condition) statement.Condition = condition;
  return statement;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Thrown for a document the provider would refuse: the program fails, as under `pulumi preview`. */
class PolicyDocumentInvokeError extends Error {}

/**
 * Statements of a JSON policy text. One that is not JSON fails the invoke, as the provider's does:
 * left out, a Deny in an override document would silently widen the result.
 */
function statementsOfJson(text: unknown, what: string): Json[] {
  if (text === undefined || text === null) return [];
  let doc: unknown;
  let why = "not a JSON object";
  try {
    doc = typeof text === "string" ? JSON.parse(text) : undefined;
  } catch (err) {
    why = err instanceof Error ? err.message : String(err);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new PolicyDocumentInvokeError(`aws.iam.getPolicyDocument: ${what} is not a JSON policy document (${why})`);
  }
  return asArray((doc as { Statement?: unknown }).Statement).filter(
    (s): s is Json => typeof s === "object" && s !== null,
  );
}

/** Append `more`, each replacing an earlier statement with the same non-blank Sid. */
function merge(into: Json[], more: Json[]): void {
  for (const s of more) {
    const sid = typeof s.Sid === "string" && s.Sid !== "" ? s.Sid : undefined;
    const at = sid === undefined ? -1 : into.findIndex((x) => x.Sid === sid);
    if (at >= 0) into[at] = s;
    else into.push(s);
  }
}

/** The invoke's result (`json`, `minifiedJson`, `id`) for its inputs. */
export function policyDocumentInvoke(inputs: Json): Json {
  // A document the program cannot know (another stack's output, a parameter's value) makes the
  // result unknown as a whole: which statements it holds, Allows or Denies, is not known.
  const unseen = [...asArray(inputs.sourcePolicyDocuments), ...asArray(inputs.overridePolicyDocuments)]
    .filter((t): t is string => typeof t === "string" && !isJson(t))
    .flatMap((t) => unknownMarksIn(t));
  if (unseen.length > 0) {
    const mark = unknownMark(`aws.iam.getPolicyDocument merges a document that is not known: ${unseen.join("; ")}`);
    return {
      ...inputs,
      json: mark,
      minifiedJson: mark,
      id: createHash("sha1").update(mark).digest("hex").slice(0, 10),
    };
  }
  const statements: Json[] = [];
  for (const [i, text] of asArray(inputs.sourcePolicyDocuments).entries()) {
    merge(statements, statementsOfJson(text, `sourcePolicyDocuments[${i}]`));
  }
  merge(
    statements,
    asArray(inputs.statements)
      .filter((s): s is Json => typeof s === "object" && s !== null)
      .map(statementOf),
  );
  for (const [i, text] of asArray(inputs.overridePolicyDocuments).entries()) {
    merge(statements, statementsOfJson(text, `overridePolicyDocuments[${i}]`));
  }
  const doc: Json = { Version: typeof inputs.version === "string" ? inputs.version : "2012-10-17" };
  if (typeof inputs.policyId === "string" && inputs.policyId !== "") doc.Id = inputs.policyId;
  doc.Statement = statements;
  const minifiedJson = JSON.stringify(doc);
  return {
    ...inputs,
    json: JSON.stringify(doc, null, 2),
    minifiedJson,
    id: createHash("sha1").update(minifiedJson).digest("hex").slice(0, 10),
  };
}
