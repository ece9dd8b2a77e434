import { z } from "zod";
import { CLASSIFICATIONS } from "./classification.js";
import type { SPEC_FIELDS } from "./fields.js";
import * as P from "./patterns.js";
import { ACTIVITY_IDS, BUILT_IN_PERSONAS } from "./vocabulary.js";

/**
 * The spec file format as one typed schema (zod): every field a spec file may hold, with its type,
 * the values it accepts and what it means. From it come the published JSON Schema
 * (`schema/spec.schema.json`, for editors through `# yaml-language-server: $schema=…`), the spec
 * reference (`docs/spec.md`); the loader accepts exactly its fields (fields.ts, held equal by a
 * test) and keeps its own reading so every diagnostic has a file, line and column. The loader does
 * not import this module: loading zod would double the time to read a spec.
 *
 * It describes one file: a spec may be split across files (an organization file, one file per
 * team) that the loader merges, so no top-level field is required here; the loader says which are
 * required once the files are merged.
 */

const pattern = (p: { re: RegExp; expected: string }, description: string) =>
  z
    .string()
    .regex(p.re, { message: `expected ${p.expected}` })
    .describe(description);

/** A string, or a list of them (the loader accepts both wherever a list is expected). */
const oneOrMany = <T extends z.ZodType>(item: T, description: string) =>
  z.union([item, z.array(item)]).describe(description);

/** A string, or a list of at least one (an empty list is an error where the spec needs an entry). */
const oneOrMore = <T extends z.ZodType>(item: T, description: string) =>
  z.union([item, z.array(item).min(1)]).describe(description);

const account = z
  .union([z.string().regex(P.ACCOUNT.re), z.int().min(0).max(999_999_999_999)])
  .describe("A 12-digit AWS account id. Quote it: unquoted, YAML reads it as a number and loses leading zeros.");

const trust = z
  .strictObject({
    samlProvider: pattern(
      P.SAML_PROVIDER,
      "A SAML provider ARN: people sign in through it (SAML:aud is AWS sign-in).",
    ).optional(),
    oidcProvider: pattern(
      P.OIDC_PROVIDER,
      "An OIDC provider ARN (e.g. GitHub Actions'). Requires oidcAudience and subjects (here or per team).",
    ).optional(),
    oidcAudience: pattern(P.OIDC_VALUE, "The tokens' audience (`<provider>:aud`), e.g. sts.amazonaws.com.").optional(),
    oidcSubjects: oneOrMany(
      pattern(P.OIDC_VALUE, "A token subject or pattern."),
      "Token subjects (`<provider>:sub`, `*` and `?` wildcards) that may assume every team's persona roles, unless " +
        "a team names its own (teams.<team>.oidcSubjects). E.g. repo:acme/platform:ref:refs/heads/main.",
    ).optional(),
    accounts: z
      .array(account)
      .min(1)
      .describe("Account principals allowed to assume the roles (default: the spec's own account).")
      .optional(),
    requireMfa: z
      .boolean()
      .describe("Account principals must have signed in with MFA (default: guardrails.requireMfa).")
      .optional(),
  })
  .describe("How persona roles are assumed (identity: iam-roles): one SAML or OIDC provider, or accounts.");

const network = z
  .strictObject({
    subnets: oneOrMore(pattern(P.SUBNET, "A subnet id."), "Subnets jobs and notebooks must run in."),
    securityGroups: oneOrMore(
      pattern(P.SECURITY_GROUP, "A security group id."),
      "Security groups jobs and notebooks must use.",
    ),
  })
  .describe("The VPC every job, notebook and endpoint must run in.");

const bedrock = z
  .strictObject({
    models: oneOrMany(pattern(P.BEDROCK_MODEL, "A model id or pattern."), "Approved foundation models.").optional(),
    guardrail: pattern(
      P.BEDROCK_GUARDRAIL,
      "The Bedrock guardrail every invocation must go through: its ARN, or its id (made an ARN in the spec's region and account).",
    ).optional(),
  })
  .describe("Approved Bedrock models and the guardrail.");

