/**
 * The guardrail properties a spec implies, derived from `guardrails:` with no hand-written cases
 * and proven for every principal of the compiled model over every request (every action of the
 * catalog and those a wildcard would grant later, every resource, every context not fixed by who
 * the principal is). Each property is a `proveNever` pattern whose exceptions are exactly the
 * compiler's own (src/activities/guardrails.ts), so a property fails only where the compiled
 * policies are wider than the guardrail says:
 *
 * - `guardrail/regions` (when `allowedRegions` is not empty), every principal: no action outside
 *   the global-service exemptions (`GLOBAL_SERVICE_ACTIONS`: IAM, STS, Organizations, billing,
 *   CloudFront, Route 53, ... and `ec2:DescribeRegions`, `s3:ListAllMyBuckets`, whose requests carry
 *   `us-east-1` whatever the caller's region) is allowed with `aws:RequestedRegion` outside the list.
 * - `guardrail/mfa` (when `requireMfa` and `identity: iam-users`), every IAM user: no action but the
 *   MFA set-up actions (`MFA_SETUP_ACTIONS`) is allowed with `aws:MultiFactorAuthPresent` absent or
 *   `false`. Roles (execution roles, and every principal with `iam-roles` / `identity-center`,
 *   whose sign-in enforces MFA) carry no MFA key: the compiler applies no MFA Deny to them, and no
 *   property is generated.
 * - `guardrail/instance-types`, every principal: no training, tuning or processing job, notebook or
 *   space, or endpoint configuration is created with any `sagemaker:InstanceTypes` value outside
 *   that family's list, and no `ec2:RunInstances` / `ec2:StartInstances` on an instance of the
 *   account carries an `ec2:InstanceType` outside `ec2InstanceTypes` (an empty list: any type).
 * - `guardrail/bedrock-models`, every principal: `bedrock:InvokeModel` and
 *   `bedrock:InvokeModelWithResponseStream` (which also authorize Converse and ConverseStream) are
 *   never allowed on a resource other than an approved model's foundation-model ARN or a
 *   cross-region inference profile of it (`*.<model>`), in any region and account (regions are the
 *   region property's concern).
 * - `guardrail/model-approval`, every principal that is not an approver (persona `mlops`, its own
 *   or a group's; execution roles are not approvers, which also closes the path of passing one to a
 *   job): neither `sagemaker:UpdateModelPackage` nor `sagemaker:CreateModelPackage` is allowed
 *   with a `sagemaker:ModelApprovalStatus` other than `PendingManualApproval`.
 */
import { BEDROCK_INVOKE_ACTIONS } from "../../activities/bedrock.js";
import {
  EC2_INSTANCE_ACTIONS,
  GLOBAL_SERVICE_ACTIONS,
  MFA_SETUP_ACTIONS,
  NOTEBOOK_CREATE_ACTIONS,
} from "../../activities/guardrails.js";
import { APPROVER_PERSONA } from "../../activities/models.js";
import { TRAINING_CREATE_ACTIONS } from "../../activities/training.js";
import type { GuardrailsSpec } from "../../input/team-spec/types.js";
import type { AccessModel, ModelPrincipal } from "../../model/types.js";
import type { ConditionBlock } from "../../policy/types.js";
import type { RequestPattern } from "./prove.js";

/**
 * One property: for each principal it applies to, none of the `checks` patterns is ever allowed.
 * Plain data (no functions), so it can be sent to a worker or written into a report.
 */
export interface PropertyDefinition {
  /** Stable id: `guardrail/regions`, `guardrail/mfa`, ..., `never/1`. */
  id: string;
  /** What is proven of each principal, after its id (`acts only in us-east-1, us-west-2`). */
  title: string;
  /** Which principals: all (default), or only these kinds, or all but these personas' members. */
  principals?: { kinds?: ModelPrincipal["kind"][]; exceptPersonas?: string[]; ids?: string[] };
  /** `never` (default): violated when any request of a check is allowed; `always`: when one is not. */
  expect?: "never" | "always";
  /** The requests the property is about, one solver question each. */
  checks: RequestPattern[];
}

/** What the guardrail properties read of a spec. */
export interface GuardrailSource {
  guardrails: GuardrailsSpec;
  identity: "iam-users" | "iam-roles" | "identity-center";
}

