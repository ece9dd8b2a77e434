/**
 * What each kind of policy document allows, in one table the parser and the checks both read:
 * whether statements name a principal, whether they name a resource, how strict IAM is about Sids
 * and characters, and the size quota a single document of the kind is held to.
 *
 * AWS: IAM User Guide, "IAM JSON policy elements: Principal" (identity policies name none; role
 * trust policies and resource-based policies must), "...: Resource" (a trust policy names none),
 * "...: Sid" (IAM accepts only A-Z, a-z, 0-9), "IAM and AWS STS quotas"; IAM API Reference,
 * CreatePolicy/CreateRole (documents limited to tab, LF, CR and U+0020–U+00FF); AWS Organizations
 * User Guide, "SCP syntax", "RCP syntax" (Principal must be "*", no NotPrincipal) and "Quotas"
 * (5,120 characters per SCP or RCP).
 */
import { PolicyQuotas } from "./quotas.js";
import type { PolicyKind } from "./types.js";

export interface PolicyKindRules {
  kind: PolicyKind;
  /** "an identity policy", as messages name it. */
  name: string;
  /**
   * `forbidden`: the policy applies to the identity it is attached to; `required`: every statement
   * names who it applies to; `star`: only `"Principal": "*"` (RCPs).
   */
  principal: "forbidden" | "required" | "star";
  /** May a statement use `NotPrincipal`? */
  notPrincipal: boolean;
  /** `required`: every statement names resources; `forbidden`: the resource is the role itself. */
  resource: "required" | "forbidden";
  /** Is a Sid with characters other than A-Z, a-z, 0-9 rejected by the service (else only unusual)? */
  strictSid: boolean;
  /** Does the service accept only tab, LF, CR and U+0020–U+00FF in the document? */
  latin1: boolean;
  /** The most characters (without white space) one document of this kind may have, when AWS fixes one. */
  maxSize?: number;
}

export const POLICY_KINDS: Readonly<Record<PolicyKind, PolicyKindRules>> = {
  identity: {
    kind: "identity",
    name: "identity policy",
    principal: "forbidden",
    notPrincipal: false,
    resource: "required",
    strictSid: true,
    latin1: true,
    maxSize: PolicyQuotas.managedPolicySize, // inline quotas are per principal (see quotas.ts)
  },
  boundary: {
    kind: "boundary",
    name: "permissions boundary",
    principal: "forbidden",
    notPrincipal: false,
    resource: "required",
    strictSid: true,
    latin1: true,
    maxSize: PolicyQuotas.managedPolicySize,
  },
  session: {
    kind: "session",
    name: "session policy",
    principal: "forbidden",
    notPrincipal: false,
    resource: "required",
    strictSid: false,
    latin1: true,
    maxSize: 2048, // the packed size STS accepts for inline session policies
  },
  scp: {
    kind: "scp",
    name: "service control policy",
    principal: "forbidden",
    notPrincipal: false,
    resource: "required",
    strictSid: false,
    latin1: false,
    maxSize: 5120,
  },
  rcp: {
    kind: "rcp",
    name: "resource control policy",
    principal: "star",
    notPrincipal: false,
    resource: "required",
    strictSid: false,
    latin1: false,
    maxSize: 5120,
  },
  trust: {
    kind: "trust",
    name: "role trust policy",
    principal: "required",
    notPrincipal: true,
    resource: "forbidden",
    strictSid: true,
    latin1: true,
    maxSize: PolicyQuotas.roleTrustPolicySize,
  },
  resource: {
    kind: "resource",
    name: "resource-based policy",
    principal: "required",
    notPrincipal: true,
    resource: "required",
    strictSid: false,
    latin1: false,
    // Each service sets its own (an S3 bucket policy 20 KB, a KMS key policy 32 KB): none here.
  },
};

/** "an identity policy", "a role trust policy". */
export function kindWithArticle(kind: PolicyKind): string {
  const name = POLICY_KINDS[kind].name;
  return `${/^[aeiou]/.test(name) ? "an" : "a"} ${name}`;
}
