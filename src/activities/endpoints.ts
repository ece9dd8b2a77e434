import type { ConditionBlock, Statement } from "../policy/types.js";
import { allValuesLike, conditions, requestTag, resourceTag, sagemakerArn, statement, teamNamedArn } from "./build.js";
import { passExecutionRole, tagOnCreate } from "./training.js";
import type { Activity, TeamContext } from "./types.js";

const CREATE = ["sagemaker:CreateEndpoint", "sagemaker:CreateEndpointConfig", "sagemaker:CreateModel"];

function endpointStatements(ctx: TeamContext): Statement[] {
  const g = ctx.spec.guardrails;
  const endpoints = sagemakerArn(ctx, "endpoint/*");
  const configs = sagemakerArn(ctx, "endpoint-config/*");
  const models = sagemakerArn(ctx, "model/*");
  // What the team creates is named `<team>--*`: an endpoint's logs go to `/aws/sagemaker/Endpoints/<name>`.
  const [newEndpoints, newConfigs, newModels] = ["endpoint", "endpoint-config", "model"].map((t) =>
    teamNamedArn(ctx, t),
  );
  const network: ConditionBlock = g.network
    ? {
        "ForAllValues:StringEquals": {
          "sagemaker:VpcSecurityGroupIds": g.network.securityGroups,
          "sagemaker:VpcSubnets": g.network.subnets,
        },
        Null: { "sagemaker:VpcSecurityGroupIds": ["false"], "sagemaker:VpcSubnets": ["false"] },
      }
    : { Bool: { "sagemaker:NetworkIsolation": ["true"] } };
  return [
    statement("EndpointsCreateModels", ["sagemaker:CreateModel"], [newModels], conditions(network, requestTag(ctx))),
    statement(
      "EndpointsCreateConfigs",
      ["sagemaker:CreateEndpointConfig"],
      [newConfigs],
      conditions(
        allValuesLike("sagemaker:InstanceTypes", g.endpointInstanceTypes),
        g.kmsKey ? { ArnEqualsIfExists: { "sagemaker:VolumeKmsKeyArn": [g.kmsKey] } } : undefined,
        requestTag(ctx),
      ),
    ),
    // CreateEndpoint is authorized against the new endpoint (which must be tagged for the team)
    // and against the endpoint configuration (which must already be the team's).
    statement("EndpointsCreate", ["sagemaker:CreateEndpoint"], [newEndpoints], requestTag(ctx)),
    statement("EndpointsCreateFromTeamConfigs", ["sagemaker:CreateEndpoint"], [configs], resourceTag(ctx)),
    tagOnCreate(ctx, "EndpointsTagOnCreate", [newConfigs, newEndpoints, newModels], CREATE),
    statement(
      "EndpointsManageTeamEndpoints",
      ["sagemaker:DeleteEndpoint", "sagemaker:DescribeEndpoint"],
      [endpoints],
      resourceTag(ctx),
    ),
    // UpdateEndpoint is authorized against the endpoint and its new configuration: both the team's.
    statement("EndpointsUpdateTeamEndpoints", ["sagemaker:UpdateEndpoint"], [configs, endpoints], resourceTag(ctx)),
    statement(
      "EndpointsManageTeamConfigs",
      ["sagemaker:DeleteEndpointConfig", "sagemaker:DescribeEndpointConfig"],
      [configs],
      resourceTag(ctx),
    ),
    statement(
      "EndpointsManageTeamModels",
      ["sagemaker:DeleteModel", "sagemaker:DescribeModel"],
      [models],
      resourceTag(ctx),
    ),
    statement(
      "EndpointsList",
      ["sagemaker:ListEndpointConfigs", "sagemaker:ListEndpoints", "sagemaker:ListModels"],
      ["*"],
    ),
    passExecutionRole(ctx, "EndpointsPassExecutionRole"),
  ];
}

export const endpoints: Activity = {
  perTeam: true,
  id: "endpoints",
  title: "Endpoints (deploy)",
  description:
    "Deploy models to real-time endpoints on allowed instance types, in the team's network, " +
    "with the organization's KMS key, tagged for the team.",
  services: ["iam", "sagemaker"],
  docs: [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html",
    "https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-deploy-models.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html",
  ],
  statements: endpointStatements,
};
