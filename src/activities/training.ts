import type { ConditionBlock, Statement } from "../policy/types.js";
import { allValuesLike, conditions, requestTag, resourceTag, sagemakerArn, statement, teamNamedArn } from "./build.js";
import type { Activity, TeamContext } from "./types.js";

export const TRAINING_CREATE_ACTIONS = [
  "sagemaker:CreateHyperParameterTuningJob",
  "sagemaker:CreateProcessingJob",
  "sagemaker:CreateTrainingJob",
];

const JOB_TYPES = ["hyper-parameter-tuning-job", "processing-job", "training-job"];

/** Every tuning, processing and training job (the tag scopes them to the team). */
export function trainingJobArns(ctx: Pick<TeamContext, "partition" | "region" | "account">): string[] {
  return JOB_TYPES.map((type) => sagemakerArn(ctx, `${type}/*`));
}

/**
 * The jobs a team may create: named `<team>--*`, since their log streams carry their names (a tuning
 * job's training jobs are named after it, `<tuning job>-001-<hash>`, so they follow).
 */
export function teamJobArns(ctx: Pick<TeamContext, "partition" | "region" | "account" | "team">): string[] {
  return JOB_TYPES.map((type) => teamNamedArn(ctx, type));
}

/** `iam:PassRole` on the team's execution role only, and only to SageMaker. */
export function passExecutionRole(ctx: Pick<TeamContext, "executionRoleArn">, sid: string): Statement {
  return statement(sid, ["iam:PassRole"], [ctx.executionRoleArn], {
    StringEquals: { "iam:PassedToService": ["sagemaker.amazonaws.com"] },
  });
}

/**
 * SageMaker's `AddTags` is authorized separately when a create request carries tags; it is
 * allowed only as part of the named create actions (`sagemaker:TaggingAction`) and only with the
 * team's tag, so a member can never re-tag an existing resource into their team.
 */
export function tagOnCreate(ctx: TeamContext, sid: string, arns: string[], createActions: string[]): Statement {
  const taggingActions = createActions.map((action) => action.slice(action.indexOf(":") + 1));
  return statement(
    sid,
    ["sagemaker:AddTags"],
    arns,
    conditions(requestTag(ctx), { StringEquals: { "sagemaker:TaggingAction": taggingActions } }),
  );
}

/** Network and encryption conditions every SageMaker compute create shares (when configured). */
export function jobConditions(ctx: Pick<TeamContext, "spec">, opts: { outputKey: boolean }): ConditionBlock {
  const g = ctx.spec.guardrails;
  const blocks: ConditionBlock[] = [];
  if (g.network) {
    blocks.push({
      "ForAllValues:StringEquals": {
        "sagemaker:VpcSecurityGroupIds": g.network.securityGroups,
        "sagemaker:VpcSubnets": g.network.subnets,
      },
      Null: { "sagemaker:VpcSecurityGroupIds": ["false"], "sagemaker:VpcSubnets": ["false"] },
    });
  } else {
    // Without a VPC to confine them, jobs run network-isolated.
    blocks.push({ Bool: { "sagemaker:NetworkIsolation": ["true"] } });
  }
  if (g.kmsKey) {
    // Instance types with local NVMe storage (ml.g5, ml.p4d) reject a volume key, so the volume key
    // is checked only when present; the output key is required.
    blocks.push({ ArnEqualsIfExists: { "sagemaker:VolumeKmsKeyArn": [g.kmsKey] } });
    if (opts.outputKey) blocks.push({ ArnEquals: { "sagemaker:OutputKmsKeyArn": [g.kmsKey] } });
  }
  return conditions(...blocks);
}

function trainingStatements(ctx: TeamContext): Statement[] {
  const g = ctx.spec.guardrails;
  const [tuningJob, processingJob, trainingJob] = trainingJobArns(ctx);
  const created = teamJobArns(ctx);
  const [newTuningJob, newProcessingJob, newTrainingJob] = created;
  const create = conditions(
    allValuesLike("sagemaker:InstanceTypes", g.trainingInstanceTypes),
    jobConditions(ctx, { outputKey: true }),
    g.maxTrainingSeconds !== undefined
      ? { NumericLessThanEquals: { "sagemaker:MaxRuntimeInSeconds": [String(g.maxTrainingSeconds)] } }
      : undefined,
    requestTag(ctx),
  );
  return [
    // One statement per resource type: each action is granted only on the ARNs it acts on.
    statement("TrainingCreateTrainingJobs", ["sagemaker:CreateTrainingJob"], [newTrainingJob], create),
    statement("TrainingCreateProcessingJobs", ["sagemaker:CreateProcessingJob"], [newProcessingJob], create),
    statement("TrainingCreateTuningJobs", ["sagemaker:CreateHyperParameterTuningJob"], [newTuningJob], create),
    tagOnCreate(ctx, "TrainingTagOnCreate", created, TRAINING_CREATE_ACTIONS),
    statement(
      "TrainingManageTeamTrainingJobs",
      ["sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"],
      [trainingJob],
      resourceTag(ctx),
    ),
    statement(
      "TrainingManageTeamProcessingJobs",
      ["sagemaker:DescribeProcessingJob", "sagemaker:StopProcessingJob"],
      [processingJob],
      resourceTag(ctx),
    ),
    statement(
      "TrainingManageTeamTuningJobs",
      [
        "sagemaker:DescribeHyperParameterTuningJob",
        "sagemaker:ListTrainingJobsForHyperParameterTuningJob",
        "sagemaker:StopHyperParameterTuningJob",
      ],
      [tuningJob],
      resourceTag(ctx),
    ),
    statement(
      "TrainingListJobs",
      ["sagemaker:ListHyperParameterTuningJobs", "sagemaker:ListProcessingJobs", "sagemaker:ListTrainingJobs"],
      ["*"],
    ),
    passExecutionRole(ctx, "TrainingPassExecutionRole"),
  ];
}

export const training: Activity = {
  perTeam: true,
  id: "training",
  title: "Training, processing and tuning jobs",
  description:
    "Run training, processing and tuning jobs as the team's execution role, on allowed instance types, " +
    "in the team's network, encrypted, within the runtime limit, tagged for the team.",
  services: ["iam", "sagemaker"],
  docs: [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
  ],
  statements: trainingStatements,
};
