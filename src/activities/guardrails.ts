import type { ConditionBlock, Statement } from "../policy/types.js";
import { AWS_USERNAME, notActionStatement, statement } from "./build.js";
import { classifiedDatasetDenies } from "./datasets.js";
import { executionRoleStatements } from "./execution-role.js";
import { TRAINING_CREATE_ACTIONS } from "./training.js";
import type { TeamContext } from "./types.js";

/**
 * Services (and single actions) served from one global endpoint, whose requests carry
 * `aws:RequestedRegion = us-east-1` whatever region the caller works in; the region deny exempts
 * them, as AWS's example "Deny access to AWS based on the requested AWS Region" does
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html).
 */
export const GLOBAL_SERVICE_ACTIONS = [
  "a4b:*",
  "account:*",
  "aws-marketplace-management:*",
  "aws-marketplace:*",
  "aws-portal:*",
  "billing:*",
  "budgets:*",
  "ce:*",
  "chime:*",
  "cloudfront:*",
  "cur:*",
  "directconnect:*",
  "ec2:DescribeRegions",
  "globalaccelerator:*",
  "health:*",
  "iam:*",
  "importexport:*",
  "networkmanager:*",
  "organizations:*",
  "pricing:*",
  "route53:*",
  "route53domains:*",
  "s3:ListAllMyBuckets",
  "shield:*",
  "sts:*",
  "support:*",
  "trustedadvisor:*",
  "waf:*",
  "wafv2:*",
  "wellarchitected:*",
];

/**
 * What an IAM user must be able to do before signing in with MFA: see themselves, set up and
 * resynchronize their own virtual MFA device, change their password, get a session token
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html).
 */
export const MFA_SETUP_ACTIONS = [
  "iam:ChangePassword",
  "iam:CreateVirtualMFADevice",
  "iam:EnableMFADevice",
  "iam:GetAccountPasswordPolicy",
  "iam:GetMFADevice",
  "iam:GetUser",
  "iam:ListMFADevices",
  "iam:ListVirtualMFADevices",
  "iam:ResyncMFADevice",
  "sts:GetSessionToken",
];

/**
 * IAM actions a member keeps despite the IAM guardrail: reading, and passing the team's role.
 * Everything else on an IAM resource is denied, which includes changing the guardrails
 * themselves: the boundary policy's versions, and putting or deleting permissions boundaries.
 */
const IAM_KEPT_ACTIONS = ["iam:Get*", "iam:List*", "iam:PassRole"];

/** The creates that start notebook compute (`guardrails.notebookInstanceTypes` bounds them). */
export const NOTEBOOK_CREATE_ACTIONS = [
  "sagemaker:CreateApp",
  "sagemaker:CreateNotebookInstance",
  "sagemaker:CreateSpace",
  "sagemaker:UpdateNotebookInstance",
  "sagemaker:UpdateSpace",
];

/** The EC2 actions that start an instance (`guardrails.ec2InstanceTypes` bounds them). */
export const EC2_INSTANCE_ACTIONS = ["ec2:RunInstances", "ec2:StartInstances"];

export interface GuardrailContext extends TeamContext {}

/**
 * The guardrails' Denies and the self-service Allows depend on the spec (its guardrails, identity
 * mode, datasets), its partition and account, never on the team: built once per spec and shared by
 * every team (statements are never mutated). Without this, every team rebuilt them, and the
 * classified-dataset Denies walked every dataset of the spec: teams × datasets.
 */
// Keyed by the spec's guardrails and datasets objects (a spec whose guardrails or datasets are
// replaced gets fresh statements), then by what else they read.
const perSpec = new WeakMap<object, WeakMap<object, Map<string, Statement[]>>>();

