import type { PolicyDocument, Statement } from "../policy/types.js";
import { arn, statement } from "./build.js";
import { pullStatements } from "./containers.js";
import { datasetStatements } from "./datasets.js";
import { teamLogGroups, teamLogStreams } from "./observability.js";
import type { TeamContext } from "./types.js";

/** The team's datasets at the level the team holds them, sorted by name. */
export function teamDatasets(ctx: Pick<TeamContext, "spec" | "team">) {
  return Object.keys(ctx.team.datasets)
    .sort()
    .filter((name) => Object.hasOwn(ctx.spec.datasets, name))
    .map((name) => ({ name, dataset: ctx.spec.datasets[name], level: ctx.team.datasets[name] }));
}

/**
 * What the team's jobs need and nothing more: its datasets, pulling its images, writing its
 * SageMaker logs and metrics, the KMS key for volumes and outputs, and (in a VPC) the network
 * interfaces SageMaker creates in the team's subnets.
 */
export function executionRoleStatements(ctx: TeamContext): Statement[] {
  return executionRoleParts(ctx).all;
}

/**
 * The execution role's statements in three parts: the team's datasets (the `datasets` activity's
 * statements at the team's levels), pulling images (the `containers` activity's pull), and what
 * only jobs do (logs, metrics, the key through SageMaker, network interfaces). The compiler, the
 * boundary envelope and every persona that passes the role ask for the same team context's
 * statements: built once per context (statements are never mutated).
 */
export function executionRoleParts(ctx: TeamContext): ExecutionRoleParts {
  let parts = executionRoleCache.get(ctx);
  if (!parts) {
    const datasets = datasetStatements({ ...ctx, datasets: teamDatasets(ctx) });
    const images = pullStatements(ctx, "Job");
    const jobs = jobStatements(ctx);
    parts = { datasets, images, jobs, all: [...datasets, ...images, ...jobs] };
    executionRoleCache.set(ctx, parts);
  }
  return parts;
}

export interface ExecutionRoleParts {
  datasets: Statement[];
  images: Statement[];
  jobs: Statement[];
  all: Statement[];
}

const executionRoleCache = new WeakMap<TeamContext, ExecutionRoleParts>();

function jobStatements(ctx: TeamContext): Statement[] {
  const g = ctx.spec.guardrails;
  const out: Statement[] = [
    // Only the team's own streams (observability.ts): a job cannot write into another team's logs.
    statement("JobCreateLogGroups", ["logs:CreateLogGroup"], teamLogGroups(ctx)),
    statement("JobWriteLogs", ["logs:CreateLogStream", "logs:PutLogEvents"], teamLogStreams(ctx)),
    statement("JobDescribeLogStreams", ["logs:DescribeLogStreams"], teamLogGroups(ctx)),
    // PutMetricData names no resource (its only resource type, `dataset`, is for cross-account
    // access grants): CloudWatch authorizes it on `*`, and `cloudwatch:namespace` is the documented
    // way to limit it (CloudWatch User Guide, "Using condition keys to limit access to CloudWatch
    // namespaces").
    statement("JobPutMetrics", ["cloudwatch:PutMetricData"], ["*"], {
      StringLike: { "cloudwatch:namespace": ["/aws/sagemaker/*"] },
    }),
  ];
  // The organization key encrypts volumes and outputs; dataset keys are covered above.
  const keys = g.kmsKey ? [g.kmsKey] : [];
  if (keys.length > 0) {
    const via = {
      StringEquals: { "kms:ViaService": [`s3.${ctx.region}.amazonaws.com`, `sagemaker.${ctx.region}.amazonaws.com`] },
    };
    out.push(
      statement("JobKmsUse", ["kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey"], keys, via),
      statement("JobKmsGrants", ["kms:CreateGrant"], keys, {
        ...via,
        Bool: { "kms:GrantIsForAWSResource": ["true"] },
      }),
    );
  }
  if (g.network) {
    // SageMaker creates the network interfaces of VPC jobs and endpoints as this role (SageMaker
    // Developer Guide, "Give SageMaker AI Access to Resources in your Amazon VPC" and the execution
    // role's VPC permissions). CreateNetworkInterface is authorized against the new interface, the
    // subnet and the security groups: the subnets and groups are the team's exactly. The new
    // interface itself admits no narrowing: for this action the catalog gives its resource type
    // only `aws:RequestTag`, `aws:TagKeys` and `ec2:NetworkInterfaceID`, and SageMaker neither
    // tags the interfaces it creates nor knows their id beforehand, so `network-interface/*` stays;
    // a request in another subnet or with another group is denied on that subnet or group.
    const subnets = g.network.subnets.map((id) => arn(ctx, "ec2", `subnet/${id}`));
    const groups = g.network.securityGroups.map((id) => arn(ctx, "ec2", `security-group/${id}`));
    const enis = arn(ctx, "ec2", "network-interface/*");
    out.push(
      statement("JobVpcCreateInterfaces", ["ec2:CreateNetworkInterface"], [enis, ...groups, ...subnets]),
      // Existing interfaces carry their subnet (`ec2:Subnet`): only those in the team's subnets.
      statement(
        "JobVpcManageInterfaces",
        ["ec2:CreateNetworkInterfacePermission", "ec2:DeleteNetworkInterface", "ec2:DeleteNetworkInterfacePermission"],
        [enis],
        { ArnEquals: { "ec2:Subnet": subnets } },
      ),
      // Describe* support no resource-level permissions (wildcard-only in the catalog).
      statement(
        "JobVpcDescribe",
        [
          "ec2:DescribeDhcpOptions",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DescribeSecurityGroups",
          "ec2:DescribeSubnets",
          "ec2:DescribeVpcs",
        ],
        ["*"],
      ),
    );
  }
  return out;
}

/** Trusted by SageMaker, for requests made on behalf of this account only (confused deputy). */
export function executionRoleTrustPolicy(ctx: Pick<TeamContext, "account">): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "SageMakerAssumesRole",
        Effect: "Allow",
        Principal: { Service: ["sagemaker.amazonaws.com"] },
        Action: ["sts:AssumeRole"],
        Condition: { StringEquals: { "aws:SourceAccount": [ctx.account] } },
      },
    ],
  };
}
