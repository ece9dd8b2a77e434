import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type Diagnostic, DiagnosticsError, formatDiagnostic } from "../diagnostics/index.js";
import { IDENTITY_STORE, SSO_INSTANCE } from "../input/team-spec/patterns.js";
import { attachmentName, logicalName } from "../model/resources.js";
import type { AccessModel, ModelPolicy, ModelPrincipal } from "../model/types.js";
import { loadAccessModel } from "./load-model.js";
import { policyJson } from "./policy-json.js";
import { deployableModelDiagnostics } from "./validate-model.js";

/**
 * Deploys an AccessModel as ordinary AWS resources: one `aws.iam.Policy` per managed or boundary
 * policy, groups with their attachments, users with their memberships and boundary, roles with
 * their trust policy and attachments, and for Identity Center the permission sets, their inline
 * policies, referenced customer managed policies, boundaries, Identity Store groups and account
 * assignments.
 *
 * It registers exactly `plannedResources(model)`: logical names come from the model's stable ids
 * (`vision/alice` → `vision-alice`), never from list positions, and every input comes from the
 * model's content, so reordering a spec changes no URN and no input, adding a member creates only
 * that member's resources and removing one deletes only theirs.
 */
export const ACCESS_MODEL_DEPLOYMENT_TYPE = "ai-iam:index:AccessModelDeployment";

export interface IdentityCenterSettings {
  /** `arn:aws:sso:::instance/ssoins-...`; default: stack config `ai-iam:identityCenterInstanceArn`, else the account's instance. */
  instanceArn?: pulumi.Input<string>;
  /** `d-...`; default: stack config `ai-iam:identityStoreId`, else the instance's identity store. */
  identityStoreId?: pulumi.Input<string>;
}

export interface AccessModelDeploymentArgs {
  /** The compiled model (`compileSpec(spec).model`, or `loadAccessModel(path).model`). */
  model?: AccessModel;
  /** Or a spec (a YAML file or a folder of them), loaded and compiled here; errors throw with every diagnostic. */
  spec?: string;
  /** Identity Center instance, for `identity: identity-center` models (default: the spec's `identityCenter`). */
  identityCenter?: IdentityCenterSettings;
}

export interface DeployedPrincipal {
  kind: ModelPrincipal["kind"];
  name: pulumi.Output<string>;
  arn: pulumi.Output<string>;
}

export class AccessModelDeployment extends pulumi.ComponentResource {
  /** The model this component deploys. */
  readonly model: AccessModel;
  /** Principal id → its deployed name and ARN (a permission set's ARN is the permission set's). */
  readonly principals: Record<string, DeployedPrincipal>;
  /** Managed and boundary policy id → its ARN. */
  readonly policyArns: Record<string, pulumi.Output<string>>;
  /** Group id → its name and ARN. */
  readonly groups: Record<string, { name: pulumi.Output<string>; arn: pulumi.Output<string> }>;

  constructor(name: string, args: AccessModelDeploymentArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Load and compile before registering anything: a spec with errors throws with every
    // diagnostic, and not even the component itself reaches the engine.
    const { model, identityCenter } = resolveArgs(name, args);
    super(ACCESS_MODEL_DEPLOYMENT_TYPE, name, {}, opts);
    this.model = model;
    const ctx = new Children(this, model, identityCenter);
    const policies = ctx.policies();
    const groups = ctx.groups();
    this.policyArns = Object.fromEntries([...policies].map(([id, p]) => [id, p.arn]));
    this.groups = Object.fromEntries([...groups].map(([id, g]) => [id, { name: g.name, arn: g.arn }]));
    this.principals = {};
    for (const pr of model.principals) {
      const deployed =
        pr.kind === "user" ? ctx.user(pr, groups) : pr.kind === "role" ? ctx.role(pr) : ctx.permissionSet(pr);
      this.principals[pr.id] = { kind: pr.kind, name: deployed.name, arn: deployed.arn };
    }
    this.registerOutputs({
      principals: Object.fromEntries(
        Object.entries(this.principals).map(([id, p]) => [id, { kind: p.kind, name: p.name, arn: p.arn }]),
      ),
      policyArns: this.policyArns,
      groups: this.groups,
    });
  }
}

type Named = { name: pulumi.Output<string>; arn: pulumi.Output<string> };
type PermissionSetRef = { instanceArn: pulumi.Input<string>; permissionSetArn: pulumi.Output<string> };

/**
 * The component's children, one resource family per method, each registered under the component
 * with the logical names `plannedResources` lists (test/deploy/deployment-urns.test.ts pins every
 * URN and input). Created policies are remembered so attachments can refer to their ARNs.
 */