function onceForSpec(
  kind: string,
  ctx: Pick<GuardrailContext, "spec" | "partition" | "account">,
  build: () => Statement[],
): Statement[] {
  let byGuardrails = perSpec.get(ctx.spec.guardrails);
  if (!byGuardrails) {
    byGuardrails = new WeakMap();
    perSpec.set(ctx.spec.guardrails, byGuardrails);
  }
  let bySpec = byGuardrails.get(ctx.spec.datasets);
  if (!bySpec) {
    bySpec = new Map();
    byGuardrails.set(ctx.spec.datasets, bySpec);
  }
  const key = `${kind}|${ctx.spec.identity}|${ctx.partition}|${ctx.account}`;
  let out = bySpec.get(key);
  if (!out) {
    out = build();
    bySpec.set(key, out);
  }
  return out;
}

/** The team's self-service Allow statements: with `requireMfa` and IAM users, managing one's own MFA. */
export function selfServiceStatements(ctx: GuardrailContext): Statement[] {
  return onceForSpec("self-service", ctx, () => buildSelfServiceStatements(ctx));
}

function buildSelfServiceStatements(ctx: GuardrailContext): Statement[] {
  if (!mfaApplies(ctx)) return [];
  const iam = (resource: string) => `arn:${ctx.partition}:iam::${ctx.account}:${resource}`;
  return [
    statement("SelfServiceCreateOwnMfaDevice", ["iam:CreateVirtualMFADevice"], [iam(`mfa/${AWS_USERNAME}`)]),
    statement(
      "SelfServiceOwnUser",
      MFA_SETUP_ACTIONS.filter(
        (a) => a.startsWith("iam:") && !NO_RESOURCE_MFA_ACTIONS.includes(a) && a !== "iam:CreateVirtualMFADevice",
      ),
      // A user's ARN carries its path (`user/ai-iam/acme-ai/vision/alice`); user names are unique
      // in an account whatever the path.
      [iam(`user/${AWS_USERNAME}`), iam(`user/*/${AWS_USERNAME}`)],
    ),
    statement("SelfServiceMfaListAndSession", NO_RESOURCE_MFA_ACTIONS, ["*"]),
  ];
}

/** The MFA setup actions that are wildcard-only (no resource to scope to). */
const NO_RESOURCE_MFA_ACTIONS = ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices", "sts:GetSessionToken"];

const mfaApplies = (ctx: Pick<GuardrailContext, "spec">) =>
  ctx.spec.guardrails.requireMfa && ctx.spec.identity === "iam-users";

/** Explicit denies that hold whatever else a principal is granted. */
export function guardrailDenies(ctx: GuardrailContext): Statement[] {
  return onceForSpec("denies", ctx, () => buildGuardrailDenies(ctx));
}

