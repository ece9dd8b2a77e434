import { createHash } from "node:crypto";
import { resourceState, type StateContext } from "../mocks/resource-state.js";

/**
 * Multi-language components (`@pulumi/awsx` 1+, `@pulumi/eks` 2+) are created by their provider
 * plugin: under mocks their children never register. Where the IAM they create follows from their
 * documented inputs, it is rebuilt here with the logical names the provider gives it (read from the
 * providers' sources), so that capture sees what `pulumi up` would create. Any other remote
 * component is reported by name as something capture cannot see.
 */
export interface SyntheticResource {
  type: string;
  name: string;
  /** Inputs merged with the state AWS would return. */
  props: Record<string, unknown>;
}

type Inputs = Record<string, unknown>;

const ROLE = "aws:iam/role:Role";
const ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const INSTANCE_PROFILE = "aws:iam/instanceProfile:InstanceProfile";

/** The providers' own 8-character hash of a policy ARN, part of their attachments' names. */
function sha1hash(s: string): string {
  return createHash("sha1").update(s).digest("hex").slice(0, 8);
}

/** Remote components known to create no IAM (their children are networks, repositories, load balancers). */
const WITHOUT_IAM = new Set([
  "awsx:ec2:Vpc",
  "awsx:ec2:DefaultVpc",
  "awsx:ecr:Repository",
  "awsx:ecr:Image",
  "awsx:ecr:RegistryImage",
  "awsx:lb:ApplicationLoadBalancer",
  "awsx:lb:NetworkLoadBalancer",
  "awsx:lb:TargetGroupAttachment",
  "eks:index:ManagedNodeGroup",
  "eks:index:NodeGroup",
  "eks:index:NodeGroupV2",
  "eks:index:NodeGroupSecurityGroup",
  "eks:index:VpcCniAddon",
  "eks:index:Addon",
]);

/** Does capture know the IAM of this remote component type (none, or rebuilt from its inputs)? */
export function isKnownComponent(type: string): boolean {
  return WITHOUT_IAM.has(type) || type in EXPANDERS;
}

type Expander = (name: string, inputs: Inputs, ctx: StateContext) => SyntheticResource[];

function withState(type: string, name: string, inputs: Inputs, ctx: StateContext): SyntheticResource {
  const { state } = resourceState(type, name, inputs, ctx);
  return { type, name, props: { ...inputs, ...state } };
}

const trust = (service: string, actions: string[] = ["sts:AssumeRole"]) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: [service] }, Action: actions }],
  });

/**
 * awsx's `defaultRoleWithPolicies` (awsx/role.ts): unless `skip` or an existing `roleArn`, a role
 * named `name` from the defaults overridden by `args`, and one attachment per policy ARN.
 */
function awsxDefaultRole(
  name: string,
  input: unknown,
  defaults: { assumeRolePolicy: string; policyArns: string[] },
  ctx: StateContext,
): SyntheticResource[] {
  const given = (typeof input === "object" && input !== null ? input : {}) as {
    roleArn?: unknown;
    skip?: unknown;
    args?: Inputs;
  };
  if (given.skip === true || given.roleArn !== undefined) return [];
  const args: Inputs = { ...defaults, ...(given.args ?? {}) };
  const policyArns = Array.isArray(args.policyArns) ? (args.policyArns as unknown[]) : [];
  const { policyArns: _drop, ...roleArgs } = args;
  if (typeof roleArgs.assumeRolePolicy !== "string")
    roleArgs.assumeRolePolicy = JSON.stringify(roleArgs.assumeRolePolicy);
  const role = withState(ROLE, name, roleArgs, ctx);
  const out = [role];
  for (const arn of policyArns) {
    if (typeof arn !== "string") continue;
    out.push({ type: ATTACHMENT, name: `${name}-${sha1hash(arn)}`, props: { role: role.props.name, policyArn: arn } });
  }
  return out;
}

/** awsx FargateTaskDefinition / EC2TaskDefinition (awsx/ecs/*TaskDefinition.ts): a task role and an execution role. */
const awsxTaskDefinition: Expander = (name, inputs, ctx) => [
  ...awsxDefaultRole(
    `${name}-task`,
    inputs.taskRole,
    { assumeRolePolicy: trust("ecs-tasks.amazonaws.com"), policyArns: [] },
    ctx,
  ),
  ...awsxDefaultRole(
    `${name}-execution`,
    inputs.executionRole,
    {
      assumeRolePolicy: trust("ecs-tasks.amazonaws.com"),
      policyArns: ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"],
    },
    ctx,
  ),
];

/** awsx FargateService / EC2Service: the task definition it makes from `taskDefinitionArgs`, named like the service. */
const awsxService: Expander = (name, inputs, ctx) => {
  const args = inputs.taskDefinitionArgs;
  return typeof args === "object" && args !== null ? awsxTaskDefinition(name, args as Inputs, ctx) : [];
};

/** eks ServiceRole (nodejs/eks/servicerole.ts): role `<name>-role`, attachments `<name>-<sha1(id)>`. */
function eksServiceRole(
  name: string,
  service: string,
  policies: string[],
  ctx: StateContext,
  actions?: string[],
): SyntheticResource[] {
  const role = withState(ROLE, `${name}-role`, { assumeRolePolicy: trust(service, actions) }, ctx);
  return [
    role,
    ...policies.map((p) => {
      const id = `arn:aws:iam::aws:policy/${p}`;
      return { type: ATTACHMENT, name: `${name}-${sha1hash(id)}`, props: { role: role.props.name, policyArn: id } };
    }),
  ];
}

