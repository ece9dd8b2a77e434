/**
 * External access, as IAM Access Analyzer reports it: who outside the account a resource policy
 * (bucket, key, queue, topic, function, repository, secret, model package group, ...) or a role's
 * trust policy lets in, for which actions, and under which conditions.
 *
 * Scopes: everyone (`*`, `{"AWS": "*"}`); named other accounts (their root or any principal of
 * theirs); any identity of a federated provider the trust does not pin down (GitHub Actions OIDC
 * without a `sub` condition lets any repository's workflow in; a Cognito trust without `aud` any
 * identity pool); and service principals without `aws:SourceAccount`/`aws:SourceArn`, which act
 * for any account (the confused deputy). Conditions that keep a grant inside the account
 * (`aws:PrincipalAccount`, `kms:CallerAccount`, `aws:SourceAccount` equal to it, principal ARNs of
 * it) remove a finding; conditions that narrow it (`aws:PrincipalOrgID`, `aws:SourceVpce`,
 * `aws:SourceIp`, `sts:ExternalId`, ...) are reported with it.
 *
 * AWS: IAM Access Analyzer User Guide, "Findings for external and unused access"; IAM User Guide,
 * "The confused deputy problem"; GitHub Docs, "Configuring OpenID Connect in Amazon Web Services".
 */
import type { ConditionBlock, Statement } from "../../../policy/types.js";

export type ExternalPolicyKind = "resource" | "trust";

export interface ExternalAccess {
  /** `*`, `account:<id>`, `federated:<provider>` or `service:<principal>`. */
  scope: string;
  /** Actions granted (as written, service prefix lower-cased), sorted. */
  actions: string[];
  /** Condition keys that narrow it, sorted; empty when nothing does. */
  conditions: string[];
  /** 0-based index of the statement that grants it. */
  statement: number;
}

export interface ExternalAccessInput {
  statements: readonly Statement[];
  kind: ExternalPolicyKind;
  /** The account that owns the resource or role. */
  account: string;
  /** The organization of the account, when known: `aws:PrincipalOrgID` equal to it keeps the grant inside the organization (still reported). */
  organization?: string;
}

/** Keys that narrow who or from where, shown with a finding. */
const NARROWING = [
  "aws:principalorgid",
  "aws:principalorgpaths",
  "aws:sourceorgid",
  "aws:sourceorgpaths",
  "aws:sourcevpc",
  "aws:sourcevpce",
  "aws:sourceip",
  "aws:vpcsourceip",
  "aws:sourcearn",
  "aws:sourceaccount",
  "aws:principalarn",
  "aws:principalaccount",
  "aws:userid",
  "aws:principaltag",
  "sts:externalid",
  "kms:calleraccount",
  "kms:viaservice",
  "aws:principalservicename",
  "aws:sourceowner",
];

/** Services that assume a role only for the role's own account (iam:PassRole decides who may hand it over). */
const PASS_ROLE_ONLY_SERVICES = new Set([
  "ec2.amazonaws.com",
  "lambda.amazonaws.com",
  "edgelambda.amazonaws.com",
  "ecs-tasks.amazonaws.com",
  "eks.amazonaws.com",
  "eks-fargate-pods.amazonaws.com",
  "apprunner.amazonaws.com",
  "tasks.apprunner.amazonaws.com",
  "build.apprunner.amazonaws.com",
]);

interface Cond {
  operator: string;
  key: string;
  keyLower: string;
  values: string[];
}

function conds(block: ConditionBlock | undefined): Cond[] {
  const out: Cond[] = [];
  for (const [operator, keys] of Object.entries(block ?? {})) {
    for (const [key, raw] of Object.entries(keys ?? {})) {
      out.push({ operator, key, keyLower: key.toLowerCase(), values: (Array.isArray(raw) ? raw : [raw]).map(String) });
    }
  }
  return out;
}

function positive(op: string): boolean {
  const o = op
    .toLowerCase()
    .replace(/^for(all|any)values?:/, "")
    .replace(/ifexists$/, "");
  return !o.includes("not") && o !== "null";
}

function accountOfArn(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts.length >= 6 ? parts[4] : undefined;
}

/** Whether every value pins the grant to `account` (an account id, or ARNs in it). */
function allOwn(values: readonly string[], account: string): boolean {
  return (
    values.length > 0 && values.every((v) => v === account || (v.startsWith("arn:") && accountOfArn(v) === account))
  );
}

/** A condition that keeps the grant inside the account. */
function keepsInside(c: Cond, account: string): boolean {
  if (!positive(c.operator)) return false;
  if (
    [
      "aws:principalaccount",
      "kms:calleraccount",
      "aws:sourceaccount",
      "aws:sourceowner",
      "aws:resourceaccount",
    ].includes(c.keyLower)
  )
    return c.keyLower !== "aws:resourceaccount" && allOwn(c.values, account);
  if (c.keyLower === "aws:principalarn" || c.keyLower === "aws:sourcearn") return allOwn(c.values, account);
  return false;
}

