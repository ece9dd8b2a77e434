/**
 * Engine throughput: a 20-statement ML-team identity policy (wildcards in actions and resources,
 * six conditions including StringLike, IpAddress, ForAllValues and a policy variable), a
 * permissions boundary and one SCP level, over 100,000 varied requests after warm-up; with and
 * without explanations. Then the heap an evaluator compiled for 1,000 policies holds.
 * Targets: >= 1,000,000 evaluations/s, >= 100,000/s explained, < 200 MB for 1,000 policies.
 */
import { createEvaluator } from "../src/engine/index.js";
import type { AccessRequest, PolicySet } from "../src/policy/policy-set.js";
import type { PolicyDocument, Statement } from "../src/policy/types.js";

const ACCOUNT = "111122223333";

function mlTeamPolicy(team: string): PolicyDocument {
  const st: Statement[] = [
    {
      Sid: "ListData",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [`arn:aws:s3:::${team}-data`],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
      Condition: { StringLike: { "s3:prefix": ["datasets/*", "home/${aws:username}/*"] } },
    },
    { Sid: "ReadData", Effect: "Allow", Action: ["s3:Get*"], Resource: [`arn:aws:s3:::${team}-data/datasets/*`] },
    {
      Sid: "HomeRW",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      Resource: [`arn:aws:s3:::${team}-data/home/\${aws:username}/*`],
    },
    {
      Sid: "Artifacts",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:GetObject"],
      Resource: [`arn:aws:s3:::${team}-artifacts/*`],
      Condition: { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"] } },
    },
    {
      Sid: "TrainingJobs",
      Effect: "Allow",
      Action: ["sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob"],
      Resource: [
        `arn:aws:sagemaker:*:${ACCOUNT}:training-job/${team}-*`,
        `arn:aws:sagemaker:*:${ACCOUNT}:processing-job/${team}-*`,
      ],
      Condition: { "ForAllValues:StringLike": { "sagemaker:InstanceTypes": ["ml.g5.*", "ml.m5.*"] } },
    },
    { Sid: "DescribeSM", Effect: "Allow", Action: ["sagemaker:Describe*", "sagemaker:List*"], Resource: ["*"] },
    {
      Sid: "Endpoints",
      Effect: "Allow",
      Action: ["sagemaker:InvokeEndpoint"],
      Resource: [`arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/${team}-*`],
    },
    {
      Sid: "Bedrock",
      Effect: "Allow",
      Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
      Resource: [
        "arn:aws:bedrock:*::foundation-model/anthropic.*",
        "arn:aws:bedrock:*::foundation-model/amazon.titan-*",
      ],
    },
    {
      Sid: "Ecr",
      Effect: "Allow",
      Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
      Resource: [`arn:aws:ecr:*:${ACCOUNT}:repository/${team}/*`],
    },
    { Sid: "EcrAuth", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
    {
      Sid: "Logs",
      Effect: "Allow",
      Action: ["logs:GetLogEvents", "logs:FilterLogEvents"],
      Resource: [`arn:aws:logs:*:${ACCOUNT}:log-group:/aws/sagemaker/*`],
    },
    {
      Sid: "Metrics",
      Effect: "Allow",
      Action: ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics"],
      Resource: ["*"],
    },
    {
      Sid: "Kms",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [`arn:aws:kms:us-east-1:${ACCOUNT}:key/*`],
      Condition: { StringEquals: { "kms:ViaService": ["s3.us-east-1.amazonaws.com"] } },
    },
    {
      Sid: "PassExecRole",
      Effect: "Allow",
      Action: ["iam:PassRole"],
      Resource: [`arn:aws:iam::${ACCOUNT}:role/${team}-exec-*`],
      Condition: { StringEquals: { "iam:PassedToService": ["sagemaker.amazonaws.com"] } },
    },
    {
      Sid: "TagOwn",
      Effect: "Allow",
      Action: ["sagemaker:AddTags"],
      Resource: ["*"],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
      Condition: { StringEquals: { "aws:ResourceTag/team": ["${aws:PrincipalTag/team}"] } },
    },
    {
      Sid: "Notebooks",
      Effect: "Allow",
      Action: ["sagemaker:CreatePresignedNotebookInstanceUrl"],
      Resource: [`arn:aws:sagemaker:*:${ACCOUNT}:notebook-instance/${team}-*`],
    },
    {
      Sid: "Athena",
      Effect: "Allow",
      Action: ["athena:StartQueryExecution", "athena:GetQuery*"],
      Resource: [`arn:aws:athena:*:${ACCOUNT}:workgroup/${team}`],
    },
    { Sid: "Glue", Effect: "Allow", Action: ["glue:Get*"], Resource: ["*"] },
    {
      Sid: "DenyProdDelete",
      Effect: "Deny",
      Action: ["s3:DeleteObject", "s3:DeleteBucket"],
      Resource: ["arn:aws:s3:::*-prod*"],
    },
    { Sid: "DenyIam", Effect: "Deny", Action: ["iam:Create*", "iam:Put*", "iam:Attach*"], Resource: ["*"] },
  ];
  return { Version: "2012-10-17", Statement: st };
}

const boundary: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: [
        "s3:*",
        "sagemaker:*",
        "bedrock:Invoke*",
        "ecr:*",
        "logs:*",
        "cloudwatch:*",
        "kms:*",
        "athena:*",
        "glue:*",
        "iam:PassRole",
      ],
      Resource: ["*"],
    },
    {
      Effect: "Deny",
      Action: ["sagemaker:CreateTrainingJob"],
      Resource: ["*"],
      Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } },
    },
  ],
};
const scp: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [
    { Sid: "FullAWSAccess", Effect: "Allow", Action: ["*"], Resource: ["*"] },
    { Sid: "DenyLeave", Effect: "Deny", Action: ["organizations:LeaveOrganization"], Resource: ["*"] },
  ],
};

