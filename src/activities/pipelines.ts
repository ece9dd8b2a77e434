import type { Statement } from "../policy/types.js";
import { conditions, requestTag, resourceTag, statement, teamNamedArn } from "./build.js";
import { passExecutionRole, tagOnCreate } from "./training.js";
import type { Activity, TeamContext } from "./types.js";

/**
 * Pipelines are named `<team>--...` as well as tagged: an execution's ARN is
 * `pipeline/<name>/execution/<id>` and the catalog gives executions no condition key at all, so the
 * name is what scopes executions to the team (`--` is in no team name: `ml--*` never reaches
 * `ml-research--*`).
 */
function pipelineStatements(ctx: TeamContext): Statement[] {
  const pipelines = teamNamedArn(ctx, "pipeline");
  const executions = `${pipelines}/execution/*`;
  return [
    statement("PipelinesCreate", ["sagemaker:CreatePipeline"], [pipelines], requestTag(ctx)),
    tagOnCreate(ctx, "PipelinesTagOnCreate", [pipelines], ["sagemaker:CreatePipeline"]),
    statement(
      "PipelinesManageTeam",
      [
        "sagemaker:DeletePipeline",
        "sagemaker:DescribePipeline",
        "sagemaker:ListPipelineExecutions",
        "sagemaker:StartPipelineExecution",
        "sagemaker:UpdatePipeline",
      ],
      [pipelines],
      conditions(resourceTag(ctx)),
    ),
    statement(
      "PipelinesManageTeamExecutions",
      [
        "sagemaker:DescribePipelineDefinitionForExecution",
        "sagemaker:DescribePipelineExecution",
        "sagemaker:ListPipelineExecutionSteps",
        "sagemaker:RetryPipelineExecution",
        "sagemaker:StopPipelineExecution",
      ],
      [executions],
    ),
    statement("PipelinesList", ["sagemaker:ListPipelines"], ["*"]),
    passExecutionRole(ctx, "PipelinesPassExecutionRole"),
  ];
}

export const pipelines: Activity = {
  perTeam: true,
  id: "pipelines",
  title: "Pipelines",
  description: "Define and run SageMaker Pipelines named `<team>--*`, executed as the team's execution role.",
  services: ["iam", "sagemaker"],
  docs: [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-access.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html",
  ],
  statements: pipelineStatements,
};
