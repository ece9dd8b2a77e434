import type { Statement } from "../policy/types.js";
import { arn, conditions, requestTag, resourceTag, statement } from "./build.js";
import type { Activity, TeamContext } from "./types.js";

/**
 * `ec2:RunInstances` is authorized once per resource the launch uses (EC2 User Guide, "Launch
 * instances (RunInstances)"): the new instance, its new network interface and volumes, the image,
 * the subnet, the security groups, the key pair. Each resource type is granted in the statement
 * whose conditions apply to it (the catalog lists, per resource type, the keys its request carries):
 *
 * - the instance: an allowed `ec2:InstanceType` and the team tag (`aws:RequestTag/team`);
 * - the network interface: in the team's subnets (`ec2:Subnet`) when the guardrails name them;
 * - the image: owned by AWS (`amazon`, e.g. the Deep Learning AMIs) or by the account
 *   (`ec2:Owner`), so nobody launches a stranger's public AMI;
 * - the subnets and security groups: exactly the guardrail's, when configured;
 * - new volumes and the account's key pairs: no condition (their keys say nothing about teams).
 *
 * Launch templates are not granted: a template could carry any other parameters, and the team can
 * create none. `aws:RequestTag` is required only on the instance: images, subnets, security groups
 * and key pairs are existing resources whose requests carry no request tags.
 */
function gpuStatements(ctx: TeamContext): Statement[] {
  const g = ctx.spec.guardrails;
  const instances = arn(ctx, "ec2", "instance/*");
  const volumes = arn(ctx, "ec2", "volume/*");
  const interfaces = arn(ctx, "ec2", "network-interface/*");
  const subnets = g.network
    ? g.network.subnets.map((id) => arn(ctx, "ec2", `subnet/${id}`))
    : [arn(ctx, "ec2", "subnet/*")];
  const groups = g.network
    ? g.network.securityGroups.map((id) => arn(ctx, "ec2", `security-group/${id}`))
    : [arn(ctx, "ec2", "security-group/*")];
  // With a network, the new interface must be in one of the team's subnets (the subnet ARNs below
  // check it too; `ec2:Subnet` keeps the interface from being granted on its own). Without one,
  // instances go to whatever subnet the request names, as the subnet and group grants allow.
  const networkStatements: Statement[] = g.network
    ? [
        statement("GpuInstancesLaunchInterfaces", ["ec2:RunInstances"], [interfaces], {
          ArnEquals: { "ec2:Subnet": subnets },
        }),
        statement(
          "GpuInstancesLaunchUsing",
          ["ec2:RunInstances"],
          [arn(ctx, "ec2", "key-pair/*"), volumes, ...groups, ...subnets],
        ),
      ]
    : [
        statement(
          "GpuInstancesLaunchUsing",
          ["ec2:RunInstances"],
          [arn(ctx, "ec2", "key-pair/*"), interfaces, volumes, ...groups, ...subnets],
        ),
      ];
  return [
    statement(
      "GpuInstancesLaunch",
      ["ec2:RunInstances"],
      [instances],
      conditions({ StringLike: { "ec2:InstanceType": g.ec2InstanceTypes } }, requestTag(ctx)),
    ),
    statement("GpuInstancesLaunchImages", ["ec2:RunInstances"], [arn(ctx, "ec2", "image/*", { account: "" })], {
      StringEquals: { "ec2:Owner": ["amazon", ctx.account] },
    }),
    ...networkStatements,
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
    // Describe* support no resource-level permissions (wildcard-only in the catalog).
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
  perTeam: true,
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
