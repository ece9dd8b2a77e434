/**
 * The request context a decision reads: the keys the request gives, then keys derived from the
 * principal and the resource when the request does not give them. Derived keys (documented in the
 * README, overridable by the request's `context`):
 * - `aws:PrincipalArn`: the user's ARN; for a role session the role's ARN (`arn:aws:iam::<acct>:role/<name>`);
 * - `aws:PrincipalAccount`: the account in the principal's ARN;
 * - `aws:PrincipalType`: `User`, `AssumedRole`, `FederatedUser`, `Account` or `Anonymous`;
 * - `aws:username`: IAM users only;
 * - `aws:PrincipalIsAWSService` (`true` for service principals, else `false`) and `aws:PrincipalServiceName`;
 * - `aws:RequestedRegion`: the region of the resource's ARN, when it has one;
 * - `aws:ResourceAccount`: `resourceAccount`, or the account in the resource's ARN.
 * `aws:userid` and tags are never derived: give them in the context.
 *
 * AWS: IAM User Guide, "AWS global condition context keys" and "Policy evaluation logic"
 * (processing the request context).
 */
import { type Diagnostic, type DiagnosticCode, DiagnosticsError } from "../diagnostics/index.js";
import { getOwn, setOwn } from "../policy/own.js";
import type { AccessRequest } from "../policy/policy-set.js";
import type { ConditionScope } from "./conditions/compile.js";
import { type PrincipalInfo, parsePrincipal } from "./principal.js";
import { equalsIgnoreCase } from "./strings.js";

/** The region and account of an ARN (`arn:partition:service:region:account:resource`), without allocating more than needed. */
export function arnRegion(arn: string): string | undefined {
  if (!arn.startsWith("arn:")) return undefined;
  const c3 = nthColon(arn, 3);
  const c4 = c3 < 0 ? -1 : arn.indexOf(":", c3 + 1);
  if (c4 < 0 || c4 === c3 + 1) return undefined;
  return arn.slice(c3 + 1, c4);
}

export function arnAccount(arn: string): string | undefined {
  if (!arn.startsWith("arn:")) return undefined;
  const c4 = nthColon(arn, 4);
  const c5 = c4 < 0 ? -1 : arn.indexOf(":", c4 + 1);
  if (c5 < 0 || c5 === c4 + 1) return undefined;
  return arn.slice(c4 + 1, c5);
}

/** The index of the `n`-th colon of a string starting with `arn:` (the 1st is at 3), or -1. */
function nthColon(arn: string, n: number): number {
  let i = 3;
  for (let k = 1; k < n && i >= 0; k++) i = arn.indexOf(":", i + 1);
  return i;
}

/**
 * Is the resource owned by `account`? 1 yes, 0 no, -1 unknown (no `resourceAccount`, no account in
 * the ARN). Allocation-free: the evaluator asks this on every request.
 */
export function resourceAccountIs(request: AccessRequest, account: string): number {
  if (request.resourceAccount !== undefined) return request.resourceAccount === account ? 1 : 0;
  const arn = request.resource;
  if (!arn.startsWith("arn:")) return -1;
  const c4 = nthColon(arn, 4);
  const c5 = c4 < 0 ? -1 : arn.indexOf(":", c4 + 1);
  if (c5 < 0 || c5 === c4 + 1) return -1;
  return c5 - c4 - 1 === account.length && arn.startsWith(account, c4 + 1) ? 1 : 0;
}

/** The account that owns the resource: `resourceAccount`, else the ARN's account, else undefined. */
export function resourceAccountOf(request: AccessRequest): string | undefined {
  return request.resourceAccount ?? arnAccount(request.resource);
}

function derived(keyLower: string, p: PrincipalInfo, request: AccessRequest): string | undefined {
  switch (keyLower) {
    case "aws:principalarn":
      return p.principalArn;
    case "aws:principalaccount":
      return p.account;
    case "aws:principaltype":
      switch (p.kind) {
        case "User":
        case "AssumedRole":
        case "FederatedUser":
        case "Account":
        case "Anonymous":
          return p.kind;
        default:
          return undefined;
      }
    case "aws:username":
      return p.username;
    case "aws:principalisawsservice":
      return p.kind === "Service" ? "true" : "false";
    case "aws:principalservicename":
      return p.kind === "Service" ? p.raw : undefined;
    case "aws:requestedregion":
      return arnRegion(request.resource);
    case "aws:resourceaccount":
      return resourceAccountOf(request);
    default:
      return undefined;
  }
}