/** Any value of a multi-valued instance-type key outside the list (none allowed: any value). */
function typeOutside(key: string, patterns: readonly string[], multi: boolean): ConditionBlock {
  if (patterns.length === 0) return { Null: { [key]: ["false"] } };
  return multi
    ? { "ForAnyValue:StringNotLike": { [key]: [...patterns] } }
    : { StringNotLike: { [key]: [...patterns] }, Null: { [key]: ["false"] } };
}

/** The guardrail properties of a spec (see the module comment), in a fixed order. */
export function guardrailProperties(
  source: GuardrailSource,
  where: Pick<AccessModel, "partition" | "account">,
): PropertyDefinition[] {
  const g = source.guardrails;
  const out: PropertyDefinition[] = [];
  if (g.allowedRegions.length > 0) {
    const regions = [...g.allowedRegions].sort();
    out.push({
      id: "guardrail/regions",
      title: `acts only in ${regions.join(", ")} (global services excepted)`,
      checks: [
        {
          action: "*",
          notAction: [...GLOBAL_SERVICE_ACTIONS],
          condition: { StringNotEquals: { "aws:RequestedRegion": regions } },
        },
      ],
    });
  }
  if (g.requireMfa && source.identity === "iam-users") {
    out.push({
      id: "guardrail/mfa",
      title: "acts only with MFA (MFA set-up excepted)",
      principals: { kinds: ["user"] },
      checks: [
        {
          action: "*",
          notAction: [...MFA_SETUP_ACTIONS],
          condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } },
        },
      ],
    });
  }
  const sagemaker = "sagemaker:InstanceTypes";
  out.push({
    id: "guardrail/instance-types",
    title: "launches compute only on the guardrails' instance types",
    checks: [
      { action: [...TRAINING_CREATE_ACTIONS], condition: typeOutside(sagemaker, g.trainingInstanceTypes, true) },
      { action: [...NOTEBOOK_CREATE_ACTIONS], condition: typeOutside(sagemaker, g.notebookInstanceTypes, true) },
      { action: ["sagemaker:CreateEndpointConfig"], condition: typeOutside(sagemaker, g.endpointInstanceTypes, true) },
      {
        action: [...EC2_INSTANCE_ACTIONS],
        resource: `arn:${where.partition}:ec2:*:${where.account}:instance/*`,
        condition: typeOutside("ec2:InstanceType", g.ec2InstanceTypes, false),
      },
    ],
  });
  const models = [...(g.bedrock?.models ?? [])].sort();
  const approved = models.flatMap((m) => [
    `arn:${where.partition}:bedrock:*::foundation-model/${m}`,
    `arn:${where.partition}:bedrock:*:*:inference-profile/*.${m}`,
  ]);
  out.push({
    id: "guardrail/bedrock-models",
    title: models.length > 0 ? `invokes only the approved models (${models.join(", ")})` : "invokes no Bedrock model",
    checks: [{ action: [...BEDROCK_INVOKE_ACTIONS], ...(approved.length > 0 ? { notResource: approved } : {}) }],
  });
  out.push({
    id: "guardrail/model-approval",
    title: `never approves or rejects a model version (only ${APPROVER_PERSONA} does)`,
    principals: { exceptPersonas: [APPROVER_PERSONA] },
    checks: [
      {
        action: ["sagemaker:CreateModelPackage", "sagemaker:UpdateModelPackage"],
        condition: {
          StringNotEquals: { "sagemaker:ModelApprovalStatus": ["PendingManualApproval"] },
          Null: { "sagemaker:ModelApprovalStatus": ["false"] },
        },
      },
    ],
  });
  return out;
}

/** Does the property apply to this principal? (Personas: its own and its groups'.) */
export function appliesTo(model: AccessModel, def: PropertyDefinition, p: ModelPrincipal): boolean {
  const sel = def.principals;
  if (!sel) return true;
  if (sel.ids && !sel.ids.includes(p.id)) return false;
  if (sel.kinds && !sel.kinds.includes(p.kind)) return false;
  if (sel.exceptPersonas) {
    const personas = new Set<string>();
    if (p.persona) personas.add(p.persona);
    for (const gid of p.groups) {
      const persona = model.groups.find((g) => g.id === gid)?.persona;
      if (persona) personas.add(persona);
    }
    if (sel.exceptPersonas.some((x) => personas.has(x))) return false;
  }
  return true;
}