class Children {
  private readonly parent: pulumi.CustomResourceOptions;
  private readonly policyById: Map<string, ModelPolicy>;
  private readonly created = new Map<string, aws.iam.Policy>();
  private readonly storeGroups = new Map<string, aws.identitystore.Group>();
  private instance?: { instanceArn: pulumi.Input<string>; identityStoreId: pulumi.Input<string> };

  constructor(
    private readonly component: pulumi.ComponentResource,
    private readonly model: AccessModel,
    private readonly identityCenterSettings: IdentityCenterSettings | undefined,
  ) {
    this.parent = { parent: component };
    this.policyById = new Map(model.policies.map((p) => [p.id, p]));
  }

  private policyOf(owner: string, pid: string): ModelPolicy {
    const p = this.policyById.get(pid);
    if (!p) throw new Error(`${owner} refers to policy '${pid}', which the model does not define`);
    return p;
  }

  /** The ARN to attach: a policy this component creates, or an existing one (AWS managed). */
  private arnOf(owner: string, pid: string): pulumi.Input<string> {
    const created = this.created.get(pid);
    if (created) return created.arn;
    const p = this.policyOf(owner, pid);
    if (p.arn) return p.arn;
    throw new Error(`${owner} attaches policy '${pid}', which is neither created here nor has an ARN`);
  }

  /** Waits for the policy if this component creates it (Identity Center refers to it by name). */
  private after(pid: string): pulumi.CustomResourceOptions {
    const created = this.created.get(pid);
    return { parent: this.component, ...(created ? { dependsOn: [created] } : {}) };
  }

  private boundaryArn(pr: ModelPrincipal) {
    return pr.boundary ? { permissionsBoundary: this.arnOf(`principal '${pr.id}'`, pr.boundary) } : {};
  }

  private static tags(pr: ModelPrincipal) {
    return Object.keys(pr.tags).length > 0 ? { tags: { ...pr.tags } } : {};
  }

  /** A group's, user's or role's managed attachments, then its inline policies, with that entity's resource types. */
  private attachPolicies(
    id: string,
    owner: string,
    entity: { managedPolicies: readonly string[]; inlinePolicies: readonly string[] },
    attach: (name: string, policyArn: pulumi.Input<string>) => unknown,
    putInline: (name: string, policy: { name: string; policy: pulumi.Input<string> }) => unknown,
  ): void {
    for (const pid of entity.managedPolicies) attach(attachmentName(id, pid), this.arnOf(owner, pid));
    for (const pid of entity.inlinePolicies) {
      const p = this.policyOf(owner, pid);
      putInline(attachmentName(id, pid), { name: p.name, policy: policyJson(p.document) });
    }
  }

  /** One `aws.iam.Policy` per managed or boundary policy; inline and trust policies live in their holders. */
  policies(): ReadonlyMap<string, aws.iam.Policy> {
    for (const p of this.model.policies) {
      if (p.kind !== "managed" && p.kind !== "boundary") continue;
      // Its document is not known: it exists outside the model, attached by its ARN (plannedResources).
      if (p.unknown?.whole) continue;
      const args: aws.iam.PolicyArgs = {
        name: p.name,
        path: p.path ?? "/",
        ...(p.description ? { description: p.description } : {}),
        policy: policyJson(p.document),
      };
      this.created.set(p.id, new aws.iam.Policy(logicalName(p.id), args, this.parent));
    }
    return this.created;
  }

  /** Groups with their attachments and inline policies. */
  groups(): ReadonlyMap<string, aws.iam.Group> {
    const out = new Map<string, aws.iam.Group>();
    const parent = this.parent;
    for (const g of this.model.groups) {
      const group = new aws.iam.Group(logicalName(g.id), { name: g.name, path: g.path ?? "/" }, parent);
      out.set(g.id, group);
      this.attachPolicies(
        g.id,
        `group '${g.id}'`,
        g,
        (n, policyArn) => new aws.iam.GroupPolicyAttachment(n, { group: group.name, policyArn }, parent),
        (n, inline) => new aws.iam.GroupPolicy(n, { group: group.name, ...inline }, parent),
      );
    }
    return out;
  }