function buildGuardrailDenies(ctx: GuardrailContext): Statement[] {
  const g = ctx.spec.guardrails;
  const out: Statement[] = [];
  if (g.allowedRegions.length > 0) {
    out.push(
      notActionStatement("GuardrailDenyOtherRegions", GLOBAL_SERVICE_ACTIONS, ["*"], {
        StringNotEquals: { "aws:RequestedRegion": g.allowedRegions },
      }),
    );
  }
  out.push(
    instanceTypeDeny("GuardrailDenyTrainingInstanceTypes", TRAINING_CREATE_ACTIONS, g.trainingInstanceTypes),
    instanceTypeDeny("GuardrailDenyNotebookInstanceTypes", NOTEBOOK_CREATE_ACTIONS, g.notebookInstanceTypes),
    instanceTypeDeny("GuardrailDenyEndpointInstanceTypes", ["sagemaker:CreateEndpointConfig"], g.endpointInstanceTypes),
  );
  // Scoped to instances: RunInstances is also authorized against images, subnets and volumes,
  // whose requests carry no ec2:InstanceType (a negated operator is true on a missing key).
  const ec2Instances = `arn:${ctx.partition}:ec2:*:${ctx.account}:instance/*`;
  const ec2Actions = [...EC2_INSTANCE_ACTIONS];
  out.push(
    g.ec2InstanceTypes.length > 0
      ? statement(
          "GuardrailDenyEc2InstanceTypes",
          ec2Actions,
          [ec2Instances],
          {
            StringNotLike: { "ec2:InstanceType": g.ec2InstanceTypes },
          },
          "Deny",
        )
      : statement("GuardrailDenyEc2InstanceTypes", ec2Actions, [ec2Instances], undefined, "Deny"),
  );
  // With no training instance type allowed, every training create is denied above already.
  if (g.maxTrainingSeconds !== undefined && g.trainingInstanceTypes.length > 0) {
    out.push(
      statement(
        "GuardrailDenyLongTraining",
        TRAINING_CREATE_ACTIONS,
        ["*"],
        {
          NumericGreaterThan: { "sagemaker:MaxRuntimeInSeconds": [String(g.maxTrainingSeconds)] },
        },
        "Deny",
      ),
    );
  }
  if (mfaApplies(ctx)) {
    out.push(
      // Only for IAM users: role sessions (the execution role, which shares the boundary) carry no
      // MFA key, and `BoolIfExists` would deny them everything.
      notActionStatement("GuardrailDenyWithoutMfa", MFA_SETUP_ACTIONS, ["*"], {
        BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] },
        StringEquals: { "aws:PrincipalType": ["User"] },
      }),
    );
  }
  out.push(...classifiedDatasetDenies(ctx));
  const iamResources = `arn:${ctx.partition}:iam::${ctx.account}:*`;
  const keptIam = [
    ...IAM_KEPT_ACTIONS,
    // (the MFA setup actions not already kept by iam:Get* / iam:List*)
    ...(mfaApplies(ctx) ? MFA_SETUP_ACTIONS.filter((a) => a.startsWith("iam:") && !/^iam:(Get|List)/.test(a)) : []),
  ];
  out.push(
    // Any action on an IAM resource (users, roles, groups, policies, MFA devices) but reading it,
    // passing the team's role, and (with IAM users under requireMfa) setting up one's own MFA.
    notActionStatement("GuardrailDenyIamChanges", keptIam, [iamResources], {}),
  );
  return out.map(dropEmptyCondition);
}

function dropEmptyCondition(s: Statement): Statement {
  if (s.Condition && Object.keys(s.Condition).length === 0) {
    const { Condition: _unused, ...rest } = s;
    return rest;
  }
  return s;
}

/**
 * Denies a create whose request names any instance type outside the list. `ForAnyValue` with a
 * negated operator is false on a missing key, which the allows' `Null` checks close. An empty list
 * allows none: the create is denied outright.
 */
function instanceTypeDeny(sid: string, actions: string[], patterns: string[]): Statement {
  const condition: ConditionBlock | undefined =
    patterns.length > 0 ? { "ForAnyValue:StringNotLike": { "sagemaker:InstanceTypes": patterns } } : undefined;
  return statement(sid, actions, ["*"], condition, "Deny");
}

/** Services whose resources the boundary names exactly: the data, its keys, and identity. */
const EXACT_SERVICES = new Set(["iam", "kms", "s3", "sts"]);

/**
 * The team's permissions boundary, an envelope around everything the team's principals can be
 * granted (each persona in use, the team's extra activities, the execution role, self-service):
 *
 * - data and identity exactly: the S3 actions on the team's dataset prefixes, the KMS actions on
 *   the keys, `iam:PassRole` on the team's execution role, a member's own MFA self-service;
 * - every other service the team uses at service level (`sagemaker:*`, `ecr:*`, ...) on the
 *   account's resources of that service, or on the exact resources when they are few;
 * - the wildcard-only listing actions on `*`, as `List*` / `Describe*` of each service used.
 *
 * A managed policy holds at most 6,144 characters, so the envelope cannot repeat every
 * statement; it is a ceiling, not a grant: the identity policies keep the scoping and conditions,
 * the denies keep the guardrails, and a broader policy attached to a member still cannot reach
 * another team's data or role.
 */
