/**
 * Data-driven cases for the prover: an old and a new policy set, the principal whose requests are
 * considered, and the verdict expected. Each case names the AWS documentation page that fixes the
 * behaviour it pins. A `violated` verdict's counterexample is replayed through the engine by the test.
 */
import type { PolicySet } from "../../../src/policy/policy-set.js";
import type { PolicyDocument, Statement } from "../../../src/policy/types.js";

export const ACCOUNT = "123456789012";
export const OTHER = "210987654321";
export const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;
export const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/ml-role/session`;
export const BUCKET = "arn:aws:s3:::acme-ai-datasets";

export function doc(...statements: Statement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

export function allow(action: string | string[], resource: string | string[] = "*", extra: Partial<Statement> = {}) {
  return {
    Effect: "Allow" as const,
    Action: typeof action === "string" ? [action] : action,
    Resource: typeof resource === "string" ? [resource] : resource,
    ...extra,
  };
}

export function deny(action: string | string[], resource: string | string[] = "*", extra: Partial<Statement> = {}) {
  return { ...allow(action, resource, extra), Effect: "Deny" as const };
}

export function identity(...statements: Statement[]): PolicySet {
  return { identityPolicies: [{ name: "p", document: doc(...statements) }] };
}

export interface Case {
  name: string;
  /** The AWS page whose behaviour the case pins. */
  aws: string;
  old: PolicySet;
  new: PolicySet;
  expect: "proven" | "violated";
  principal?: string;
  resourceAccount?: string;
  context?: Record<string, string | string[] | null>;
  /** For a violation: the counterexample's action must match this. */
  action?: RegExp;
}

const READ = allow("s3:GetObject", `${BUCKET}/imagenet/*`);
const CONDITIONS = "IAM User Guide, IAM JSON policy elements: Condition operators";
const MULTI = "IAM User Guide, Single-valued vs. multivalued context keys";
const EVAL = "IAM User Guide, Policy evaluation logic";

function withCondition(condition: Statement["Condition"]) {
  return identity(allow("s3:GetObject", `${BUCKET}/*`, { Condition: condition }));
}

export const CASES: Case[] = [
  // --- identity statements, Action/NotAction, Resource/NotResource ---
  {
    name: "identical sets",
    aws: EVAL,
    old: identity(READ),
    new: identity(READ),
    expect: "proven",
  },
  {
    name: "reordered and split statements grant the same",
    aws: "IAM User Guide, IAM JSON policy elements: Statement",
    old: identity(allow(["s3:GetObject", "s3:ListBucket"], [`${BUCKET}/imagenet/*`, BUCKET])),
    new: {
      identityPolicies: [
        { name: "a", document: doc(allow("s3:ListBucket", [`${BUCKET}/imagenet/*`, BUCKET])) },
        { name: "b", document: doc(allow("s3:GetObject", [BUCKET, `${BUCKET}/imagenet/*`])) },
      ],
    },
    expect: "proven",
  },
  {
    name: "a resource widened from a prefix to the bucket",
    aws: "IAM User Guide, IAM JSON policy elements: Resource",
    old: identity(READ),
    new: identity(allow("s3:GetObject", `${BUCKET}/*`)),
    expect: "violated",
    action: /^s3:GetObject$/,
  },
  {
    name: "a resource narrowed",
    aws: "IAM User Guide, IAM JSON policy elements: Resource",
    old: identity(allow("s3:GetObject", `${BUCKET}/*`)),
    new: identity(READ),
    expect: "proven",
  },
  {
    name: "a wildcard in an ARN's region part does not span colons",
    aws: "IAM User Guide, IAM JSON policy elements: Resource (wildcards within ARN segments)",
    old: identity(allow("sagemaker:DescribeTrainingJob", `arn:aws:sagemaker:*:${ACCOUNT}:training-job/vision-*`)),
    new: identity(
      allow("sagemaker:DescribeTrainingJob", [
        `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/vision-*`,
        `arn:aws:sagemaker:*:${ACCOUNT}:training-job/vision-*`,
      ]),
    ),
    expect: "proven",
  },
  {
    name: "vision-* widened to *",
    aws: "IAM User Guide, IAM JSON policy elements: Resource",
    old: identity(allow("sagemaker:DescribeTrainingJob", `arn:aws:sagemaker:*:${ACCOUNT}:training-job/vision-*`)),
    new: identity(allow("sagemaker:DescribeTrainingJob", `arn:aws:sagemaker:*:${ACCOUNT}:training-job/*`)),
    expect: "violated",
  },
  {
    name: "an action added",
    aws: "IAM User Guide, IAM JSON policy elements: Action",
    old: identity(READ),
    new: identity(allow(["s3:GetObject", "s3:PutObject"], `${BUCKET}/imagenet/*`)),
    expect: "violated",
    action: /^s3:PutObject$/,
  },
  {
    name: "action names are case-insensitive",
    aws: "IAM User Guide, IAM JSON policy elements: Action",
    old: identity(READ),
    new: identity(allow("S3:getobject", `${BUCKET}/imagenet/*`)),
    expect: "proven",
  },
  {
    name: "a wildcard action grants actions AWS adds later",
    aws: "IAM User Guide, IAM JSON policy elements: Action (wildcards)",
    old: identity(allow("s3:GetObject*", `${BUCKET}/*`)),
    new: identity(allow("s3:Get*", `${BUCKET}/*`)),
    expect: "violated",
    action: /^s3:Get/,
  },
  {
    name: "NotAction narrowed (fewer actions excluded) is new access",
    aws: "IAM User Guide, IAM JSON policy elements: NotAction",
    old: identity({ Effect: "Allow", NotAction: ["iam:*", "s3:*"], Resource: ["*"] }),
    new: identity({ Effect: "Allow", NotAction: ["iam:*"], Resource: ["*"] }),
    expect: "violated",
    action: /^s3:/,
  },
  {
    name: "NotAction widened (more actions excluded) is no new access",
    aws: "IAM User Guide, IAM JSON policy elements: NotAction",
    old: identity({ Effect: "Allow", NotAction: ["iam:*"], Resource: ["*"] }),
    new: identity({ Effect: "Allow", NotAction: ["iam:*", "s3:*"], Resource: ["*"] }),
    expect: "proven",
  },
  {
    name: "NotResource with one resource fewer",
    aws: "IAM User Guide, IAM JSON policy elements: NotResource",
    old: identity({
      Effect: "Allow",
      Action: ["s3:GetObject"],
      NotResource: [`${BUCKET}/support/*`, `${BUCKET}/hr/*`],
    }),
    new: identity({ Effect: "Allow", Action: ["s3:GetObject"], NotResource: [`${BUCKET}/support/*`] }),
    expect: "violated",
  },
  // --- explicit deny ---
  {
    name: "a Deny removed",
    aws: EVAL,
    old: identity(allow("s3:GetObject", `${BUCKET}/*`), deny("s3:GetObject", `${BUCKET}/support/*`)),
    new: identity(allow("s3:GetObject", `${BUCKET}/*`)),
    expect: "violated",
  },
  {
    name: "a Deny added",
    aws: EVAL,
    old: identity(allow("s3:GetObject", `${BUCKET}/*`)),
    new: identity(allow("s3:GetObject", `${BUCKET}/*`), deny("s3:GetObject", `${BUCKET}/support/*`)),
    expect: "proven",
  },
  // --- guardrails ---
  {
    name: "a region added to the region guardrail",
    aws: "IAM User Guide, AWS global condition context keys: aws:RequestedRegion",
    old: identity(READ, deny("*", "*", { Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1"] } } })),
    new: identity(
      READ,
      deny("*", "*", { Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "eu-west-1"] } } }),
    ),
    expect: "violated",
  },
  {
    name: "the MFA guardrail removed",
    aws: "IAM User Guide, AWS global condition context keys: aws:MultiFactorAuthPresent",
    old: identity(READ, deny("*", "*", { Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } } })),
    new: identity(READ),
    expect: "violated",
  },
  {
    name: "the MFA guardrail turned from BoolIfExists into Bool lets requests without the key through",
    aws: `${CONDITIONS} (...IfExists condition operators)`,
    old: identity(READ, deny("*", "*", { Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } } })),
    new: identity(READ, deny("*", "*", { Condition: { Bool: { "aws:MultiFactorAuthPresent": ["false"] } } })),
    expect: "violated",
  },
  // --- condition operator families ---
  {
    name: "StringEquals to StringLike with a wildcard",
    aws: `${CONDITIONS} (String condition operators)`,
    old: withCondition({ StringEquals: { "s3:prefix": ["home/"] } }),
    new: withCondition({ StringLike: { "s3:prefix": ["home/*"] } }),
    expect: "violated",
  },
  {
    name: "StringLike narrowed",
    aws: `${CONDITIONS} (String condition operators)`,
    old: withCondition({ StringLike: { "s3:prefix": ["home/*"] } }),
    new: withCondition({ StringLike: { "s3:prefix": ["home/a*"] } }),
    expect: "proven",
  },
  {
    name: "StringEqualsIgnoreCase accepts what StringEquals did not",
    aws: `${CONDITIONS} (String condition operators)`,
    old: withCondition({ StringEquals: { "aws:RequestTag/team": ["vision"] } }),
    new: withCondition({ StringEqualsIgnoreCase: { "aws:RequestTag/team": ["vision"] } }),
    expect: "violated",
  },
  {
    name: "StringNotEquals with one value fewer",
    aws: `${CONDITIONS} (String condition operators)`,
    old: withCondition({ StringNotEquals: { "s3:x-amz-acl": ["public-read", "public-read-write"] } }),
    new: withCondition({ StringNotEquals: { "s3:x-amz-acl": ["public-read"] } }),
    expect: "violated",
  },
  {
    name: "a negated operator is true on a missing key",
    aws: `${CONDITIONS} (negated matching operators and missing keys)`,
    old: withCondition({ StringNotEquals: { "aws:RequestTag/team": ["nlp"] } }),
    new: withCondition({ Null: { "aws:RequestTag/team": ["true"] } }),
    expect: "proven",
  },
  {
    name: "StringNotLike widened excludes more",
    aws: `${CONDITIONS} (String condition operators)`,
    old: withCondition({ StringNotLike: { "s3:prefix": ["secret/*"] } }),
    new: withCondition({ StringNotLike: { "s3:prefix": ["secret*"] } }),
    expect: "proven",
  },
  {
    name: "NumericLessThan raised",
    aws: `${CONDITIONS} (Numeric condition operators)`,
    old: withCondition({ NumericLessThan: { "s3:max-keys": ["100"] } }),
    new: withCondition({ NumericLessThanEquals: { "s3:max-keys": ["100"] } }),
    expect: "violated",
  },
  {
    name: "NumericLessThan lowered",
    aws: `${CONDITIONS} (Numeric condition operators)`,
    old: withCondition({ NumericLessThanEquals: { "s3:max-keys": ["100"] } }),
    new: withCondition({ NumericLessThan: { "s3:max-keys": ["100"] } }),
    expect: "proven",
  },
  {
    name: "NumericNotEquals to NumericGreaterThan",
    aws: `${CONDITIONS} (Numeric condition operators)`,
    old: withCondition({ NumericGreaterThan: { "s3:max-keys": ["10"] } }),
    new: withCondition({ NumericNotEquals: { "s3:max-keys": ["10"] } }),
    expect: "violated",
  },
  {
    name: "DateLessThan moved later",
    aws: `${CONDITIONS} (Date condition operators)`,
    old: withCondition({ DateLessThan: { "aws:CurrentTime": ["2026-01-01T00:00:00Z"] } }),
    new: withCondition({ DateLessThan: { "aws:CurrentTime": ["2026-06-01T00:00:00Z"] } }),
    expect: "violated",
  },
  {
    name: "DateGreaterThan in epoch seconds equals the same instant in ISO 8601",
    aws: `${CONDITIONS} (Date condition operators)`,
    old: withCondition({ DateGreaterThan: { "aws:CurrentTime": ["2026-01-01T00:00:00Z"] } }),
    new: withCondition({ DateGreaterThan: { "aws:CurrentTime": ["1767225600"] } }),
    expect: "proven",
  },
  {
    name: "IpAddress widened from /24 to /16",
    aws: `${CONDITIONS} (IP address condition operators)`,
    old: withCondition({ IpAddress: { "aws:SourceIp": ["10.1.2.0/24"] } }),
    new: withCondition({ IpAddress: { "aws:SourceIp": ["10.1.0.0/16"] } }),
    expect: "violated",
  },
  {
    name: "IpAddress narrowed",
    aws: `${CONDITIONS} (IP address condition operators)`,
    old: withCondition({ IpAddress: { "aws:SourceIp": ["10.1.0.0/16", "2001:db8::/32"] } }),
    new: withCondition({ IpAddress: { "aws:SourceIp": ["10.1.2.0/24"] } }),
    expect: "proven",
  },
  {
    name: "an IPv6 range added",
    aws: `${CONDITIONS} (IP address condition operators)`,
    old: withCondition({ IpAddress: { "aws:SourceIp": ["10.1.0.0/16"] } }),
    new: withCondition({ IpAddress: { "aws:SourceIp": ["10.1.0.0/16", "2001:db8::/32"] } }),
    expect: "violated",
  },
  {
    name: "NotIpAddress deny narrowed",
    aws: `${CONDITIONS} (IP address condition operators)`,
    old: identity(READ, deny("*", "*", { Condition: { NotIpAddress: { "aws:SourceIp": ["10.0.0.0/8"] } } })),
    new: identity(READ, deny("*", "*", { Condition: { NotIpAddress: { "aws:SourceIp": ["0.0.0.0/0"] } } })),
    expect: "violated",
  },
  {
    name: "ArnLike on aws:SourceArn widened",
    aws: `${CONDITIONS} (Amazon Resource Name (ARN) condition operators)`,
    old: withCondition({ ArnLike: { "aws:SourceArn": [`arn:aws:sagemaker:*:${ACCOUNT}:training-job/vision-*`] } }),
    new: withCondition({ ArnLike: { "aws:SourceArn": [`arn:aws:sagemaker:*:*:training-job/vision-*`] } }),
    expect: "violated",
  },
  {
    name: "Null: requiring a tag to be present removed",
    aws: `${CONDITIONS} (Condition operator to check existence of condition keys)`,
    old: withCondition({ Null: { "aws:RequestTag/team": ["false"] } }),
    new: withCondition({}),
    expect: "violated",
  },
  {
    name: "IfExists added to a positive condition lets requests without the key through",
    aws: `${CONDITIONS} (...IfExists condition operators)`,
    old: withCondition({ StringEquals: { "s3:x-amz-server-side-encryption": ["aws:kms"] } }),
    new: withCondition({ StringEqualsIfExists: { "s3:x-amz-server-side-encryption": ["aws:kms"] } }),
    expect: "violated",
  },
  {
    name: "ForAllValues with one allowed tag key more",
    aws: `${MULTI} (ForAllValues)`,
    old: withCondition({ "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } }),
    new: withCondition({ "ForAllValues:StringEquals": { "aws:TagKeys": ["team", "owner"] } }),
    expect: "violated",
  },
  {
    name: "ForAnyValue narrowed",
    aws: `${MULTI} (ForAnyValue)`,
    old: withCondition({ "ForAnyValue:StringLike": { "aws:TagKeys": ["team*"] } }),
    new: withCondition({ "ForAnyValue:StringLike": { "aws:TagKeys": ["team"] } }),
    expect: "proven",
  },
  {
    name: "ForAllValues is true on a missing key: adding Null false closes it",
    aws: `${MULTI} (ForAllValues with a missing key)`,
    old: withCondition({
      "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] },
      Null: { "aws:TagKeys": ["false"] },
    }),
    new: withCondition({ "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } }),
    expect: "violated",
  },
  // --- variables ---
  {
    name: "a home prefix by the aws:username variable widened to every user's",
    aws: "IAM User Guide, IAM policy elements: Variables and tags",
    old: identity(allow("s3:GetObject", `${BUCKET}/home/\${aws:username}/*`)),
    new: identity(allow("s3:GetObject", `${BUCKET}/home/*`)),
    expect: "violated",
  },
  {
    name: "the aws:username variable is alice for alice: the same as her literal prefix",
    aws: "IAM User Guide, IAM policy elements: Variables and tags",
    old: identity(allow("s3:GetObject", `${BUCKET}/home/alice/*`)),
    new: identity(allow("s3:GetObject", `${BUCKET}/home/\${aws:username}/*`)),
    expect: "proven",
  },
  {
    name: "a principal-tag variable in a condition, pinned by the principal's tags",
    aws: "IAM User Guide, IAM policy elements: Variables and tags",
    old: withCondition({ StringEquals: { "s3:ExistingObjectTag/team": ["vision"] } }),
    new: withCondition({ StringEquals: { "s3:ExistingObjectTag/team": [`\${aws:PrincipalTag/team}`] } }),
    context: { "aws:PrincipalTag/team": "vision" },
    expect: "proven",
  },
  // --- boundaries, SCPs, RCPs, session policies ---
  {
    name: "a permissions boundary widened",
    aws: "IAM User Guide, Permissions boundaries for IAM entities",
    old: {
      identityPolicies: [{ document: doc(allow("s3:*", "*")) }],
      permissionBoundaries: [{ document: doc(allow("s3:GetObject", `${BUCKET}/imagenet/*`)) }],
    },
    new: {
      identityPolicies: [{ document: doc(allow("s3:*", "*")) }],
      permissionBoundaries: [{ document: doc(allow("s3:GetObject", `${BUCKET}/*`)) }],
    },
    expect: "violated",
  },
  {
    name: "a permissions boundary removed",
    aws: "IAM User Guide, Permissions boundaries for IAM entities",
    old: {
      identityPolicies: [{ document: doc(allow("s3:*", "*")) }],
      permissionBoundaries: [{ document: doc(allow("s3:GetObject", "*")) }],
    },
    new: { identityPolicies: [{ document: doc(allow("s3:*", "*")) }] },
    expect: "violated",
  },
  {
    name: "an identity policy widened under an unchanged boundary",
    aws: "IAM User Guide, Permissions boundaries for IAM entities",
    old: {
      identityPolicies: [{ document: doc(READ) }],
      permissionBoundaries: [{ document: doc(allow("s3:GetObject", `${BUCKET}/imagenet/*`)) }],
    },
    new: {
      identityPolicies: [{ document: doc(allow("s3:*", "*")) }],
      permissionBoundaries: [{ document: doc(allow("s3:GetObject", `${BUCKET}/imagenet/*`)) }],
    },
    expect: "proven",
  },
  {
    name: "an SCP allow list widened",
    aws: "AWS Organizations User Guide, Service control policies (SCPs): SCP evaluation",
    old: { identityPolicies: [{ document: doc(allow("*", "*")) }], scps: [[{ document: doc(allow("s3:*")) }]] },
    new: {
      identityPolicies: [{ document: doc(allow("*", "*")) }],
      scps: [[{ document: doc(allow(["s3:*", "sagemaker:*"])) }]],
    },
    expect: "violated",
    action: /^sagemaker:/,
  },
  {
    name: "an SCP level removed",
    aws: "AWS Organizations User Guide, Service control policies (SCPs): SCP evaluation",
    old: {
      identityPolicies: [{ document: doc(allow("*", "*")) }],
      scps: [[{ document: doc(allow("*")) }], [{ document: doc(allow("s3:*")) }]],
    },
    new: { identityPolicies: [{ document: doc(allow("*", "*")) }], scps: [[{ document: doc(allow("*")) }]] },
    expect: "violated",
  },
  {
    name: "an SCP region deny narrowed",
    aws: "AWS Organizations User Guide, Example SCPs: deny access based on the requested region",
    old: {
      identityPolicies: [{ document: doc(READ) }],
      scps: [
        [
          {
            document: doc(
              allow("*"),
              deny("*", "*", { Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1"] } } }),
            ),
          },
        ],
      ],
    },
    new: { identityPolicies: [{ document: doc(READ) }], scps: [[{ document: doc(allow("*")) }]] },
    expect: "violated",
  },
  {
    name: "SCPs do not limit a service-linked role",
    aws: "AWS Organizations User Guide, Service control policies (SCPs): tasks and entities not restricted by SCPs",
    principal: `arn:aws:sts::${ACCOUNT}:assumed-role/AWSServiceRoleForSageMaker/s`,
    old: { identityPolicies: [{ document: doc(allow("s3:*", "*")) }], scps: [[{ document: doc(allow("ec2:*")) }]] },
    new: { identityPolicies: [{ document: doc(allow("s3:*", "*")) }] },
    expect: "proven",
  },
  {
    name: "an RCP deny removed",
    aws: "AWS Organizations User Guide, Resource control policies (RCPs)",
    old: {
      identityPolicies: [{ document: doc(READ) }],
      rcps: [[{ document: doc(deny("s3:*", "*", { Principal: "*" })) }]],
    },
    new: {
      identityPolicies: [{ document: doc(READ) }],
      rcps: [[{ document: doc(allow("*", "*", { Principal: "*" })) }]],
    },
    expect: "violated",
  },
  {
    name: "a session policy widened",
    aws: "IAM User Guide, Session policies",
    principal: SESSION,
    old: { identityPolicies: [{ document: doc(allow("s3:*", "*")) }], sessionPolicy: { document: doc(READ) } },
    new: {
      identityPolicies: [{ document: doc(allow("s3:*", "*")) }],
      sessionPolicy: { document: doc(allow("s3:GetObject", "*")) },
    },
    expect: "violated",
  },
  // --- resource policies, cross-account, trust ---
  {
    name: "a bucket policy granting the caller directly",
    aws: `${EVAL} (same-account: identity or resource policy)`,
    old: { identityPolicies: [{ document: doc() }] },
    new: {
      identityPolicies: [{ document: doc() }],
      resourcePolicy: { document: doc(allow("s3:GetObject", `${BUCKET}/*`, { Principal: { AWS: [ALICE] } })) },
    },
    resourceAccount: ACCOUNT,
    expect: "violated",
  },
  {
    name: "cross-account: a bucket policy alone does not allow",
    aws: "IAM User Guide, Cross-account policy evaluation logic",
    principal: `arn:aws:iam::${OTHER}:user/mallory`,
    old: { identityPolicies: [{ document: doc() }] },
    new: {
      identityPolicies: [{ document: doc() }],
      resourcePolicy: { document: doc(allow("s3:GetObject", `${BUCKET}/*`, { Principal: { AWS: [OTHER] } })) },
    },
    resourceAccount: ACCOUNT,
    expect: "proven",
  },
  {
    name: "cross-account: a bucket policy plus the caller's identity policy allow",
    aws: "IAM User Guide, Cross-account policy evaluation logic",
    principal: `arn:aws:iam::${OTHER}:user/mallory`,
    old: { identityPolicies: [{ document: doc(allow("s3:GetObject", "*")) }] },
    new: {
      identityPolicies: [{ document: doc(allow("s3:GetObject", "*")) }],
      resourcePolicy: { document: doc(allow("s3:GetObject", `${BUCKET}/*`, { Principal: { AWS: [OTHER] } })) },
    },
    resourceAccount: ACCOUNT,
    expect: "violated",
  },
  {
    name: "a trust policy opened to another account",
    aws: "IAM User Guide, Cross-account policy evaluation logic (role trust policies)",
    principal: `arn:aws:iam::${OTHER}:user/mallory`,
    old: {
      identityPolicies: [{ document: doc(allow("sts:AssumeRole", "*")) }],
      resourcePolicy: {
        document: { Version: "2012-10-17", Statement: [allowTrust({ AWS: [`arn:aws:iam::${ACCOUNT}:root`] })] },
      },
    },
    new: {
      identityPolicies: [{ document: doc(allow("sts:AssumeRole", "*")) }],
      resourcePolicy: {
        document: {
          Version: "2012-10-17",
          Statement: [allowTrust({ AWS: [`arn:aws:iam::${ACCOUNT}:root`, `arn:aws:iam::${OTHER}:root`] })],
        },
      },
    },
    expect: "violated",
    action: /^sts:AssumeRole$/,
  },
  {
    name: "a trust policy's condition on an OIDC subject widened",
    aws: "IAM User Guide, Creating a role for web identity or OpenID Connect federation",
    principal: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
    old: {
      identityPolicies: [],
      resourcePolicy: { document: doc(oidcTrust("repo:acme/ml:ref:refs/heads/main")) },
    },
    new: {
      identityPolicies: [],
      resourcePolicy: { document: doc(oidcTrust("repo:acme/*")) },
    },
    expect: "violated",
    action: /^sts:AssumeRoleWithWebIdentity$/,
  },
];

function allowTrust(principal: { AWS: string[] }): Statement {
  return { Effect: "Allow", Action: ["sts:AssumeRole"], Principal: principal };
}

function oidcTrust(sub: string): Statement {
  return {
    Effect: "Allow",
    Action: ["sts:AssumeRoleWithWebIdentity"],
    Principal: { Federated: [`arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`] },
    Condition: {
      StringEquals: { "token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"] },
      StringLike: { "token.actions.githubusercontent.com:sub": [sub] },
    },
  };
}
