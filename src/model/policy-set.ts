import { withSuggestion } from "../diagnostics/did-you-mean.js";
import { DiagnosticsError } from "../diagnostics/index.js";
import type { AccessRequest, PolicySet } from "../policy/policy-set.js";
import { isTrustPolicyAction } from "../policy/trust.js";
import type { NamedPolicy } from "../policy/types.js";
import type { AccessModel, ModelPolicy, ModelPrincipal } from "./types.js";

/**
 * The bridge from an AccessModel to the engine: which policies take part in a decision for one of
 * the model's principals, and the context a normal signed-in session of that principal carries.
 */

const indexes = new WeakMap<AccessModel, ModelIndex>();

interface ModelIndex {
  policies: Map<string, ModelPolicy>;
  principals: Map<string, ModelPrincipal>;
  principalsByArn: Map<string, ModelPrincipal>;
  groups: Map<string, AccessModel["groups"][number]>;
}

function index(model: AccessModel): ModelIndex {
  let ix = indexes.get(model);
  if (!ix) {
    ix = {
      policies: new Map(model.policies.map((p) => [p.id, p])),
      principals: new Map(model.principals.map((p) => [p.id, p])),
      principalsByArn: new Map(model.principals.map((p) => [p.arn, p])),
      groups: new Map(model.groups.map((g) => [g.id, g])),
    };
    indexes.set(model, ix);
  }
  return ix;
}

export function findPrincipal(model: AccessModel, id: string): ModelPrincipal | undefined {
  return index(model).principals.get(id);
}

export function findPolicy(model: AccessModel, id: string): ModelPolicy | undefined {
  return index(model).policies.get(id);
}

function named(p: ModelPolicy): NamedPolicy {
  return { name: p.name, document: p.document };
}

/** Ids of every identity policy that applies to the principal: its own, then its groups', in stable order. */
export function identityPolicyIds(model: AccessModel, principal: ModelPrincipal): string[] {
  const ids = [...principal.managedPolicies, ...principal.inlinePolicies];
  const groups = index(model).groups;
  for (const gid of [...principal.groups].sort()) {
    const g = groups.get(gid);
    if (g) ids.push(...g.managedPolicies, ...g.inlinePolicies);
  }
  return [...new Set(ids)];
}

/** Does a resource policy attached to `attachedTo` govern a request on `resource`? (A bucket's policy governs its objects.) */
function governs(attachedTo: string, resource: string): boolean {
  return resource === attachedTo || resource.startsWith(`${attachedTo}/`);
}

/**
 * A principal id the model lacks: a `DiagnosticsError` (the library's one error for input it cannot
 * decide), with the id meant when one is close.
 */
export function unknownPrincipal(model: AccessModel, id: string): DiagnosticsError {
  return new DiagnosticsError([
    {
      code: "request-unknown-principal",
      severity: "error",
      message: withSuggestion(
        `no principal "${id}" in the model`,
        id,
        model.principals.map((p) => p.id),
      ),
      path: "/principal",
    },
  ]);
}

/**
 * Every policy that takes part in deciding a request by `principalId`. With a request, the
 * resource's policy is included: a bucket or key policy attached in the model, or — for
 * `sts:AssumeRole*` on one of the model's roles — that role's trust policy.
 */