const DERIVED_KEYS = [
  "aws:PrincipalArn",
  "aws:PrincipalAccount",
  "aws:PrincipalType",
  "aws:username",
  "aws:PrincipalIsAWSService",
  "aws:PrincipalServiceName",
  "aws:RequestedRegion",
  "aws:ResourceAccount",
];

/**
 * The context the engine decides with: the derived keys, overridden by the request's own
 * `context` (matched without case).
 */
export function defaultContext(request: AccessRequest): Record<string, string | string[]> {
  checkRequest(request);
  const p = parsePrincipal(request.principal);
  const out: Record<string, string | string[]> = {};
  for (const key of DERIVED_KEYS) {
    const v = derived(key.toLowerCase(), p, request);
    if (v !== undefined) out[key] = v;
  }
  for (const [k, v] of Object.entries(request.context ?? {})) {
    for (const existing of Object.keys(out)) if (equalsIgnoreCase(existing, k)) delete out[existing];
    setOwn(out, k, v);
  }
  return out;
}

/**
 * A request as a JavaScript caller may pass it (parsed JSON): `principal`, `action` and `resource`
 * strings, `resourceAccount` a string when given, `context` an object of strings and lists of
 * strings. Anything else is a `DiagnosticsError` (the codes `parseRequests` reports), never a
 * TypeError halfway through a decision or a value no condition can compare read as "no match".
 */
export function checkRequest(request: AccessRequest): void {
  if (
    typeof request === "object" &&
    request !== null &&
    typeof request.principal === "string" &&
    typeof request.action === "string" &&
    typeof request.resource === "string" &&
    (request.resourceAccount === undefined || typeof request.resourceAccount === "string") &&
    (request.context === undefined || contextValid(request.context))
  )
    return;
  const problems: Diagnostic[] = [];
  const problem = (code: DiagnosticCode, path: string, message: string) =>
    problems.push({ code, severity: "error", message, path });
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    problem("request-not-an-object", "", "a request must be an object with principal, action and resource");
    throw new DiagnosticsError(problems);
  }
  const r = request as unknown as Record<string, unknown>;
  for (const k of ["principal", "action", "resource"])
    if (typeof r[k] !== "string") problem("request-missing-field", `/${k}`, `a request needs a string "${k}"`);
  if (r.resourceAccount !== undefined && typeof r.resourceAccount !== "string")
    problem("request-invalid-field", "/resourceAccount", '"resourceAccount" must be a string');
  if (r.context !== undefined && !contextValid(r.context)) {
    problem("request-invalid-context", "/context", "context must be an object of key → string or list of strings");
  }
  throw new DiagnosticsError(problems);
}

function contextValid(context: unknown): boolean {
  if (typeof context !== "object" || context === null || Array.isArray(context)) return false;
  for (const k in context) {
    if (!Object.hasOwn(context, k)) continue;
    const v = (context as Record<string, unknown>)[k];
    if (typeof v === "string") continue;
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (typeof v[i] !== "string") return false;
  }
  return true;
}

/** The mutable per-decision scope conditions and patterns read; one per evaluator, reset per request. */
export class RequestScope implements ConditionScope {
  request!: AccessRequest;
  principal!: PrincipalInfo;
  private context: Record<string, string | string[]> | undefined;

  reset(request: AccessRequest, principal: PrincipalInfo): void {
    this.request = request;
    this.principal = principal;
    this.context = request.context;
  }

  get(keyLower: string, keyAsWritten: string): string | string[] | undefined {
    const ctx = this.context;
    if (ctx !== undefined) {
      const exact = getOwn(ctx, keyAsWritten);
      if (exact !== undefined) return exact;
      for (const k of Object.keys(ctx)) {
        if (k.length === keyLower.length && equalsIgnoreCase(k, keyLower)) return ctx[k];
      }
    }
    return derived(keyLower, this.principal, this.request);
  }

  /** A policy variable: single-valued keys only (a list cannot be substituted). */
  variable(keyLower: string, keyAsWritten: string): string | undefined {
    const v = this.get(keyLower, keyAsWritten);
    return typeof v === "string" ? v : undefined;
  }
}