const guardrails = z
  .strictObject({
    allowedRegions: oneOrMore(pattern(P.REGION, "An AWS region."), "Regions every request must be made in.").optional(),
    allowUnknownRegions: z
      .boolean()
      .describe(
        "Accept region names not in ai-iam's list of AWS Regions (with a warning) instead of rejecting them as typos.",
      )
      .optional(),
    requireMfa: z.boolean().describe("Every request of a signed-in member requires MFA.").optional(),
    trainingInstanceTypes: oneOrMany(
      pattern(P.ML_INSTANCE, "A SageMaker instance type or pattern (ml.g5.*)."),
      "Instance types training jobs may use; none: no training.",
    ).optional(),
    notebookInstanceTypes: oneOrMany(
      pattern(P.ML_INSTANCE, "A SageMaker instance type or pattern."),
      "Instance types notebooks may use.",
    ).optional(),
    endpointInstanceTypes: oneOrMany(
      pattern(P.ML_INSTANCE, "A SageMaker instance type or pattern."),
      "Instance types endpoints may use.",
    ).optional(),
    ec2InstanceTypes: oneOrMany(
      pattern(P.EC2_INSTANCE, "An EC2 instance type or pattern (g5.*)."),
      "Instance types EC2 GPU instances may use.",
    ).optional(),
    maxTrainingSeconds: z
      .int()
      .min(1)
      .max(28 * 24 * 3600)
      .describe("The longest a training job may run (SageMaker allows 28 days).")
      .optional(),
    network: network.optional(),
    kmsKey: pattern(
      P.KMS_KEY_ARN,
      "The organization's KMS key: data and volumes must be encrypted with it.",
    ).optional(),
    bedrock: bedrock.optional(),
  })
  .describe("Limits that bind every team: no persona or activity can grant beyond them.");

const dataset = z
  .strictObject({
    bucket: pattern(P.BUCKET, "The S3 bucket."),
    prefix: pattern(P.PREFIX, "The key prefix (empty: the whole bucket).").optional(),
    classification: z
      .enum(CLASSIFICATIONS)
      .describe(
        "How sensitive the data is (default internal). confidential and restricted: granted only to teams cleared for " +
          "them (teams.<team>.clearance), read only with MFA and TLS, written only with the dataset's KMS key.",
      )
      .optional(),
    kmsKey: pattern(P.KMS_KEY_ARN, "The dataset's own KMS key (default: guardrails.kmsKey).").optional(),
  })
  .describe("An S3 dataset: a bucket and a key prefix.");

const activityList = z
  .array(z.enum(ACTIVITY_IDS as [string, ...string[]]))
  .describe(`Activities (${ACTIVITY_IDS.join(", ")}).`);

const personaObject = z.strictObject({ description: z.string().optional(), activities: activityList });
const persona = z
  .union([activityList, personaObject])
  .describe("A custom persona: a list of activities, or { description, activities }.");

const team = z
  .strictObject({
    datasets: z
      .record(z.string(), z.enum(["read", "write"]))
      .describe("Datasets the team reads or writes (write includes read).")
      .optional(),
    activities: activityList.describe("Activities every member of the team has, on top of their personas.").optional(),
    members: z
      .record(
        z.string().regex(P.MEMBER.re),
        oneOrMany(z.string(), `The member's persona(s): built-in (${BUILT_IN_PERSONAS.join(", ")}) or custom.`),
      )
      .describe("Members and the personas they play."),
    sharedImages: oneOrMany(
      pattern(P.ECR_REPOSITORY, "An ECR repository name or pattern outside every team's <org>/<team>/ namespace."),
      "Shared ECR repositories the team may pull from (its own are <org>/<team>/*).",
    ).optional(),
    oidcSubjects: oneOrMore(
      pattern(P.OIDC_VALUE, "A token subject or pattern."),
      "OIDC token subjects that may assume this team's persona roles (instead of trust.oidcSubjects).",
    ).optional(),
    clearance: z
      .enum(CLASSIFICATIONS)
      .describe("The highest dataset classification the team may be granted (default internal).")
      .optional(),
  })
  .describe("A team: its members, their personas, its datasets.");

const identityCenter = z
  .strictObject({
    instanceArn: pattern(P.SSO_INSTANCE, "The Identity Center instance ARN.").optional(),
    identityStoreId: pattern(P.IDENTITY_STORE, "The identity store id.").optional(),
  })
  .describe("The Identity Center instance (identity: identity-center); may also come from stack config.");

const quotaValue = (label: string, max: string) =>
  z.number().int().min(1).describe(`The account's quota "${label}" after a granted increase (${max}).`).optional();