/** eks Cluster (nodejs/eks/cluster/cluster.ts): the cluster's service role, the default node group's instance role and profile, Fargate's pod execution role. */
const eksCluster: Expander = (name, inputs, ctx) => {
  const out: SyntheticResource[] = [];
  const autoMode = (inputs.autoMode ?? {}) as { enabled?: unknown; createNodeRole?: unknown };
  const auto = autoMode.enabled === true;
  if (inputs.serviceRole === undefined) {
    const policies = ["AmazonEKSClusterPolicy"];
    if (auto)
      policies.push(
        "AmazonEKSComputePolicy",
        "AmazonEKSBlockStoragePolicy",
        "AmazonEKSLoadBalancingPolicy",
        "AmazonEKSNetworkingPolicy",
      );
    out.push(
      ...eksServiceRole(`${name}-eksRole`, "eks.amazonaws.com", policies, ctx, ["sts:AssumeRole", "sts:TagSession"]),
    );
  }
  if (auto && autoMode.createNodeRole !== false) {
    out.push(
      ...eksServiceRole(
        `${name}-nodeRole`,
        "ec2.amazonaws.com",
        ["AmazonEKSWorkerNodeMinimalPolicy", "AmazonEC2ContainerRegistryPullOnly"],
        ctx,
      ),
    );
  }
  const skipDefaultNodeGroup = inputs.skipDefaultNodeGroup === true || Boolean(inputs.fargate) || auto;
  const profile = (role: unknown) =>
    withState(
      INSTANCE_PROFILE,
      `${name}-instanceProfile`,
      { role, ...(typeof inputs.instanceProfileName === "string" ? { name: inputs.instanceProfileName } : {}) },
      ctx,
    );
  if (inputs.instanceRoles !== undefined) {
    // The program's roles, mapped into the cluster: nothing created.
  } else if (inputs.instanceRole !== undefined) {
    if (!skipDefaultNodeGroup && typeof inputs.instanceProfileName !== "string") out.push(profile(inputs.instanceRole));
  } else if (
    inputs.createInstanceRole === true ||
    (inputs.skipDefaultNodeGroup !== true && inputs.createInstanceRole === undefined)
  ) {
    const role = eksServiceRole(
      `${name}-instanceRole`,
      "ec2.amazonaws.com",
      ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"],
      ctx,
    );
    out.push(...role);
    const roleName = role[0]!.props.name;
    if (inputs.customInstanceRolePolicy !== undefined) {
      out.push({
        type: ROLE_POLICY,
        name: `${name}-EKSWorkerCustomPolicy`,
        props: { role: roleName, policy: inputs.customInstanceRolePolicy },
      });
    }
    if (typeof inputs.instanceProfileName !== "string") out.push(profile(roleName));
  }
  const fargate = inputs.fargate;
  if (
    fargate === true ||
    (typeof fargate === "object" && fargate !== null && (fargate as Inputs).podExecutionRoleArn === undefined)
  ) {
    out.push(
      ...eksServiceRole(
        `${name}-podExecutionRole`,
        "eks-fargate-pods.amazonaws.com",
        ["AmazonEKSFargatePodExecutionRolePolicy"],
        ctx,
      ),
    );
  }
  return out;
};

const EXPANDERS: Record<string, Expander> = {
  "awsx:ecs:FargateService": awsxService,
  "awsx:ecs:EC2Service": awsxService,
  "awsx:ecs:FargateTaskDefinition": awsxTaskDefinition,
  "awsx:ecs:EC2TaskDefinition": awsxTaskDefinition,
  "eks:index:Cluster": eksCluster,
};

/** The IAM resources a known remote component creates from `inputs` (empty for one without IAM). */
export function componentChildren(type: string, name: string, inputs: Inputs, ctx: StateContext): SyntheticResource[] {
  const expand = Object.hasOwn(EXPANDERS, type) ? EXPANDERS[type] : undefined;
  return expand ? expand(name, inputs, ctx) : [];
}

/**
 * The outputs a known remote component returns that programs build IAM from: an EKS cluster's OIDC
 * provider (for IAM roles for service accounts) and its name. Others stay unknown.
 */
export function componentState(type: string, name: string, inputs: Inputs, ctx: StateContext): Record<string, unknown> {
  if (type !== "eks:index:Cluster") return {};
  const cluster = resourceState(
    "aws:eks/cluster:Cluster",
    `${name}-eksCluster`,
    typeof inputs.name === "string" ? { name: inputs.name } : {},
    ctx,
  ).state;
  const issuer = String((cluster.identities as { oidcs: { issuer: string }[] }[])[0]!.oidcs[0]!.issuer);
  const host = issuer.replace(/^https:\/\//, "");
  return {
    oidcIssuer: issuer,
    ...(inputs.createOidcProvider === true
      ? {
          oidcProviderArn: `arn:${ctx.partition ?? "aws"}:iam::${ctx.account}:oidc-provider/${host}`,
          oidcProviderUrl: host,
        }
      : {}),
    eksCluster: { name: cluster.name, arn: cluster.arn },
  };
}
