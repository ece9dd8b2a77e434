import type { Diagnostic } from "../../diagnostics/index.js";
import { quotaOf } from "../../model/quota.js";
import type {
  AccessModel,
  ModelGroup,
  ModelPolicy,
  ModelPolicyKind,
  ModelPrincipal,
  ModelResourcePolicy,
} from "../../model/types.js";
import { normalizePolicy } from "../../policy/normalize.js";
import { policySize } from "../../policy/size.js";
import type { PolicyDocument, PolicyKind } from "../../policy/types.js";

/**
 * Rebuilds an AccessModel from the IAM resources of any Pulumi program: what capture records under
 * mocks, and what the policy pack receives from the engine. References between resources (a
 * user's name in an attachment, a policy's ARN) are matched by value; when a value is unknown
 * (a preview before the resource exists), by the resource the property depends on; when neither
 * works, the gap is recorded in `model.unknowns` and a diagnostic, never guessed. A policy whose
 * document is not known (or not valid) is left out of `model.policies`, while the attachments and
 * boundaries that name it stay: that a user has a policy attached directly is known, what it grants
 * is not (the engine then counts no grant from it).
 *
 * This module imports nothing from `@pulumi/*`, so the policy pack and tests can use it directly.
 */
export interface IamResource {
  /** Pulumi type token, e.g. `aws:iam/user:User`. */
  type: string;
  /** Logical name: principals and policies are addressed by it (`aiUser`). */
  name: string;
  /** Inputs merged with the state the provider (or the mocks) returned: `name`, `arn`, ... */
  props: Record<string, unknown>;
  /** Property → logical names of the resources it was computed from (the pack's propertyDependencies). */
  propertyDependencies?: Record<string, string[]>;
}

export interface BuildModelOptions {
  account?: string;
  partition?: string;
  region?: string;
  source: AccessModel["source"];
  /** Reported as the `file` of diagnostics (the program's entry). */
  file?: string;
}