const quotas = z
  .strictObject({
    users: quotaValue("Users in an AWS account", "5,000: not adjustable"),
    groups: quotaValue("Groups in an AWS account", "default 300, at most 500"),
    roles: quotaValue("Roles in an AWS account", "default 1,000, at most 5,000"),
    customerManagedPolicies: quotaValue("Customer managed policies in an AWS account", "default 1,500, at most 5,000"),
    permissionSets: quotaValue("Number of permission sets allowed in IAM Identity Center", "default 2,000"),
    provisionedPermissionSets: quotaValue(
      "Number of provisioned permission sets allowed per AWS account",
      "default 250",
    ),
  })
  .describe(
    "Account quotas AWS raised for the spec's account on request (Service Quotas), where they differ from the " +
      "defaults. The compiler counts the IAM users, groups, roles (permission sets count as roles), customer " +
      "managed policies and permission sets the spec creates: above AWS's maximum (users 5,000; groups 500; " +
      "roles and customer managed policies 5,000) or above a quota declared here is an error; above a default " +
      "with none declared, a warning to request an increase. What the account holds besides the spec's entities " +
      "counts against the same quotas.",
  );

const contextValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

const specTest = z
  .strictObject({
    principal: z
      .string()
      .describe("team/member, team/execution-role or team/<persona>; with never/always also a pattern (nlp/*)."),
    action: pattern(P.ACTION, "The action, e.g. s3:GetObject; with never/always also a pattern (s3:*)."),
    resource: z.string().describe("The resource ARN; with never/always also a Resource pattern (arn:aws:s3:::b/*)."),
    expect: z
      .enum(["allow", "deny", "never", "always"])
      .describe(
        "allow/deny: the one request, decided by the engine. never: no matching request is allowed in any " +
          "context carrying `context`; always: every matching request is allowed in every such context " +
          "(both proven with the SMT solver, with a counterexample when false).",
      ),
    context: z
      .record(z.string(), contextValue)
      .describe("Request context keys; `key: null`: the request does not carry the key.")
      .optional(),
  })
  .describe("An access test: `ai-iam test` decides it with the engine (allow/deny) or the solver (never/always).");

const suppression = z
  .strictObject({
    rule: z.string().describe("The check's rule id."),
    principal: z.string().describe("Only for this principal (team/member, team/<persona>).").optional(),
    policy: z.string().describe("Only for this policy id.").optional(),
    reason: z.string().min(1).describe("Why: required, shown in reports."),
  })
  .describe("A check finding accepted on purpose, with its reason.");

/** One spec file. */
export const specFileSchema = z
  .strictObject({
    version: z.literal(1).describe("The spec format version: 1."),
    organization: pattern(P.NAME, "The organization's name: the first part of every AWS name."),
    account,
    region: pattern(P.REGION, "The home region."),
    partition: z.enum(["aws", "aws-cn", "aws-us-gov"]).describe("The AWS partition (default aws)."),
    identity: z
      .enum(["iam-users", "iam-roles", "identity-center"])
      .describe("How people get access: IAM users in groups, roles they assume, or Identity Center permission sets."),
    trust,
    identityCenter,
    guardrails,
    quotas,
    datasets: z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/), dataset).describe("Datasets by name."),
    personas: z.record(z.string().regex(P.NAME.re), persona).describe("Custom personas by name."),
    teams: z.record(z.string().regex(P.NAME.re), team).describe("Teams by name."),
    tests: z.array(specTest).describe("Access tests."),
    suppress: z.array(suppression).describe("Accepted check findings."),
  })
  .partial()
  .describe("An ai-iam team spec file (version 1). A spec may be one file or several that are merged.");

/**
 * The fields of each mapping as this schema declares them; the loader reads `SPEC_FIELDS`
 * (fields.ts, which does not load zod), and test/input/team-spec/schema.test.ts holds the two equal.
 */
export function schemaFields(): Record<keyof typeof SPEC_FIELDS, string[]> {
  return {
    topLevel: Object.keys(specFileSchema.shape),
    trust: Object.keys(trust.shape),
    identityCenter: Object.keys(identityCenter.shape),
    guardrails: Object.keys(guardrails.shape),
    quotas: Object.keys(quotas.shape),
    network: Object.keys(network.shape),
    bedrock: Object.keys(bedrock.shape),
    persona: Object.keys(personaObject.shape),
    dataset: Object.keys(dataset.shape),
    team: Object.keys(team.shape),
    test: Object.keys(specTest.shape),
    suppression: Object.keys(suppression.shape),
  };
}

/**
 * The JSON Schema (draft-07, which every YAML language server reads) of one spec file, as
 * published in `schema/spec.schema.json`.
 */
export function specJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(specFileSchema, { target: "draft-7" }) as Record<string, unknown>;
  return { ...schema, title: "ai-iam team spec" };
}
