/**
 * What valid values look like in a spec. Each is `{ re, expected }` so a diagnostic can say what
 * was expected.
 */
const p = (re: RegExp, expected: string) => ({ re, expected });

/** Names used to build AWS names (`<org>-<team>-<persona>`): lower-case, digits, hyphens. */
export const NAME = p(/^[a-z][a-z0-9-]{0,31}$/, "a name (lower-case letters, digits and '-', starting with a letter)");
/** IAM user names allow `+=,.@_-`; we keep members to lower-case letters, digits and `.-_`. */
export const MEMBER = p(/^[a-z][a-z0-9._-]{0,47}$/, "a member name (lower-case letters, digits, '.', '_' or '-')");
export const ACCOUNT = p(/^\d{12}$/, "a 12-digit AWS account id");
// AWS: General Reference, "AWS Regions" — e.g. us-east-1, eu-central-2, us-gov-west-1, cn-north-1.
export const REGION = p(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/, "an AWS region such as us-east-1");
export const PARTITION = p(/^(aws|aws-cn|aws-us-gov)$/, "aws, aws-cn or aws-us-gov");
export const ARN = p(/^arn:(aws|aws-cn|aws-us-gov):[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/, "an ARN");
// A key ARN, never an alias ARN: in an IAM policy's Resource an alias ARN names the alias, not its
// key (KMS Developer Guide, "Specifying KMS keys in IAM policy statements"), so every grant on it
// would miss the key.
export const KMS_KEY_ARN = p(
  /^arn:(aws|aws-cn|aws-us-gov):kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/,
  "a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>; IAM policies name a key by its key ARN, not by an alias)",
);
export const BEDROCK_GUARDRAIL = p(
  /^(arn:(aws|aws-cn|aws-us-gov):bedrock:[a-z0-9-]+:\d{12}:guardrail\/[a-z0-9]+|[a-z0-9]{12})$/,
  "a Bedrock guardrail ARN (arn:aws:bedrock:<region>:<account>:guardrail/<id>) or id",
);
export const SAML_PROVIDER = p(
  /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:saml-provider\/[\w+=,.@-]+$/,
  "a SAML provider ARN (arn:aws:iam::<account>:saml-provider/<name>)",
);
export const OIDC_PROVIDER = p(
  /^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:oidc-provider\/[\w.:/-]+$/,
  "an OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/<host>)",
);
export const SSO_INSTANCE = p(
  /^arn:(aws|aws-cn|aws-us-gov):sso:::instance\/ssoins-[a-f0-9]{16}$/,
  "an SSO instance ARN",
);
export const IDENTITY_STORE = p(/^d-[a-z0-9]{10}$/, "an identity store id (d-xxxxxxxxxx)");
// SageMaker instance types: ml.<family>.<size>, with * wildcards (StringLike), or ml.* for all.
// `ml.g5` (a family without a size) matches no instance type: written for `ml.g5.*`, it silently
// allowed none.
export const ML_INSTANCE = p(
  /^ml\.(\*|([a-z0-9-]+|\*)\.([a-z0-9-]+|\*))$/,
  "a SageMaker instance type or pattern such as ml.g5.* or ml.p4d.24xlarge (ml.<family>.<size>)",
);
export const EC2_INSTANCE = p(
  /^([a-z][a-z0-9-]*|\*)\.([a-z0-9-]+|\*)$|^[a-z][a-z0-9-]*\*$/,
  "an EC2 instance type or pattern such as g5.* or t3.large",
);
export const SUBNET = p(/^subnet-([0-9a-f]{8}|[0-9a-f]{17})$/, "a subnet id (subnet-…)");
export const SECURITY_GROUP = p(/^sg-([0-9a-f]{8}|[0-9a-f]{17})$/, "a security group id (sg-…)");
// AWS: S3 User Guide, "General purpose bucket naming rules": 3 to 63 lower-case letters, digits,
// '.' and '-', beginning and ending with a letter or digit, no '..', not an IP address, none of the
// prefixes xn--, sthree-, amzn-s3-demo- and none of the suffixes AWS reserves for access point
// aliases (-s3alias, --ol-s3), Multi-Region Access Points (.mrap), directory buckets (--x-s3) and
// table buckets (--table-s3): a name S3 can never give a general purpose bucket grants nothing.
export const BUCKET = p(
  /^(?!xn--|sthree-|amzn-s3-demo-)(?!.*\.\.)(?!\d+\.\d+\.\d+\.\d+$)(?!.*(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
  'a valid S3 bucket name (S3 User Guide, "General purpose bucket naming rules")',
);
// `${` opens an IAM policy variable (IAM User Guide, "IAM policy elements: Variables and tags"):
// a prefix written into a policy as `${aws:username}/` would name each caller's own folder, not
// the literal prefix the spec declares, and reach other datasets.
export const PREFIX = p(
  /^(?!\/)(?!.*\$\{)[^*?]*$/,
  "an S3 key prefix without wildcards ('*', '?'), policy variables ('${') or a leading '/'",
);
/**
 * An OIDC audience or subject, written into a trust policy's condition: printable Latin-1 (what an
 * IAM policy may hold) and no policy variable, which IAM would resolve from the request
 * (`${token.actions.githubusercontent.com:sub}` equals every token's own subject).
 */
export const OIDC_VALUE = p(
  /^(?!.*\$\{)[\u0020-\u00ff]+$/,
  "a literal value of printable Latin-1 characters without policy variables ('${')",
);
export const BEDROCK_MODEL = p(/^[a-z0-9-]+\.[A-Za-z0-9.:*?-]+$|^\*$/, "a Bedrock model id or pattern");
export const ACTION = p(/^[a-z0-9-]+:[A-Za-z0-9*?]+$/, "an action such as s3:GetObject");
export const ECR_REPOSITORY = p(/^[a-z0-9]+([._/-][a-z0-9*]+)*$/, "an ECR repository name");
