import type { Statement } from "../policy/types.js";
import { resourceTag, sagemakerArn, statement } from "./build.js";
import type { Activity, TeamContext } from "./types.js";

function inferenceStatements(ctx: TeamContext): Statement[] {
  return [
    statement(
      "InferenceInvokeTeamEndpoints",
      ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointAsync", "sagemaker:InvokeEndpointWithResponseStream"],
      [sagemakerArn(ctx, "endpoint/*")],
      resourceTag(ctx),
    ),
    statement("InferenceListEndpoints", ["sagemaker:ListEndpoints"], ["*"]),
  ];
}

export const inference: Activity = {
  perTeam: true,
  id: "inference",
  title: "Inference",
  description: "Invoke the team's SageMaker endpoints (and only the team's).",
  services: ["sagemaker"],
  docs: [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html",
  ],
  statements: inferenceStatements,
};
