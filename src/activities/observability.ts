import type { Statement } from "../policy/types.js";
import { arn, statement, teamResourceName } from "./build.js";
import type { Activity, TeamContext } from "./types.js";

/**
 * The log groups every team's SageMaker jobs and notebook instances share. SageMaker names each
 * stream after the job or instance (`<job>/algo-1-<time>`, `<instance>/jupyter.log`), and a team
 * may create only jobs and instances named `<team>--...` (`teamNamedArn`), so a team's streams are
 * exactly those named `<team>--*`. CloudWatch Logs authorizes streams by ARN alone (no tags), so the
 * name is the only thing that can confine them. Pipeline steps run as jobs SageMaker names
 * `pipelines-<execution>-...`, which carry no team: their logs are not granted to anyone (README,
 * "Naming").
 */
export const SHARED_JOB_LOG_GROUPS = [
  "/aws/sagemaker/NotebookInstances",
  "/aws/sagemaker/ProcessingJobs",
  "/aws/sagemaker/TrainingJobs",
];

type Where = Pick<TeamContext, "partition" | "region" | "account" | "team">;

/** The team's SageMaker log groups: the shared job groups, and its endpoints' own (`Endpoints/<endpoint>`). */
export function teamLogGroups(ctx: Where): string[] {
  return [
    ...SHARED_JOB_LOG_GROUPS.map((g) => arn(ctx, "logs", `log-group:${g}`)),
    arn(ctx, "logs", `log-group:/aws/sagemaker/Endpoints/${teamResourceName(ctx.team.name, "*")}`),
  ];
}

/** The team's SageMaker log streams: its jobs' in the shared groups, any in its endpoints' groups. */
export function teamLogStreams(ctx: Where): string[] {
  const own = teamResourceName(ctx.team.name, "*");
  return [
    ...SHARED_JOB_LOG_GROUPS.map((g) => arn(ctx, "logs", `log-group:${g}:log-stream:${own}`)),
    arn(ctx, "logs", `log-group:/aws/sagemaker/Endpoints/${own}:log-stream:*`),
  ];
}

function observabilityStatements(ctx: TeamContext): Statement[] {
  // A shared group holds every team's streams, so reading whole groups (FilterLogEvents, Logs
  // Insights) is not granted; listing a group's streams shows names only.
  return [
    statement("ObservabilityReadTeamLogs", ["logs:GetLogEvents"], teamLogStreams(ctx)),
    statement("ObservabilityListLogStreams", ["logs:DescribeLogStreams"], teamLogGroups(ctx)),
    statement("ObservabilityListLogGroups", ["logs:DescribeLogGroups"], ["*"]),
    // CloudWatch metrics are not resources: metric reads are authorized on `*` (their optional
    // `dataset` type is for cross-account access grants), and reads take no namespace condition
    // (`cloudwatch:namespace` applies to PutMetricData only), so `*` is the only working scope.
    statement(
      "ObservabilityReadMetrics",
      ["cloudwatch:GetMetricData", "cloudwatch:GetMetricStatistics", "cloudwatch:ListMetrics"],
      ["*"],
    ),
  ];
}

export const observability: Activity = {
  perTeam: true,
  id: "observability",
  title: "Logs and metrics",
  description: "Read the team's SageMaker job and endpoint logs (`/aws/sagemaker/*`) and CloudWatch metrics.",
  services: ["cloudwatch", "logs"],
  docs: [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/logging-cloudwatch.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html",
  ],
  statements: observabilityStatements,
};