export const IamTypes = {
  policy: "aws:iam/policy:Policy",
  user: "aws:iam/user:User",
  group: "aws:iam/group:Group",
  role: "aws:iam/role:Role",
  userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  userGroupMembership: "aws:iam/userGroupMembership:UserGroupMembership",
  groupMembership: "aws:iam/groupMembership:GroupMembership",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

const CAPTURED_TYPES = new Set<string>(Object.values(IamTypes));

/** Is this a resource type the model is built from? */
export function isCapturedType(type: string): boolean {
  return CAPTURED_TYPES.has(type);
}

/** The engine's unknown sentinel (gRPC), or the SDK's `unknown` object (mocks in preview). */
const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export function isUnknownValue(v: unknown): boolean {
  if (v === UNKNOWN_SENTINEL) return true;
  return typeof v === "object" && v !== null && (v as { __pulumiUnknown?: unknown }).__pulumiUnknown === true;
}

/** Any unknown anywhere inside `v`. */
function containsUnknown(v: unknown): boolean {
  if (isUnknownValue(v)) return true;
  if (typeof v === "string") return v.includes(UNKNOWN_SENTINEL);
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsUnknown);
  return false;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const sortedUnique = (xs: string[]) => [...new Set(xs)].sort();

interface Draft {
  policies: Map<string, ModelPolicy>;
  principals: Map<string, ModelPrincipal>;
  groups: Map<string, ModelGroup>;
  resourcePolicies: ModelResourcePolicy[];
  unknowns: NonNullable<AccessModel["unknowns"]>;
  diagnostics: Diagnostic[];
  /** Managed policy ids attached somewhere (a policy only used as a boundary becomes `boundary`). */
  attached: Set<string>;
  boundaries: Set<string>;
}

export function buildAccessModel(
  resources: readonly IamResource[],
  opts: BuildModelOptions,
): { model: AccessModel; diagnostics: Diagnostic[] } {
  const account = opts.account ?? "123456789012";
  const partition = opts.partition ?? "aws";
  const file = opts.file;
  const d: Draft = {
    policies: new Map(),
    principals: new Map(),
    groups: new Map(),
    resourcePolicies: [],
    unknowns: [],
    diagnostics: [],
    attached: new Set(),
    boundaries: new Set(),
  };
  const sorted = [...resources]
    .filter((r) => isCapturedType(r.type))
    .sort((a, b) => byId({ id: `${a.type} ${a.name}` }, { id: `${b.type} ${b.name}` }));
  const ofType = (t: string) => sorted.filter((r) => r.type === t);

  const unknown = (r: IamResource, property: string, message: string) => {
    d.unknowns.push({ resource: r.name, property, message });
    d.diagnostics.push({
      code: "capture-unknown-value",
      severity: "warning",
      message: `${r.name} (${r.type}): ${property}: ${message}`,
      ...(file ? { file } : {}),
      hint: "the value is computed by the cloud provider or from a resource ai-iam cannot mock; it was left out, not guessed",
    });
  };
  const str = (v: unknown): string | undefined => (typeof v === "string" && !isUnknownValue(v) ? v : undefined);

  /** Parse and normalize a policy input (JSON text or an object). */
  const readDocument = (
    r: IamResource,
    property: string,
    kind: PolicyKind,
    required = true,
  ): PolicyDocument | undefined => {
    const raw = r.props[property];
    if (raw === undefined || raw === null || raw === "") {
      // The property is required: without a value, the program computes it from something the
      // mocks could not supply (an invoke that reads the account, say).
      if (required) unknown(r, property, "the policy document has no value offline");
      return undefined;
    }
    if (containsUnknown(raw)) {
      unknown(r, property, "the policy document depends on a value that is not known");
      return undefined;
    }
    let value: unknown = raw;
    if (typeof raw === "string") {
      try {
        value = JSON.parse(raw);
      } catch (err) {
        d.diagnostics.push({
          code: "capture-policy-json",
          severity: "error",
          message: `${r.name} (${r.type}): ${property} is not valid JSON: ${(err as Error).message}`,
          ...(file ? { file } : {}),
        });
        return undefined;
      }
    }
    const result = normalizePolicy(value, { kind, ...(file ? { file } : {}) });
    for (const diag of result.diagnostics) {
      d.diagnostics.push({ ...diag, message: `${r.name} (${r.type}): ${property}: ${diag.message}` });
    }
    return result.document;
  };

  const addPolicy = (
    id: string,
    name: string,
    kind: ModelPolicyKind,
    policyType: PolicyKind,
    document: PolicyDocument,
    extra: Partial<ModelPolicy> = {},
  ) => {
    const quota = quotaOf(kind);
    d.policies.set(id, {
      id,
      name,
      kind,
      policyType,
      document,
      size: policySize(document),
      ...(quota === undefined ? {} : { quota }),
      ...extra,
    });
  };

  // Standalone managed policies, indexed by ARN for attachments and boundaries.
  const policyByArn = new Map<string, string>();
  for (const r of ofType(IamTypes.policy)) {
    const name = str(r.props.name) ?? r.name;
    const path = str(r.props.path) ?? "/";
    const arn = str(r.props.arn);
    if (arn) policyByArn.set(arn, r.name);
    const doc = readDocument(r, "policy", "identity");
    if (!doc) continue;
    const description = str(r.props.description);
    addPolicy(r.name, name, "managed", "identity", doc, {
      path,
      ...(arn ? { arn } : {}),
      ...(description ? { description } : {}),
    });
  }

  const principalByName = new Map<string, string>();
  const tagsOf = (r: IamResource): Record<string, string> => {
    const tags = r.props.tags;
    if (typeof tags !== "object" || tags === null || isUnknownValue(tags)) return {};
    return Object.fromEntries(
      Object.entries(tags as Record<string, unknown>)
        .filter(([, v]) => typeof v === "string" && !isUnknownValue(v))
        .sort(([a], [b]) => (a < b ? -1 : 1)),
    ) as Record<string, string>;
  };

  /** Resolve a reference to a managed policy (an ARN), by value or by dependency. */
  const policyRef = (r: IamResource, property: string, value: unknown): string | undefined => {
    const arn = str(value);
    if (arn) {
      const local = policyByArn.get(arn);
      if (local) return local;
      const awsManaged = /^arn:[^:]+:iam::aws:policy\//.test(arn);
      const id = arn;
      if (!d.policies.has(id)) {
        d.unknowns.push({
          resource: r.name,
          property,
          message: awsManaged
            ? `the document of AWS managed policy ${arn} is not available offline`
            : `policy ${arn} is not defined in this program`,
        });
        d.diagnostics.push({
          code: "capture-external-policy",
          severity: "warning",
          message: `${r.name} (${r.type}): ${property} refers to ${arn}, whose document is not known here; what it grants is left out of the analysis`,
          ...(file ? { file } : {}),
        });
      }
      // The attachment itself is known (an AWS managed policy on a user is still a policy on a user).
      return id;
    }
    const deps = r.propertyDependencies?.[property] ?? [];
    const dep = deps.find((n) => ofType(IamTypes.policy).some((p) => p.name === n));
    if (dep) return dep;
    unknown(r, property, "the policy it refers to is not known");
    return undefined;
  };

  const principalRef = (r: IamResource, property: string, value: unknown, types: string[]): string | undefined => {
    const name = str(value);
    if (name !== undefined) {
      const id = principalByName.get(`${types[0]} ${name}`);
      if (id) return id;
      unknown(r, property, `${name} is not defined in this program`);
      return undefined;
    }
    const deps = r.propertyDependencies?.[property] ?? [];
    const dep = deps.find((n) => sorted.some((x) => types.includes(x.type) && x.name === n));
    if (dep) return dep;
    unknown(r, property, "the principal it refers to is not known");
    return undefined;
  };

  for (const r of ofType(IamTypes.group)) {
    const name = str(r.props.name) ?? r.name;
    const path = str(r.props.path) ?? "/";
    d.groups.set(r.name, {
      id: r.name,
      name,
      arn: str(r.props.arn) ?? `arn:${partition}:iam::${account}:group${path}${name}`,
      path,
      managedPolicies: [],
      inlinePolicies: [],
    });
    principalByName.set(`${IamTypes.group} ${name}`, r.name);
  }

  const boundaryOf = (r: IamResource): string | undefined => {
    if (r.props.permissionsBoundary === undefined || r.props.permissionsBoundary === "") return undefined;
    const id = policyRef(r, "permissionsBoundary", r.props.permissionsBoundary);
    if (id) d.boundaries.add(id);
    return id;
  };

  for (const r of ofType(IamTypes.user)) {
    const name = str(r.props.name) ?? r.name;
    const path = str(r.props.path) ?? "/";
    const boundary = boundaryOf(r);
    const forceDestroy = typeof r.props.forceDestroy === "boolean" ? r.props.forceDestroy : undefined;
    d.principals.set(r.name, {
      id: r.name,
      kind: "user",
      name,
      arn: str(r.props.arn) ?? `arn:${partition}:iam::${account}:user${path}${name}`,
      path,
      // An IAM user is a person's long-term identity unless the program says otherwise.
      human: true,
      tags: tagsOf(r),
      groups: [],
      managedPolicies: [],
      inlinePolicies: [],
      ...(boundary ? { boundary } : {}),
      ...(forceDestroy === undefined ? {} : { forceDestroy }),
    });
    principalByName.set(`${IamTypes.user} ${name}`, r.name);
  }

  for (const r of ofType(IamTypes.role)) {
    const name = str(r.props.name) ?? r.name;
    const path = str(r.props.path) ?? "/";
    const boundary = boundaryOf(r);
    const principal: ModelPrincipal = {
      id: r.name,
      kind: "role",
      name,
      arn: str(r.props.arn) ?? `arn:${partition}:iam::${account}:role${path}${name}`,
      path,
      tags: tagsOf(r),
      groups: [],
      managedPolicies: [],
      inlinePolicies: [],
      ...(boundary ? { boundary } : {}),
    };
    const trust = readDocument(r, "assumeRolePolicy", "trust");
    if (trust) {
      const id = `${r.name}--trust`;
      addPolicy(id, `${name}-trust`, "trust", "trust", trust, { owner: r.name });
      principal.trustPolicy = id;
      const services = trust.Statement.flatMap((s) =>
        s.Effect === "Allow" && s.Principal && s.Principal !== "*" ? (s.Principal.Service ?? []) : [],
      );
      if (services.length > 0) principal.service = [...new Set(services)].sort()[0];
    }
    // Inline policies declared on the role itself.
    const inline = r.props.inlinePolicies;
    if (Array.isArray(inline)) {
      inline.forEach((entry, i) => {
        if (typeof entry !== "object" || entry === null) return;
        const e = entry as Record<string, unknown>;
        const policyName = str(e.name) ?? String(i);
        // An entry without a policy is allowed (`inlinePolicies: [{}]` removes them all).
        const doc = readDocument({ ...r, props: { policy: e.policy } }, "policy", "identity", false);
        if (!doc) return;
        const id = `${r.name}--${policyName}`;
        addPolicy(id, policyName, "inline-role", "identity", doc, { owner: r.name });
        principal.inlinePolicies.push(id);
      });
    }
    const arns = r.props.managedPolicyArns;
    if (Array.isArray(arns)) {
      for (const a of arns) {
        const id = policyRef(r, "managedPolicyArns", a);
        if (id) {
          principal.managedPolicies.push(id);
          d.attached.add(id);
        }
      }
    }
    d.principals.set(r.name, principal);
    principalByName.set(`${IamTypes.role} ${name}`, r.name);
  }

  const attach = (ownerId: string, policyId: string) => {
    const owner = d.principals.get(ownerId) ?? d.groups.get(ownerId);
    if (!owner) return;
    owner.managedPolicies.push(policyId);
    d.attached.add(policyId);
  };
  const attachments: Array<[string, string, string[]]> = [
    [IamTypes.userPolicyAttachment, "user", [IamTypes.user]],
    [IamTypes.groupPolicyAttachment, "group", [IamTypes.group]],
    [IamTypes.rolePolicyAttachment, "role", [IamTypes.role]],
  ];
  for (const [type, prop, types] of attachments) {
    for (const r of ofType(type)) {
      const owner = principalRef(r, prop, r.props[prop], types);
      const policy = policyRef(r, "policyArn", r.props.policyArn);
      if (owner && policy) attach(owner, policy);
    }
  }
  for (const r of ofType(IamTypes.policyAttachment)) {
    const policy = policyRef(r, "policyArn", r.props.policyArn);
    for (const [prop, type] of [
      ["users", IamTypes.user],
      ["groups", IamTypes.group],
      ["roles", IamTypes.role],
    ] as const) {
      const list = r.props[prop];
      if (isUnknownValue(list)) unknown(r, prop, "the list of principals is not known");
      if (!Array.isArray(list)) continue;
      for (const v of list) {
        const owner = principalRef(r, prop, v, [type]);
        if (owner && policy) attach(owner, policy);
      }
    }
  }

  const inlineKinds: Array<[string, string, string, ModelPolicyKind]> = [
    [IamTypes.userPolicy, "user", IamTypes.user, "inline-user"],
    [IamTypes.groupPolicy, "group", IamTypes.group, "inline-group"],
    [IamTypes.rolePolicy, "role", IamTypes.role, "inline-role"],
  ];
  for (const [type, prop, ownerType, kind] of inlineKinds) {
    for (const r of ofType(type)) {
      const owner = principalRef(r, prop, r.props[prop], [ownerType]);
      const doc = readDocument(r, "policy", "identity");
      if (!owner || !doc) continue;
      addPolicy(r.name, str(r.props.name) ?? r.name, kind, "identity", doc, { owner });
      (d.principals.get(owner) ?? d.groups.get(owner))?.inlinePolicies.push(r.name);
    }
  }

  for (const r of ofType(IamTypes.userGroupMembership)) {
    const user = principalRef(r, "user", r.props.user, [IamTypes.user]);
    const list = r.props.groups;
    if (isUnknownValue(list)) unknown(r, "groups", "the list of groups is not known");
    if (!user || !Array.isArray(list)) continue;
    for (const g of list) {
      const group = principalRef(r, "groups", g, [IamTypes.group]);
      if (group) d.principals.get(user)?.groups.push(group);
    }
  }
  for (const r of ofType(IamTypes.groupMembership)) {
    const group = principalRef(r, "group", r.props.group, [IamTypes.group]);
    const list = r.props.users;
    if (isUnknownValue(list)) unknown(r, "users", "the list of users is not known");
    if (!group || !Array.isArray(list)) continue;
    for (const u of list) {
      const user = principalRef(r, "users", u, [IamTypes.user]);
      if (user) d.principals.get(user)?.groups.push(group);
    }
  }

  for (const r of ofType(IamTypes.bucketPolicy)) {
    const bucket = str(r.props.bucket);
    const doc = readDocument(r, "policy", "resource");
    if (!bucket) {
      if (r.props.bucket !== undefined) unknown(r, "bucket", "the bucket name is not known");
      continue;
    }
    if (!doc) continue;
    addPolicy(r.name, r.name, "resource", "resource", doc, { owner: `arn:${partition}:s3:::${bucket}` });
    d.resourcePolicies.push({ id: r.name, resourceArn: `arn:${partition}:s3:::${bucket}`, policyId: r.name });
  }

  // A managed policy used only as a permissions boundary is a boundary.
  for (const id of d.boundaries) {
    const p = d.policies.get(id);
    if (p && p.kind === "managed" && !d.attached.has(id)) {
      d.policies.set(id, { ...p, kind: "boundary", policyType: "boundary" });
    }
  }

  for (const p of d.principals.values()) {
    p.groups = sortedUnique(p.groups);
    p.managedPolicies = sortedUnique(p.managedPolicies);
    p.inlinePolicies = sortedUnique(p.inlinePolicies);
  }
  for (const g of d.groups.values()) {
    g.managedPolicies = sortedUnique(g.managedPolicies);
    g.inlinePolicies = sortedUnique(g.inlinePolicies);
  }

  // How people sign in, as far as the program shows: IAM users if it has any, else roles.
  const principals = [...d.principals.values()];
  const identity = principals.some((p) => p.kind === "user")
    ? "iam-users"
    : principals.some((p) => p.kind === "role")
      ? "iam-roles"
      : undefined;
  const model: AccessModel = {
    source: opts.source,
    account,
    partition,
    ...(opts.region ? { region: opts.region } : {}),
    ...(identity ? { identity } : {}),
    principals: [...d.principals.values()].sort(byId),
    groups: [...d.groups.values()].sort(byId),
    policies: [...d.policies.values()].sort(byId),
    resourcePolicies: d.resourcePolicies.sort(byId),
    ...(d.unknowns.length > 0 ? { unknowns: d.unknowns } : {}),
  };
  return { model, diagnostics: d.diagnostics };
}