function makeRequests(n: number): AccessRequest[] {
  const users = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"];
  const shapes: Array<(u: string, i: number) => [string, string, Record<string, string | string[]>]> = [
    (_u, i) => ["s3:GetObject", `arn:aws:s3:::vision-data/datasets/imagenet/${i}.jpg`, {}],
    (u, i) => ["s3:PutObject", `arn:aws:s3:::vision-data/home/${u}/${i}.pt`, {}],
    (_u, i) => ["s3:PutObject", `arn:aws:s3:::vision-data/home/bob/${i}.pt`, {}],
    (u, i) => ["s3:ListBucket", "arn:aws:s3:::vision-data", { "s3:prefix": i % 2 ? "datasets/x" : `home/${u}/` }],
    (_u, i) => [
      "s3:PutObject",
      `arn:aws:s3:::vision-artifacts/m${i}`,
      { "aws:SourceIp": i % 3 ? "10.1.2.3" : "8.8.8.8" },
    ],
    (_u, i) => [
      "sagemaker:CreateTrainingJob",
      `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/vision-${i}`,
      { "sagemaker:InstanceTypes": i % 4 ? ["ml.g5.xlarge", "ml.m5.large"] : ["ml.p4d.24xlarge"] },
    ],
    (_u, i) => ["sagemaker:DescribeTrainingJob", `arn:aws:sagemaker:eu-west-1:${ACCOUNT}:training-job/x-${i}`, {}],
    (_u, i) => [
      "bedrock:InvokeModel",
      `arn:aws:bedrock:us-east-1::foundation-model/${i % 2 ? "anthropic.claude" : "meta.llama"}`,
      {},
    ],
    (_u, i) => ["s3:DeleteObject", `arn:aws:s3:::vision-prod-${i}/x`, {}],
    (_u, i) => ["ec2:RunInstances", `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-${i}`, {}],
    (_u, i) => [
      "sagemaker:AddTags",
      `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model/m${i}`,
      { "aws:ResourceTag/team": i % 2 ? "vision" : "nlp" },
    ],
    (_u, i) => [
      "iam:PassRole",
      `arn:aws:iam::${ACCOUNT}:role/vision-exec-${i % 5}`,
      { "iam:PassedToService": "sagemaker.amazonaws.com" },
    ],
  ];
  const out: AccessRequest[] = [];
  for (let i = 0; i < n; i++) {
    const u = users[i % users.length];
    const [action, resource, extra] = shapes[i % shapes.length](u, i);
    out.push({
      principal: `arn:aws:iam::${ACCOUNT}:user/${u}`,
      action,
      resource,
      context: { "aws:PrincipalTag/team": "vision", "aws:SourceIp": "10.0.0.1", ...extra },
    });
  }
  return out;
}