  /** An IAM user, its group memberships (one resource), its attachments and inline policies. */
  user(pr: ModelPrincipal, groups: ReadonlyMap<string, aws.iam.Group>): Named {
    const name = logicalName(pr.id);
    const owner = `principal '${pr.id}'`;
    const parent = this.parent;
    const user = new aws.iam.User(
      name,
      {
        name: pr.name,
        path: pr.path ?? "/",
        ...this.boundaryArn(pr),
        ...(pr.forceDestroy === undefined ? {} : { forceDestroy: pr.forceDestroy }),
        ...Children.tags(pr),
      },
      parent,
    );
    if (pr.groups.length > 0) {
      const names = [...pr.groups].sort().map((gid) => {
        const g = groups.get(gid);
        if (!g) throw new Error(`${owner} is a member of group '${gid}', which the model does not define`);
        return g.name;
      });
      new aws.iam.UserGroupMembership(`${name}--groups`, { user: user.name, groups: names }, parent);
    }
    this.attachPolicies(
      pr.id,
      owner,
      pr,
      (n, policyArn) => new aws.iam.UserPolicyAttachment(n, { user: user.name, policyArn }, parent),
      (n, inline) => new aws.iam.UserPolicy(n, { user: user.name, ...inline }, parent),
    );
    return user;
  }

  /** An IAM role with its trust policy, its attachments and inline policies. */
  role(pr: ModelPrincipal): Named {
    const owner = `principal '${pr.id}'`;
    const parent = this.parent;
    if (!pr.trustPolicy) throw new Error(`${owner} is a role without a trust policy`);
    const trust = this.policyOf(owner, pr.trustPolicy);
    const role = new aws.iam.Role(
      logicalName(pr.id),
      {
        name: pr.name,
        path: pr.path ?? "/",
        assumeRolePolicy: policyJson(trust.document),
        ...this.boundaryArn(pr),
        ...Children.tags(pr),
      },
      parent,
    );
    this.attachPolicies(
      pr.id,
      owner,
      pr,
      (n, policyArn) => new aws.iam.RolePolicyAttachment(n, { role: role.name, policyArn }, parent),
      (n, inline) => new aws.iam.RolePolicy(n, { role: role.name, ...inline }, parent),
    );
    return role;
  }

  /**
   * An Identity Center permission set: its inline policy, the customer managed policies and the
   * boundary it references (by name and path, as Identity Center does), and its assignment to the
   * account through an Identity Store group.
   */
  permissionSet(pr: ModelPrincipal): Named {
    const name = logicalName(pr.id);
    this.instance ??= resolveIdentityCenter(this.identityCenterSettings, this.component);
    const { instanceArn, identityStoreId } = this.instance;
    const permissionSet = new aws.ssoadmin.PermissionSet(
      name,
      { instanceArn, name: pr.name, ...Children.tags(pr) },
      this.parent,
    );
    const set = { instanceArn, permissionSetArn: permissionSet.arn };
    for (const pid of pr.inlinePolicies) {
      const p = this.policyById.get(pid);
      if (!p) continue;
      new aws.ssoadmin.PermissionSetInlinePolicy(
        attachmentName(pr.id, pid),
        { ...set, inlinePolicy: policyJson(p.document) },
        this.parent,
      );
    }
    this.references(pr, set);
    if (pr.assignedGroup) this.assignment(pr, pr.assignedGroup, set, identityStoreId);
    return permissionSet;
  }

  /**
   * What a permission set refers to by name and path, as Identity Center does: the customer
   * managed policies its inline policy overflowed into, and its boundary. Each must exist in
   * every account the set is assigned to; one this component creates is created first.
   */
  private references(pr: ModelPrincipal, set: PermissionSetRef): void {
    const owner = `principal '${pr.id}'`;
    for (const pid of pr.managedPolicies) {
      const p = this.policyOf(owner, pid);
      new aws.ssoadmin.CustomerManagedPolicyAttachment(
        attachmentName(pr.id, pid),
        { ...set, customerManagedPolicyReference: { name: p.name, path: p.path ?? "/" } },
        this.after(p.id),
      );
    }
    if (pr.boundary) {
      const b = this.policyOf(owner, pr.boundary);
      new aws.ssoadmin.PermissionsBoundaryAttachment(
        `${logicalName(pr.id)}--boundary`,
        {
          ...set,
          permissionsBoundary:
            b.kind === "aws-managed" && b.arn
              ? { managedPolicyArn: b.arn }
              : { customerManagedPolicyReference: { name: b.name, path: b.path ?? "/" } },
        },
        this.after(b.id),
      );
    }
  }