function narrowing(c: Cond): boolean {
  return NARROWING.some((k) => c.keyLower === k || c.keyLower.startsWith(`${k}/`));
}

/** Who the statement's `Principal` names: scopes outside `account`, and whether it includes everyone. */
function scopesOf(
  st: Statement,
  account: string,
): { scope: string; kind: "everyone" | "account" | "federated" | "service" }[] {
  if (st.NotPrincipal) return [{ scope: "*", kind: "everyone" }];
  const p = st.Principal;
  if (p === undefined) return [];
  if (p === "*") return [{ scope: "*", kind: "everyone" }];
  const out: { scope: string; kind: "everyone" | "account" | "federated" | "service" }[] = [];
  for (const v of p.AWS ?? []) {
    if (v === "*") out.push({ scope: "*", kind: "everyone" });
    else {
      const acct = /^\d{12}$/.test(v) ? v : accountOfArn(v);
      if (acct && acct !== account) out.push({ scope: `account:${acct}`, kind: "account" });
    }
  }
  for (const v of p.Federated ?? []) {
    const provider = v.includes(":oidc-provider/")
      ? v.slice(v.indexOf(":oidc-provider/") + ":oidc-provider/".length)
      : v;
    if (v.includes(":saml-provider/")) continue; // the account's own identity provider
    out.push({ scope: `federated:${provider}`, kind: "federated" });
  }
  for (const v of p.Service ?? []) out.push({ scope: `service:${v}`, kind: "service" });
  for (const v of p.CanonicalUser ?? []) out.push({ scope: `canonical-user:${v}`, kind: "account" });
  return out;
}

/** Whether a federated provider's trust names who may use it (`sub` for OIDC, `aud` for Cognito identity pools). */
function federatedPinned(provider: string, cs: readonly Cond[]): boolean {
  const host = provider.toLowerCase();
  const keyFor = (suffix: string) => cs.filter((c) => c.keyLower === `${host}:${suffix}` && positive(c.operator));
  if (host === "cognito-identity.amazonaws.com") return keyFor("aud").length > 0;
  const sub = keyFor("sub");
  if (sub.length === 0) return false;
  // `repo:*`, `*`: every repository or subject.
  return sub.every((c) => c.values.every((v) => !/^(\*|repo:\*)$/.test(v.trim())));
}

/** Whether a service principal's grant names the account or resource it acts for. */
function servicePinned(cs: readonly Cond[]): boolean {
  return cs.some(
    (c) =>
      positive(c.operator) &&
      ["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner"].includes(
        c.keyLower,
      ),
  );
}

function normalizeAction(a: string): string {
  const i = a.indexOf(":");
  return i < 0 ? a : `${a.slice(0, i).toLowerCase()}${a.slice(i)}`;
}

/**
 * Deny statements that apply to everyone unless a condition holds (`StringNotEquals
 * aws:PrincipalOrgID`, `NotIpAddress aws:SourceIp`): each narrows every grant to that condition.
 */
function denyNarrowing(statements: readonly Statement[]): string[] {
  const out: string[] = [];
  for (const st of statements) {
    if (st.Effect !== "Deny") continue;
    const everyone =
      st.Principal === "*" || (typeof st.Principal === "object" && (st.Principal.AWS ?? []).includes("*"));
    if (!everyone) continue;
    for (const c of conds(st.Condition)) if (!positive(c.operator) && narrowing(c)) out.push(c.key);
  }
  return out;
}

/** The external access a resource or trust policy grants, one entry per statement and scope. */
export function externalAccess(input: ExternalAccessInput): ExternalAccess[] {
  const out: ExternalAccess[] = [];
  const fromDenies = denyNarrowing(input.statements);
  input.statements.forEach((st, index) => {
    if (st.Effect !== "Allow") return;
    const cs = conds(st.Condition);
    if (cs.some((c) => keepsInside(c, input.account))) return;
    const actions = [...new Set((st.Action ?? (st.NotAction ? ["*"] : [])).map(normalizeAction))].sort();
    for (const { scope, kind } of scopesOf(st, input.account)) {
      let limits = cs.filter(narrowing).map((c) => c.key);
      if (kind === "federated") {
        const provider = scope.slice("federated:".length);
        if (federatedPinned(provider, cs)) continue;
        limits = cs
          .filter((c) => c.keyLower.startsWith(`${provider.toLowerCase()}:`) || narrowing(c))
          .map((c) => c.key);
      } else if (kind === "service") {
        if (servicePinned(cs)) continue;
        const service = scope.slice("service:".length).toLowerCase();
        if (input.kind === "trust" && PASS_ROLE_ONLY_SERVICES.has(service)) continue;
      }
      const conditions = [...new Set([...limits, ...fromDenies])].sort();
      out.push({ scope, actions, conditions, statement: index });
    }
  });
  return out;
}
