import type { Statement } from "../policy/types.js";
import { requestTag, resourceTag, sagemakerArn, statement, teamNamedArn } from "./build.js";
import { tagOnCreate } from "./training.js";
import type { Activity, TeamContext } from "./types.js";

const CREATE = ["sagemaker:CreateExperiment", "sagemaker:CreateTrial", "sagemaker:CreateTrialComponent"];

function experimentStatements(ctx: TeamContext): Statement[] {
  const arns = ["experiment/*", "experiment-trial/*", "experiment-trial-component/*"].map((r) => sagemakerArn(ctx, r));
  const [experiment, trial, component] = arns;
  // What the team creates is named `<team>--*`; a trial is created in an experiment, and CreateTrial
  // is authorized against both, so the experiment must be one of the team's by name as well.
  const created = ["experiment", "experiment-trial", "experiment-trial-component"].map((t) => teamNamedArn(ctx, t));
  const [newExperiment, newTrial, newComponent] = created;
  return [
    statement("ExperimentsCreateExperiments", ["sagemaker:CreateExperiment"], [newExperiment], requestTag(ctx)),
    statement("ExperimentsCreateTrials", ["sagemaker:CreateTrial"], [newExperiment, newTrial], requestTag(ctx)),
    statement("ExperimentsCreateTrialComponents", ["sagemaker:CreateTrialComponent"], [newComponent], requestTag(ctx)),
    tagOnCreate(ctx, "ExperimentsTagOnCreate", created, CREATE),
    statement(
      "ExperimentsManageTeamExperiments",
      ["sagemaker:DeleteExperiment", "sagemaker:DescribeExperiment", "sagemaker:UpdateExperiment"],
      [experiment],
      resourceTag(ctx),
    ),
    statement(
      "ExperimentsManageTeamTrials",
      ["sagemaker:DeleteTrial", "sagemaker:DescribeTrial", "sagemaker:UpdateTrial"],
      [trial],
      resourceTag(ctx),
    ),
    statement(
      "ExperimentsManageTeamTrialComponents",
      ["sagemaker:DeleteTrialComponent", "sagemaker:DescribeTrialComponent", "sagemaker:UpdateTrialComponent"],
      [component],
      resourceTag(ctx),
    ),
    statement(
      "ExperimentsAssociateTeamTrialComponents",
      ["sagemaker:AssociateTrialComponent", "sagemaker:DisassociateTrialComponent"],
      [trial, component],
      resourceTag(ctx),
    ),
    statement(
      "ExperimentsList",
      ["sagemaker:ListExperiments", "sagemaker:ListTrialComponents", "sagemaker:ListTrials", "sagemaker:Search"],
      ["*"],
    ),
  ];
}

export const experiments: Activity = {
  perTeam: true,
  id: "experiments",
  title: "Experiments",
  description: "Track experiments, trials and trial components tagged for the team.",
  services: ["sagemaker"],
  docs: [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/experiments.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html",
  ],
  statements: experimentStatements,
};
