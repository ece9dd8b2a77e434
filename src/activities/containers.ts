import type { Statement } from "../policy/types.js";
import { requestTag, sharedRepositories, statement, teamRepositories } from "./build.js";
import type { Activity, TeamContext } from "./types.js";

export const ECR_PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/** Pull from the team's repositories and the shared images it may use (also the execution role's). */
export function pullStatements(ctx: TeamContext, sidPrefix: string): Statement[] {
  return [
    statement(`${sidPrefix}EcrLogin`, ["ecr:GetAuthorizationToken"], ["*"]),
    statement(`${sidPrefix}PullImages`, ECR_PULL_ACTIONS, [teamRepositories(ctx), ...sharedRepositories(ctx)]),
  ];
}

function containerStatements(ctx: TeamContext): Statement[] {
  const own = teamRepositories(ctx);
  return [
    ...pullStatements(ctx, "Containers"),
    statement(
      "ContainersBrowseImages",
      ["ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:ListImages"],
      [own, ...sharedRepositories(ctx)],
    ),
    statement(
      "ContainersPushTeamImages",
      ["ecr:CompleteLayerUpload", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"],
      [own],
    ),
    statement("ContainersCreateTeamRepositories", ["ecr:CreateRepository"], [own], requestTag(ctx)),
  ];
}

export const containers: Activity = {
  perTeam: true,
  id: "containers",
  title: "Container images",
  description: "Pull shared images and the team's own; push to the team's ECR repositories `<org>/<team>/*`.",
  services: ["ecr"],
  docs: [
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html",
    "https://docs.aws.amazon.com/AmazonECR/latest/userguide/security_iam_id-based-policy-examples.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html",
  ],
  statements: containerStatements,
};
