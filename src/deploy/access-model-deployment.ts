import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { formatDiagnostic } from "../diagnostics/index.js";
import { attachmentName, logicalName } from "../model/resources.js";
import type { AccessModel, ModelPolicy, ModelPrincipal } from "../model/types.js";
import { loadAccessModel } from "./load-model.js";
import { policyJson } from "./policy-json.js";

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
    const { model, identityCenter: identityCenterSettings } = resolveArgs(name, args);
    super(ACCESS_MODEL_DEPLOYMENT_TYPE, name, {}, opts);
    this.model = model;
    const parent = { parent: this };
    const policyById = new Map(model.policies.map((p) => [p.id, p]));
    const policies = new Map<string, aws.iam.Policy>();
    this.principals = {};
    this.policyArns = {};
    this.groups = {};

    const policyOf = (owner: string, pid: string): ModelPolicy => {
      const p = policyById.get(pid);
      if (!p) throw new Error(`${owner} refers to policy '${pid}', which the model does not define`);
      return p;
    };
    /** The ARN to attach: a policy this component creates, or an existing one (AWS managed). */
    const arnOf = (owner: string, pid: string): pulumi.Input<string> => {
      const created = policies.get(pid);
      if (created) return created.arn;
      const p = policyOf(owner, pid);
      if (p.arn) return p.arn;
      throw new Error(`${owner} attaches policy '${pid}', which is neither created here nor has an ARN`);
    };
    /** A group's, user's or role's managed attachments, then its inline policies, with that entity's resource types. */
    const attachPolicies = (
      id: string,
      owner: string,
      entity: { managedPolicies: readonly string[]; inlinePolicies: readonly string[] },
      attach: (name: string, policyArn: pulumi.Input<string>) => unknown,
      putInline: (name: string, policy: { name: string; policy: pulumi.Input<string> }) => unknown,
    ) => {
      for (const pid of entity.managedPolicies) attach(attachmentName(id, pid), arnOf(owner, pid));
      for (const pid of entity.inlinePolicies) {
        const p = policyOf(owner, pid);
        putInline(attachmentName(id, pid), { name: p.name, policy: policyJson(p.document) });
      }
    };

    for (const p of model.policies) {
      if (p.kind !== "managed" && p.kind !== "boundary") continue;
      const policy = new aws.iam.Policy(
        logicalName(p.id),
        {
          name: p.name,
          path: p.path ?? "/",
          ...(p.description ? { description: p.description } : {}),
          policy: policyJson(p.document),
        },
        parent,
      );
      policies.set(p.id, policy);
      this.policyArns[p.id] = policy.arn;
    }

    const groups = new Map<string, aws.iam.Group>();
    for (const g of model.groups) {
      const group = new aws.iam.Group(logicalName(g.id), { name: g.name, path: g.path ?? "/" }, parent);
      groups.set(g.id, group);
      this.groups[g.id] = { name: group.name, arn: group.arn };
      attachPolicies(
        g.id,
        `group '${g.id}'`,
        g,
        (n, policyArn) => new aws.iam.GroupPolicyAttachment(n, { group: group.name, policyArn }, parent),
        (n, inline) => new aws.iam.GroupPolicy(n, { group: group.name, ...inline }, parent),
      );
    }

    const boundaryArn = (pr: ModelPrincipal) =>
      pr.boundary ? { permissionsBoundary: arnOf(`principal '${pr.id}'`, pr.boundary) } : {};
    const tags = (pr: ModelPrincipal) => (Object.keys(pr.tags).length > 0 ? { tags: { ...pr.tags } } : {});

    let identityCenter: { instanceArn: pulumi.Input<string>; identityStoreId: pulumi.Input<string> } | undefined;
    const identityStoreGroups = new Map<string, aws.identitystore.Group>();

    for (const pr of model.principals) {
      const name = logicalName(pr.id);
      const owner = `principal '${pr.id}'`;
      if (pr.kind === "user") {
        const user = new aws.iam.User(
          name,
          {
            name: pr.name,
            path: pr.path ?? "/",
            ...boundaryArn(pr),
            ...(pr.forceDestroy === undefined ? {} : { forceDestroy: pr.forceDestroy }),
            ...tags(pr),
          },
          parent,
        );
        this.principals[pr.id] = { kind: pr.kind, name: user.name, arn: user.arn };
        if (pr.groups.length > 0) {
          const names = [...pr.groups].sort().map((gid) => {
            const g = groups.get(gid);
            if (!g) throw new Error(`${owner} is a member of group '${gid}', which the model does not define`);
            return g.name;
          });
          new aws.iam.UserGroupMembership(`${name}--groups`, { user: user.name, groups: names }, parent);
        }
        attachPolicies(
          pr.id,
          owner,
          pr,
          (n, policyArn) => new aws.iam.UserPolicyAttachment(n, { user: user.name, policyArn }, parent),
          (n, inline) => new aws.iam.UserPolicy(n, { user: user.name, ...inline }, parent),
        );
      } else if (pr.kind === "role") {
        if (!pr.trustPolicy) throw new Error(`${owner} is a role without a trust policy`);
        const trust = policyOf(owner, pr.trustPolicy);
        const role = new aws.iam.Role(
          name,
          {
            name: pr.name,
            path: pr.path ?? "/",
            assumeRolePolicy: policyJson(trust.document),
            ...boundaryArn(pr),
            ...tags(pr),
          },
          parent,
        );
        this.principals[pr.id] = { kind: pr.kind, name: role.name, arn: role.arn };
        attachPolicies(
          pr.id,
          owner,
          pr,
          (n, policyArn) => new aws.iam.RolePolicyAttachment(n, { role: role.name, policyArn }, parent),
          (n, inline) => new aws.iam.RolePolicy(n, { role: role.name, ...inline }, parent),
        );
      } else {
        identityCenter ??= resolveIdentityCenter(identityCenterSettings, this);
        const { instanceArn, identityStoreId } = identityCenter;
        const permissionSet = new aws.ssoadmin.PermissionSet(name, { instanceArn, name: pr.name, ...tags(pr) }, parent);
        this.principals[pr.id] = { kind: pr.kind, name: permissionSet.name, arn: permissionSet.arn };
        for (const pid of pr.inlinePolicies) {
          const p = policyById.get(pid);
          if (!p) continue;
          new aws.ssoadmin.PermissionSetInlinePolicy(
            attachmentName(pr.id, pid),
            { instanceArn, permissionSetArn: permissionSet.arn, inlinePolicy: policyJson(p.document) },
            parent,
          );
        }
        // Customer managed policies the permission set references (its inline policy overflowed):
        // Identity Center refers to them by name and path, in every account it is assigned to.
        for (const pid of pr.managedPolicies) {
          const p = policyOf(owner, pid);
          const created = policies.get(p.id);
          new aws.ssoadmin.CustomerManagedPolicyAttachment(
            attachmentName(pr.id, pid),
            {
              instanceArn,
              permissionSetArn: permissionSet.arn,
              customerManagedPolicyReference: { name: p.name, path: p.path ?? "/" },
            },
            { parent: this, ...(created ? { dependsOn: [created] } : {}) },
          );
        }
        if (pr.boundary) {
          const b = policyOf(owner, pr.boundary);
          const created = policies.get(b.id);
          new aws.ssoadmin.PermissionsBoundaryAttachment(
            `${name}--boundary`,
            {
              instanceArn,
              permissionSetArn: permissionSet.arn,
              // Identity Center refers to a customer managed policy by name and path; it must
              // exist in every account the permission set is assigned to.
              permissionsBoundary:
                b.kind === "aws-managed" && b.arn
                  ? { managedPolicyArn: b.arn }
                  : { customerManagedPolicyReference: { name: b.name, path: b.path ?? "/" } },
            },
            { parent: this, ...(created ? { dependsOn: [created] } : {}) },
          );
        }
        if (pr.assignedGroup) {
          let group = identityStoreGroups.get(pr.assignedGroup);
          if (!group) {
            group = new aws.identitystore.Group(
              logicalName(pr.assignedGroup),
              { identityStoreId, displayName: pr.name, description: `ai-iam: ${pr.id}` },
              parent,
            );
            identityStoreGroups.set(pr.assignedGroup, group);
          }
          new aws.ssoadmin.AccountAssignment(
            `${name}--assignment`,
            {
              instanceArn,
              permissionSetArn: permissionSet.arn,
              principalId: group.groupId,
              principalType: "GROUP",
              targetId: model.account,
              targetType: "AWS_ACCOUNT",
            },
            parent,
          );
        }
      }
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

/** The model to deploy and the Identity Center settings (the component's, else the spec's). */
function resolveArgs(
  name: string,
  args: AccessModelDeploymentArgs,
): { model: AccessModel; identityCenter: IdentityCenterSettings | undefined } {
  if ((args.model === undefined) === (args.spec === undefined)) {
    throw new Error(`${ACCESS_MODEL_DEPLOYMENT_TYPE} ${name}: give exactly one of \`model\` and \`spec\``);
  }
  if (args.model) return { model: args.model, identityCenter: args.identityCenter };
  const loaded = loadAccessModel(args.spec!);
  for (const w of loaded.warnings) void pulumi.log.warn(formatDiagnostic(w));
  const fromSpec = loaded.spec.identityCenter;
  return {
    model: loaded.model,
    // Settings given here win over the spec's.
    identityCenter: {
      ...(fromSpec?.instanceArn ? { instanceArn: fromSpec.instanceArn } : {}),
      ...(fromSpec?.identityStoreId ? { identityStoreId: fromSpec.identityStoreId } : {}),
      ...args.identityCenter,
    },
  };
}

/** Settings first, then stack config, then the account's (single) Identity Center instance. */
function resolveIdentityCenter(
  settings: IdentityCenterSettings | undefined,
  parent: pulumi.Resource,
): { instanceArn: pulumi.Input<string>; identityStoreId: pulumi.Input<string> } {
  const config = new pulumi.Config("ai-iam");
  let instanceArn = settings?.instanceArn ?? config.get("identityCenterInstanceArn");
  let identityStoreId = settings?.identityStoreId ?? config.get("identityStoreId");
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
