/**
 * The calling principal, derived from the ARN (or service/provider name) a request carries, and
 * matching of the `Principal` / `NotPrincipal` elements of resource policies against it.
 *
 * AWS: IAM User Guide, "AWS JSON policy elements: Principal" and "AWS JSON policy elements: NotPrincipal".
 */
import type { Principal } from "../policy/types.js";

export type PrincipalKind =
  | "User"
  | "AssumedRole"
  | "FederatedUser"
  | "Account"
  | "Service"
  | "Federated"
  | "Anonymous"
  | "Unknown";

export interface PrincipalInfo {
  raw: string;
  kind: PrincipalKind;
  partition: string;
  account?: string;
  /** `aws:PrincipalArn`: the user's ARN, the role's ARN for a role session, the federated user's ARN. */
  principalArn?: string;
  /** IAM users only. */
  username?: string;
  /** Role sessions (and roles given directly). */
  roleName?: string;
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>` when the request names a session. */
  sessionArn?: string;
  /** Service-linked roles: SCPs and RCPs do not apply to them. */
  serviceLinked: boolean;
  /** A session principal (role session or federated user): session policies apply. */
  isSession: boolean;
}

const FEDERATED_NAMES = new Set([
  "cognito-identity.amazonaws.com",
  "accounts.google.com",
  "graph.facebook.com",
  "www.amazon.com",
]);

/** Parses the principal a request names. Never throws: unknown shapes become `Unknown`. */
export function parsePrincipal(raw: string): PrincipalInfo {
  const info: PrincipalInfo = { raw, kind: "Unknown", partition: "aws", serviceLinked: false, isSession: false };
  if (raw === "*" || raw.toLowerCase() === "anonymous") {
    info.kind = "Anonymous";
    return info;
  }
  if (/^\d{12}$/.test(raw)) {
    info.kind = "Account";
    info.account = raw;
    info.principalArn = `arn:aws:iam::${raw}:root`;
    return info;
  }
  if (!raw.startsWith("arn:")) {
    if (FEDERATED_NAMES.has(raw)) info.kind = "Federated";
    else if (/\.amazonaws\.com(\.cn)?$/.test(raw)) info.kind = "Service";
    return info;
  }
  const parts = raw.split(":");
  if (parts.length < 6) return info;
  const [, partition, service, , account] = parts;
  const resource = parts.slice(5).join(":");
  info.partition = partition;
  if (/^\d{12}$/.test(account)) info.account = account;
  if (service === "iam") {
    if (resource === "root") {
      info.kind = "Account";
      info.principalArn = raw;
    } else if (resource.startsWith("user/")) {
      info.kind = "User";
      info.principalArn = raw;
      info.username = resource.slice(resource.lastIndexOf("/") + 1);
    } else if (resource.startsWith("role/")) {
      info.kind = "AssumedRole";
      info.principalArn = raw;
      info.roleName = resource.slice(resource.lastIndexOf("/") + 1);
      info.serviceLinked = resource.startsWith("role/aws-service-role/");
      info.isSession = true;
    } else if (resource.startsWith("saml-provider/") || resource.startsWith("oidc-provider/")) {
      info.kind = "Federated";
    }
  } else if (service === "sts") {
    if (resource.startsWith("assumed-role/")) {
      const segs = resource.split("/");
      info.kind = "AssumedRole";
      info.roleName = segs[1];
      info.sessionArn = raw;
      info.principalArn = `arn:${partition}:iam::${account}:role/${segs[1]}`;
      info.serviceLinked = segs[1]?.startsWith("AWSServiceRoleFor") ?? false;
      info.isSession = true;
    } else if (resource.startsWith("federated-user/")) {
      info.kind = "FederatedUser";
      info.principalArn = raw;
      info.isSession = true;
    }
  }
  return info;
}

/**
 * Why a request's principal cannot be decided, or `undefined` when it can: a principal the engine
 * cannot identify (a typo such as `arn:aws:iam:111122223333:user/a`, a group, a bare name) would
 * be decided as an unknown caller, silently. The one rule of every request (files, the CLI, the
 * library's `evaluate`).
 */
export function principalProblem(p: PrincipalInfo): string | undefined {
  if (p.kind === "Unknown") {
    return `'${p.raw}' is not a principal: a user, role or session, federated user, account, service, provider or anonymous`;
  }
  const needsAccount =
    p.kind === "User" || p.kind === "AssumedRole" || p.kind === "FederatedUser" || p.kind === "Account";
  return needsAccount && p.account === undefined ? `'${p.raw}' names no 12-digit account` : undefined;
}

/** An example of each principal a request may name (the hint of `principalProblem`). */
export const PRINCIPAL_EXAMPLES =
  "e.g. arn:aws:iam::111122223333:user/alice, arn:aws:sts::111122223333:assumed-role/ml-role/session, 111122223333, sagemaker.amazonaws.com, anonymous";

/** How a resource policy's `Principal` names the caller: the strength of the grant. */
export const GRANT_NONE = 0;
/** The caller's account (account id or `:root`): the account delegates to its identity policies. */
export const GRANT_ACCOUNT = 1;
/** The role of a role session: limited by implicit denies in boundaries and session policies. */
export const GRANT_ROLE = 2;
/** The user, the session, the service or `*`: not limited by implicit denies in the caller's own policies. */
export const GRANT_DIRECT = 3;

type Matcher =
  | { kind: "any" }
  | { kind: "account"; account: string }
  | { kind: "role"; account: string; name: string }
  | { kind: "exact"; value: string };

export type PrincipalMatchers = Matcher[];

function compileAwsValue(v: string): Matcher {
  if (v === "*") return { kind: "any" };
  if (/^\d{12}$/.test(v)) return { kind: "account", account: v };
  const parts = v.split(":");
  if (parts.length >= 6 && parts[0] === "arn") {
    const resource = parts.slice(5).join(":");
    if (parts[2] === "iam" && resource === "root") return { kind: "account", account: parts[4] };
    if (parts[2] === "iam" && resource.startsWith("role/")) {
      return { kind: "role", account: parts[4], name: resource.slice(resource.lastIndexOf("/") + 1) };
    }
  }
  return { kind: "exact", value: v };
}

export function compilePrincipal(p: Principal): PrincipalMatchers {
  if (p === "*") return [{ kind: "any" }];
  const out: Matcher[] = [];
  for (const [type, values] of Object.entries(p)) {
    for (const v of values ?? []) {
      if (v === "*") out.push({ kind: "any" });
      else if (type === "AWS") out.push(compileAwsValue(v));
      else out.push({ kind: "exact", value: v });
    }
  }
  return out;
}

/** The strongest grant the matchers give the caller (GRANT_*). */
export function principalGrant(ms: PrincipalMatchers, p: PrincipalInfo): number {
  let best = GRANT_NONE;
  for (const m of ms) {
    switch (m.kind) {
      case "any":
        return GRANT_DIRECT;
      case "account":
        if (p.account === m.account && p.kind !== "Service" && p.kind !== "Federated") {
          if (p.kind === "Account") return GRANT_DIRECT;
          if (best < GRANT_ACCOUNT) best = GRANT_ACCOUNT;
        }
        break;
      case "role":
        if (p.kind === "AssumedRole" && p.account === m.account && p.roleName === m.name) {
          // A role given without a session stands for its sessions, and a grant that names the
          // role is limited for every one of them (AWS: "Permissions boundaries for IAM entities",
          // resource-based policies: a grant to an IAM role ARN is limited by an implicit deny in
          // a permissions boundary or session policy).
          if (best < GRANT_ROLE) best = GRANT_ROLE;
        }
        break;
      case "exact":
        if (m.value === p.raw) return GRANT_DIRECT;
        break;
    }
  }
  return best;
}

function listed(ms: PrincipalMatchers, test: (m: Matcher) => boolean): boolean {
  for (const m of ms) if (m.kind === "any" || test(m)) return true;
  return false;
}

/**
 * Does a `NotPrincipal` list exclude the caller? Only when every identity in its chain is listed:
 * the user and its account; the session, its role and its account. AWS: "AWS JSON policy
 * elements: NotPrincipal" (specify the account and the role as well as the session).
 */
export function notPrincipalExcludes(ms: PrincipalMatchers, p: PrincipalInfo): boolean {
  const acct = () => listed(ms, (m) => m.kind === "account" && m.account === p.account);
  const exact = (v: string | undefined) => v !== undefined && listed(ms, (m) => m.kind === "exact" && m.value === v);
  switch (p.kind) {
    case "User":
    case "FederatedUser":
      return exact(p.raw) && acct();
    case "AssumedRole": {
      const role = listed(ms, (m) => m.kind === "role" && m.account === p.account && m.name === p.roleName);
      return role && acct() && (p.sessionArn === undefined || exact(p.sessionArn));
    }
    case "Account":
      return acct();
    case "Anonymous":
      return listed(ms, () => false);
    default:
      return exact(p.raw);
  }
}