export function boundaryEnvelope(
  ctx: GuardrailContext,
  personas: readonly string[],
  statementsOf: (persona: string) => readonly Statement[],
): Statement[] {
  const granted: Statement[] = [];
  for (const persona of personas) granted.push(...statementsOf(persona));
  granted.push(...executionRoleStatements(ctx), ...selfServiceStatements(ctx));

  const exact = new Map<string, Set<string>>(); // resources (joined) → actions
  const listing = new Set<string>();
  const serviceResources = new Map<string, Set<string>>(); // service → resources
  // A statement object listed twice (a persona's datasets are the execution role's own) adds
  // nothing the second time.
  const seen = new Set<Statement>();
  for (const s of granted) {
    if (s.Effect !== "Allow" || !s.Action || !s.Resource || seen.has(s)) continue;
    seen.add(s);
    const wildcard = s.Resource.includes("*");
    let key: string | undefined;
    // The service whose resources this statement added last: actions are sorted, so a service's
    // are together and its resources are added once, not once per action (Bedrock's two invoke
    // actions on 80,000 model ARNs). Adding them again would change nothing but the time.
    let added: string | undefined;
    for (const action of s.Action) {
      const service = action.slice(0, action.indexOf(":"));
      if (EXACT_SERVICES.has(service)) {
        key ??= resourcesKey(s.Resource);
        const actions = exact.get(key) ?? new Set<string>();
        actions.add(action);
        exact.set(key, actions);
      } else if (wildcard) {
        const name = action.slice(service.length + 1);
        const verb = /^(List|Describe)/.exec(name)?.[1];
        listing.add(verb ? `${service}:${verb}*` : action);
      } else if (service !== added) {
        added = service;
        const resources = serviceResources.get(service) ?? new Set<string>();
        for (const r of s.Resource) resources.add(r);
        serviceResources.set(service, resources);
      }
    }
  }

  const out: Statement[] = [];
  let n = 0;
  const sid = () => `Boundary${String(++n).padStart(2, "0")}`;
  for (const key of [...exact.keys()].sort()) out.push(statement(sid(), [...exact.get(key)!], key.split("\n")));
  for (const service of [...serviceResources.keys()].sort()) {
    out.push(statement(sid(), [`${service}:*`], envelopeResources(ctx, service, serviceResources.get(service)!)));
  }
  if (listing.size > 0) out.push(statement(sid(), [...listing], ["*"]));
  return out;
}

/** A statement's resources, sorted, as one text (most are sorted already, many are one ARN). */
function resourcesKey(resources: readonly string[]): string {
  if (resources.length === 1) return resources[0];
  let sorted = true;
  for (let i = 1; i < resources.length && sorted; i++) sorted = resources[i - 1] <= resources[i];
  return (sorted ? resources : [...resources].sort()).join("\n");
}

/**
 * A service's resources in the envelope: exact when there are few, else every resource of the
 * service in the account (in any region: the region guardrail bounds regions). Account-less ARNs
 * (EC2 images, Bedrock foundation models) are kept, with their region generalized.
 */
function envelopeResources(ctx: GuardrailContext, service: string, resources: Set<string>): string[] {
  if (resources.size <= 4) return [...resources];
  const out = new Set<string>([`arn:${ctx.partition}:${service}:*:${ctx.account}:*`]);
  for (const r of resources) {
    const generalized = accountlessInAnyRegion(r);
    if (generalized !== undefined) out.add(generalized);
  }
  return [...out];
}

/**
 * An ARN whose account (its fifth `:`-separated part) is empty, with its region (the fourth) made
 * `*`; undefined for any other. Found by position: no list of parts per ARN.
 */
export function accountlessInAnyRegion(r: string): string | undefined {
  const first = r.indexOf(":");
  const second = first < 0 ? -1 : r.indexOf(":", first + 1);
  const third = second < 0 ? -1 : r.indexOf(":", second + 1);
  const fourth = third < 0 ? -1 : r.indexOf(":", third + 1);
  // The account part runs from after the fourth colon to the next colon or the end.
  if (fourth < 0 || (fourth + 1 < r.length && r[fourth + 1] !== ":")) return undefined;
  return `${r.slice(0, third + 1)}*${r.slice(fourth)}`;
}
