import type { Statement } from "../policy/types.js";
import { arn, statement } from "./build.js";
import type { Activity, ActivityContext } from "./types.js";

/** `/aws/sagemaker/*` log groups (TrainingJobs, ProcessingJobs, Endpoints/<name>, ...). */
export function sagemakerLogGroups(ctx: Pick<ActivityContext, "partition" | "region" | "account">): string {
  return arn(ctx, "logs", "log-group:/aws/sagemaker/*");
}

function observabilityStatements(ctx: ActivityContext): Statement[] {
  const groups = sagemakerLogGroups(ctx);
  // SageMaker names a job's log streams after the job (`<job>/algo-1-...`), so the team's streams
  // are those of jobs named `<team>-...`; a log group holds every team's streams, so reading whole
  // groups (FilterLogEvents, Logs Insights) is not granted.
  const teamStreams = arn(ctx, "logs", `log-group:/aws/sagemaker/*:log-stream:${ctx.team.name}-*`);
  const endpointStreams = arn(ctx, "logs", `log-group:/aws/sagemaker/Endpoints/${ctx.team.name}-*:log-stream:*`);
  return [
    statement("ObservabilityReadTeamLogs", ["logs:GetLogEvents"], [endpointStreams, teamStreams]),
    statement("ObservabilityListLogStreams", ["logs:DescribeLogStreams"], [groups]),
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