export function policySetForPrincipal(
  model: AccessModel,
  principalId: string,
  request?: { action?: string; resource?: string },
): PolicySet {
  const ix = index(model);
  const principal = ix.principals.get(principalId);
  if (!principal) throw unknownPrincipal(model, principalId);
  const set: PolicySet = { identityPolicies: [] };
  for (const id of identityPolicyIds(model, principal)) {
    const p = ix.policies.get(id);
    if (p) set.identityPolicies.push(named(p));
  }
  const boundary = principal.boundary ? ix.policies.get(principal.boundary) : undefined;
  if (boundary) set.permissionBoundaries = [named(boundary)];
  const levels = (list: string[][]) =>
    list.map((level) =>
      level.flatMap((id) => {
        const p = ix.policies.get(id);
        return p ? [named(p)] : [];
      }),
    );
  if (model.scps && model.scps.length > 0) set.scps = levels(model.scps);
  if (model.rcps && model.rcps.length > 0) set.rcps = levels(model.rcps);
  const resource = request?.resource;
  if (resource) {
    const action = (request?.action ?? "").toLowerCase();
    if (isTrustPolicyAction(action)) {
      const role = ix.principalsByArn.get(resource);
      const trust = role?.trustPolicy ? ix.policies.get(role.trustPolicy) : undefined;
      if (trust) set.resourcePolicy = named(trust);
    } else {
      const rp = model.resourcePolicies.find((r) => governs(r.resourceArn, resource));
      const p = rp ? ix.policies.get(rp.policyId) : undefined;
      if (p) set.resourcePolicy = named(p);
    }
  }
  return set;
}

/**
 * The ARN a request by this principal carries: an IAM user's ARN, or for roles and permission
 * sets the assumed-role session ARN (`arn:aws:sts::<account>:assumed-role/<role>/<session>`).
 */
export function requestPrincipalArn(model: AccessModel, principal: ModelPrincipal, session = "session"): string {
  if (principal.kind === "user") return principal.arn;
  return `arn:${model.partition}:sts::${principal.account ?? model.account}:assumed-role/${principal.name}/${session}`;
}

/**
 * The context of a normal signed-in session of the principal: its own keys (username, tags),
 * MFA present, TLS, the organization's region, its AWS Organizations id when the model knows it. Documented so the assumption is visible; a test
 * or request may override any key.
 */
export function principalContext(model: AccessModel, principalId: string): Record<string, string | string[]> {
  const principal = index(model).principals.get(principalId);
  if (!principal) throw unknownPrincipal(model, principalId);
  const ctx: Record<string, string | string[]> = {
    "aws:PrincipalArn": principal.arn,
    "aws:PrincipalAccount": principal.account ?? model.account,
    "aws:PrincipalType": principal.kind === "user" ? "User" : "AssumedRole",
    "aws:MultiFactorAuthPresent": "true",
    "aws:SecureTransport": "true",
  };
  if (principal.kind === "user") ctx["aws:username"] = principal.name;
  if (model.organizationId) ctx["aws:PrincipalOrgID"] = model.organizationId;
  if (model.region) ctx["aws:RequestedRegion"] = model.region;
  for (const [k, v] of Object.entries(principal.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    ctx[`aws:PrincipalTag/${k}`] = v;
  }
  return ctx;
}

/** A full engine request for a principal of the model, with its default context under `context`. */
export function requestFor(
  model: AccessModel,
  principalId: string,
  action: string,
  resource: string,
  context?: Record<string, string | string[]>,
): AccessRequest {
  const principal = index(model).principals.get(principalId);
  if (!principal) throw unknownPrincipal(model, principalId);
  return {
    principal: requestPrincipalArn(model, principal),
    action,
    resource,
    // A resource whose ARN names its account (a role of another imported account) is that
    // account's; one whose ARN does not (an S3 bucket) is taken to be the model's.
    resourceAccount: arnAccountOf(resource) ?? model.account,
    context: { ...principalContext(model, principalId), ...context },
  };
}

/** The 12-digit account of an ARN, if it names one. */
function arnAccountOf(resource: string): string | undefined {
  const m = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(resource);
  return m ? m[1] : undefined;
}

/** Every policy of a set, in layer order: identity, boundaries, SCPs, RCPs, session, resource. */
export function policiesOf(set: PolicySet): NamedPolicy[] {
  return [
    ...set.identityPolicies,
    ...(set.permissionBoundaries ?? []),
    ...(set.scps ?? []).flat(),
    ...(set.rcps ?? []).flat(),
    ...(set.sessionPolicy ? [set.sessionPolicy] : []),
    ...(set.resourcePolicy ? [set.resourcePolicy] : []),
  ];
}