function measure(label: string, fn: () => void, count: number): number {
  const start = performance.now();
  fn();
  const ms = performance.now() - start;
  const rate = (count / ms) * 1000;
  process.stdout.write(
    `${label.padEnd(44)} ${Math.round(rate).toLocaleString("en-US").padStart(12)} evaluations/s  (${ms.toFixed(1)} ms)\n`,
  );
  return rate;
}

export default async function (): Promise<void> {
  const set: PolicySet = {
    identityPolicies: [{ name: "vision-ml-team", document: mlTeamPolicy("vision") }],
    permissionBoundaries: [{ name: "ml-boundary", document: boundary }],
    scps: [[{ name: "org-root", document: scp }]],
  };
  const evaluator = createEvaluator(set);
  const requests = makeRequests(100_000);
  const tally: Record<string, number> = {};
  for (const r of requests) {
    const d = evaluator.evaluate(r).decision;
    tally[d] = (tally[d] ?? 0) + 1;
  }
  // Warm-up (the pass above also warmed the per-action caches).
  for (let k = 0; k < 3; k++) for (const r of requests) evaluator.evaluate(r);
  let sink = 0;
  const best = (label: string, explain: boolean, rounds: number) => {
    const opts = explain ? { explain: true } : undefined;
    let top = 0;
    for (let k = 0; k < rounds; k++) {
      top = Math.max(
        top,
        measure(
          `${label} (round ${k + 1})`,
          () => {
            for (let i = 0; i < requests.length; i++)
              if (evaluator.evaluate(requests[i], opts).decision === "Allowed") sink++;
          },
          requests.length,
        ),
      );
    }
    return top;
  };
  process.stdout.write(`decisions over 100,000 requests: ${JSON.stringify(tally)}\n`);
  const plain = best("without explanations", false, 3);
  const explained = best("with explanations", true, 2);
  process.stdout.write(
    `best: ${Math.round(plain).toLocaleString("en-US")}/s plain (target 1,000,000), ${Math.round(explained).toLocaleString("en-US")}/s explained (target 100,000)\n`,
  );

  // Memory: an evaluator compiled for 1,000 policies (50 teams' 20-statement policies, 20 copies each).
  const before = process.memoryUsage().heapUsed;
  const big: PolicySet = {
    identityPolicies: Array.from({ length: 1000 }, (_, i) => ({ name: `p${i}`, document: mlTeamPolicy(`team${i}`) })),
    permissionBoundaries: [{ name: "ml-boundary", document: boundary }],
    scps: [[{ name: "org-root", document: scp }]],
  };
  const t0 = performance.now();
  const bigEvaluator = createEvaluator(big);
  const compileMs = performance.now() - t0;
  for (const r of requests.slice(0, 2000)) bigEvaluator.evaluate(r);
  const after = process.memoryUsage().heapUsed;
  process.stdout.write(
    `1,000 policies (20,000 statements): compiled in ${compileMs.toFixed(0)} ms, heap +${((after - before) / 1048576).toFixed(1)} MB (policies and evaluator; target < 200 MB)\n`,
  );
  if (sink < 0) process.stdout.write("");
}
