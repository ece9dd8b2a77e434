import type { ConditionBlock, Statement } from "../policy/types.js";
import { AWS_USERNAME, notActionStatement, statement } from "./build.js";
import { executionRoleStatements } from "./execution-role.js";
import { TRAINING_CREATE_ACTIONS } from "./training.js";
import type { Activity, ActivityContext, TeamContext } from "./types.js";

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

/** IAM actions a member keeps despite the IAM guardrail: reading, and passing the team's role. */
const IAM_KEPT_ACTIONS = ["iam:Get*", "iam:List*", "iam:PassRole"];

const BOUNDARY_ACTIONS = [
  "iam:DeletePolicy",
  "iam:DeletePolicyVersion",
  "iam:DeleteRolePermissionsBoundary",
  "iam:DeleteUserPermissionsBoundary",
  "iam:PutRolePermissionsBoundary",
  "iam:PutUserPermissionsBoundary",
  "iam:CreatePolicyVersion",
  "iam:SetDefaultPolicyVersion",
];

const NOTEBOOK_CREATE_ACTIONS = [
  "sagemaker:CreateApp",
  "sagemaker:CreateNotebookInstance",
  "sagemaker:CreateSpace",
  "sagemaker:UpdateNotebookInstance",
  "sagemaker:UpdateSpace",
];

export interface GuardrailContext extends TeamContext {}

/** Resolves an activity id (the activity list lives in index.ts, which imports this module). */
export type ActivityLookup = (id: string) => Activity | undefined;

/** The team's self-service Allow statements: with `requireMfa` and IAM users, managing one's own MFA. */
export function selfServiceStatements(ctx: GuardrailContext): Statement[] {
  if (!mfaApplies(ctx)) return [];
  const iam = (resource: string) => `arn:${ctx.partition}:iam::${ctx.account}:${resource}`;
  return [
    statement("SelfServiceCreateOwnMfaDevice", ["iam:CreateVirtualMFADevice"], [iam(`mfa/${AWS_USERNAME}`)]),
    statement(
      "SelfServiceOwnUser",
      MFA_SETUP_ACTIONS.filter(
        (a) => a.startsWith("iam:") && !NO_RESOURCE_MFA_ACTIONS.includes(a) && a !== "iam:CreateVirtualMFADevice",
      ),
      [iam(`user/${AWS_USERNAME}`)],
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
  const ec2Actions = ["ec2:RunInstances", "ec2:StartInstances"];
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
  if (g.maxTrainingSeconds !== undefined) {
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
      notActionStatement("GuardrailDenyWithoutMfa", MFA_SETUP_ACTIONS, ["*"], {
        BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] },
      }),
    );
  }
  const iamResources = `arn:${ctx.partition}:iam::${ctx.account}:*`;
  const keptIam = [
    ...IAM_KEPT_ACTIONS,
    ...(mfaApplies(ctx) ? MFA_SETUP_ACTIONS.filter((a) => a.startsWith("iam:")) : []),
  ];
  out.push(
    // Any action on an IAM resource (users, roles, groups, policies, MFA devices) but reading it,
    // passing the team's role, and (with IAM users under requireMfa) setting up one's own MFA.
    notActionStatement("GuardrailDenyIamChanges", keptIam, [iamResources], {}),
    statement("GuardrailDenyBoundaryChanges", BOUNDARY_ACTIONS, ["*"], undefined, "Deny"),
    statement(
      "GuardrailDenyTeamTagRemoval",
      ["ec2:DeleteTags", "sagemaker:DeleteTags"],
      ["*"],
      { "ForAnyValue:StringEquals": { "aws:TagKeys": [ctx.teamTag.key, "owner"] } },
      "Deny",
    ),
  );
  if (mfaApplies(ctx)) {
    const own = [
      `arn:${ctx.partition}:iam::${ctx.account}:mfa/${AWS_USERNAME}`,
      `arn:${ctx.partition}:iam::${ctx.account}:user/${AWS_USERNAME}`,
    ];
    out.push({
      Sid: "GuardrailDenyOthersMfa",
      Effect: "Deny",
      Action: MFA_SETUP_ACTIONS.filter((a) => a.startsWith("iam:") && !NO_RESOURCE_MFA_ACTIONS.includes(a)).sort(),
      NotResource: own.sort(),
    });
  }
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

/**
 * The team's permissions boundary: the union of every statement any of the team's principals can
 * receive (each persona in use, the team's extra activities, the execution role, self-service),
 * with conditions dropped and statements merged by resource. It is a ceiling, not a grant: the
 * identity policies keep the conditions, the denies hold the guardrails, and attaching a broader
 * policy to a member can never reach past the team's own activities and resources.
 */
export function boundaryEnvelope(
  ctx: GuardrailContext,
  activityContexts: ActivityContext[],
  lookup: ActivityLookup,
  activitiesOf: (persona: string) => string[],
): Statement[] {
  const byResources = new Map<string, Set<string>>();
  const add = (s: Statement) => {
    if (s.Effect !== "Allow" || !s.Action || !s.Resource) return;
    const key = [...s.Resource].sort().join("\n");
    const actions = byResources.get(key) ?? new Set<string>();
    for (const action of s.Action) actions.add(action);
    byResources.set(key, actions);
  };
  for (const actx of activityContexts) {
    for (const id of activitiesOf(actx.persona)) lookup(id)?.statements(actx).forEach(add);
  }
  executionRoleStatements(ctx).forEach(add);
  selfServiceStatements(ctx).forEach(add);
  const keys = [...byResources.keys()].sort();
  return keys.map((key, i) =>
    statement(`Boundary${String(i + 1).padStart(2, "0")}`, [...byResources.get(key)!], key.split("\n")),
  );
}