  /** The permission set assigned to the account through the Identity Store group of its members (one group per id). */
  private assignment(
    pr: ModelPrincipal,
    groupId: string,
    set: PermissionSetRef,
    identityStoreId: pulumi.Input<string>,
  ): void {
    let group = this.storeGroups.get(groupId);
    if (!group) {
      group = new aws.identitystore.Group(
        logicalName(groupId),
        { identityStoreId, displayName: pr.name, description: `ai-iam: ${pr.id}` },
        this.parent,
      );
      this.storeGroups.set(groupId, group);
    }
    new aws.ssoadmin.AccountAssignment(
      `${logicalName(pr.id)}--assignment`,
      {
        ...set,
        principalId: group.groupId,
        principalType: "GROUP",
        targetId: this.model.account,
        targetType: "AWS_ACCOUNT",
      },
      this.parent,
    );
  }
}

/** The model to deploy and the Identity Center settings (the component's, else the spec's, else stack config). */
function resolveArgs(
  name: string,
  args: AccessModelDeploymentArgs,
): { model: AccessModel; identityCenter: IdentityCenterSettings | undefined } {
  if ((args.model === undefined) === (args.spec === undefined)) {
    throw new Error(`${ACCESS_MODEL_DEPLOYMENT_TYPE} ${name}: give exactly one of \`model\` and \`spec\``);
  }
  if (args.model) {
    // A model not compiled here (an account import, a captured program, one built in code):
    // every reference, document and name is checked before anything is registered.
    const problems = deployableModelDiagnostics(args.model);
    const identityCenter = identityCenterSettings(args.model, args.identityCenter, problems);
    if (problems.length > 0) throw new DiagnosticsError(problems);
    return { model: args.model, identityCenter };
  }
  const loaded = loadAccessModel(args.spec!);
  for (const w of loaded.warnings) void pulumi.log.warn(formatDiagnostic(w));
  const fromSpec = loaded.spec.identityCenter;
  // Settings given here win over the spec's.
  const settings = {
    ...(fromSpec?.instanceArn ? { instanceArn: fromSpec.instanceArn } : {}),
    ...(fromSpec?.identityStoreId ? { identityStoreId: fromSpec.identityStoreId } : {}),
    ...args.identityCenter,
  };
  const problems: Diagnostic[] = [];
  const identityCenter = identityCenterSettings(loaded.model, settings, problems);
  if (problems.length > 0) throw new DiagnosticsError(problems);
  return { model: loaded.model, identityCenter };
}

/**
 * The Identity Center settings, then stack config, for a model with permission sets; a value
 * known here that is no instance ARN or identity store id is a diagnostic, reported before
 * anything is registered (AWS would refuse it only after the policies were created).
 */
function identityCenterSettings(
  model: AccessModel,
  settings: IdentityCenterSettings | undefined,
  problems: Diagnostic[],
): IdentityCenterSettings | undefined {
  if (!model.principals.some((p) => p.kind === "permission-set")) return settings;
  const config = new pulumi.Config("ai-iam");
  const instanceArn = settings?.instanceArn ?? config.get("identityCenterInstanceArn");
  const identityStoreId = settings?.identityStoreId ?? config.get("identityStoreId");
  const check = (value: unknown, what: string, pattern: { re: RegExp; expected: string }) => {
    if (typeof value === "string" && !pattern.re.test(value)) {
      problems.push({
        code: "deploy-invalid-setting",
        severity: "error",
        message: `The Identity Center ${what} ${JSON.stringify(value)} is not ${pattern.expected}.`,
        hint: "Set it in the spec's identityCenter, the component's identityCenter or stack config ai-iam:identityCenterInstanceArn / ai-iam:identityStoreId.",
      });
    }
  };
  check(instanceArn, "instance ARN", SSO_INSTANCE);
  check(identityStoreId, "identity store id", IDENTITY_STORE);
  return {
    ...(instanceArn === undefined ? {} : { instanceArn }),
    ...(identityStoreId === undefined ? {} : { identityStoreId }),
  };
}

/** The settings (already merged with stack config), else the account's (single) Identity Center instance. */
function resolveIdentityCenter(
  settings: IdentityCenterSettings | undefined,
  parent: pulumi.Resource,
): { instanceArn: pulumi.Input<string>; identityStoreId: pulumi.Input<string> } {
  let instanceArn = settings?.instanceArn;
  let identityStoreId = settings?.identityStoreId;
  if (instanceArn === undefined || identityStoreId === undefined) {
    const instances = aws.ssoadmin.getInstancesOutput({}, { parent });
    instanceArn ??= instances.arns.apply((arns) => {
      if (!arns?.[0]) throw new Error("no Identity Center instance: set ai-iam:identityCenterInstanceArn");
      return arns[0];
    });
    identityStoreId ??= instances.identityStoreIds.apply((ids) => {
      if (!ids?.[0]) throw new Error("no Identity Store: set ai-iam:identityStoreId");
      return ids[0];
    });
  }
  return { instanceArn, identityStoreId };
}
