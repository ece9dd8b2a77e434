import type { Statement } from "../policy/types.js";
import { arn, conditions, requestTag, resourceTag, statement } from "./build.js";
import type { Activity, ActivityContext } from "./types.js";

function gpuStatements(ctx: ActivityContext): Statement[] {
  const g = ctx.spec.guardrails;
  const instances = arn(ctx, "ec2", "instance/*");
  const volumes = arn(ctx, "ec2", "volume/*");
  const subnets = g.network
    ? g.network.subnets.map((id) => arn(ctx, "ec2", `subnet/${id}`))
    : [arn(ctx, "ec2", "subnet/*")];
  const groups = g.network
    ? g.network.securityGroups.map((id) => arn(ctx, "ec2", `security-group/${id}`))
    : [arn(ctx, "ec2", "security-group/*")];
  return [
    // RunInstances is authorized once per resource it touches; the instance itself must be of an
    // allowed type and tagged for the team.
    statement(
      "GpuInstancesLaunch",
      ["ec2:RunInstances"],
      [instances],
      conditions({ StringLike: { "ec2:InstanceType": g.ec2InstanceTypes } }, requestTag(ctx)),
    ),
    statement(
      "GpuInstancesLaunchResources",
      ["ec2:RunInstances"],
      [
        arn(ctx, "ec2", "image/*", { account: "" }),
        arn(ctx, "ec2", "key-pair/*"),
        arn(ctx, "ec2", "network-interface/*"),
        volumes,
        ...groups,
        ...subnets,
      ],
    ),
    statement(
      "GpuInstancesTagOnLaunch",
      ["ec2:CreateTags"],
      [instances, volumes],
      conditions({ StringEquals: { "ec2:CreateAction": ["RunInstances"] } }, requestTag(ctx)),
    ),
    statement(
      "GpuInstancesManageTeam",
      ["ec2:StartInstances", "ec2:StopInstances", "ec2:TerminateInstances"],
      [instances],
      resourceTag(ctx),
    ),
    statement(
      "GpuInstancesDescribe",
      [
        "ec2:DescribeImages",
        "ec2:DescribeInstanceTypes",
        "ec2:DescribeInstances",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
      ],
      ["*"],
    ),
  ];
}

export const gpuInstances: Activity = {
  id: "gpu-instances",
  title: "GPU instances (EC2)",
  description: "Launch, start, stop and terminate EC2 instances of allowed types, tagged for the team.",
  services: ["ec2"],
  docs: [
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ExamplePolicies_EC2.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html",
  ],
  statements: gpuStatements,
};
