import type { Spec } from "../input/team-spec/types.js";
import type { ClientContext } from "../model/types.js";
import type { Statement } from "../policy/types.js";
import { arn, sortUnique, statement } from "./build.js";
import type { Activity, ActivityContext, TeamContext } from "./types.js";

/**
 * Bedrock's `Converse` and `ConverseStream` APIs have no IAM actions of their own: they are
 * authorized as `bedrock:InvokeModel` and `bedrock:InvokeModelWithResponseStream`
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/inference-prereq.html), so granting those
 * two grants all four APIs.
 */
export const BEDROCK_INVOKE_ACTIONS = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];

/**
 * The organization's Bedrock guardrail as an ARN, the only form IAM accepts in `Resource` and the
 * form `bedrock:GuardrailIdentifier` is compared with: a bare id (`abcd1234efgh`) names the
 * guardrail of that id in the spec's home region and account
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrock.html,
 * resource type `guardrail`).
 */
export function bedrockGuardrailArn(
  spec: Pick<ActivityContext["spec"], "guardrails" | "partition" | "region" | "account">,
) {
  const guardrail = spec.guardrails.bedrock?.guardrail;
  if (!guardrail || guardrail.startsWith("arn:")) return guardrail;
  return `arn:${spec.partition}:bedrock:${spec.region}:${spec.account}:guardrail/${guardrail}`;
}

/**
 * Foundation-model and inference-profile ARNs for the approved models, in every allowed region:
 * sorted by code unit, without repeats.
 */
export function bedrockModelArns(ctx: Pick<ActivityContext, "spec" | "partition" | "account" | "region">): string[] {
  const models = sortUnique(ctx.spec.guardrails.bedrock?.models ?? []);
  const regions = ctx.spec.guardrails.allowedRegions.length > 0 ? ctx.spec.guardrails.allowedRegions : [ctx.region];
  // Per region two runs, each a fixed prefix before the sorted models: sorted runs. Placed in the
  // order of their prefixes, they are sorted as a whole (a guardrail of 40,000 model patterns is
  // not sorted again as 80,000 ARNs); `sortUnique` only checks that, and sorts if not.
  const runs: Array<{ prefix: string; out: string[] }> = [];
  for (const region of sortUnique(regions)) {
    const foundation = arn(ctx, "bedrock", "foundation-model/", { region, account: "" });
    // System-defined cross-region inference profiles are named `<geo>.<model id>`.
    const profile = arn(ctx, "bedrock", "inference-profile/*.", { region });
    runs.push({ prefix: foundation, out: models.map((m) => foundation + m) });
    runs.push({ prefix: profile, out: models.map((m) => profile + m) });
  }
  runs.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
  return sortUnique(runs.flatMap((r) => r.out));
}

function bedrockStatements(ctx: TeamContext): Statement[] {
  const guardrail = bedrockGuardrailArn(ctx.spec);
  // Sorted: the lists filtered from it below are then sorted already (`statement` only checks).
  const resources = bedrockModelArns(ctx);
  if (resources.length === 0) return [];
  const out: Statement[] = [
    statement(
      "BedrockInvokeApprovedModels",
      BEDROCK_INVOKE_ACTIONS,
      resources,
      // The guardrail may be named with or without a version (`<arn>` or `<arn>:<version>`).
      guardrail ? { StringLike: { "bedrock:GuardrailIdentifier": [guardrail, `${guardrail}:*`] } } : undefined,
    ),
    statement("BedrockDescribeApprovedModels", ["bedrock:GetFoundationModel"], resources.filter(isFoundationModel)),
    statement(
      "BedrockDescribeInferenceProfiles",
      ["bedrock:GetInferenceProfile"],
      resources.filter((r) => !isFoundationModel(r)),
    ),
    statement("BedrockListModels", ["bedrock:ListFoundationModels", "bedrock:ListInferenceProfiles"], ["*"]),
  ];
  if (guardrail) out.push(statement("BedrockApplyGuardrail", ["bedrock:ApplyGuardrail"], [guardrail]));
  return out;
}

/**
 * The organization's approved Bedrock client invokes models through the configured guardrail, as
 * the SDK's `guardrailIdentifier` sends it: access tests assume `bedrock:GuardrailIdentifier` for
 * the invoke actions (printed with the result), and the policies still deny any call without it
 * (https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-permissions-id.html).
 */
export function bedrockClientContext(
  spec: Pick<Spec, "guardrails" | "partition" | "region" | "account">,
): ClientContext[] {
  const guardrail = bedrockGuardrailArn(spec);
  if (!guardrail) return [];
  return [
    {
      actions: BEDROCK_INVOKE_ACTIONS.map((a) => a.toLowerCase()),
      context: { "bedrock:GuardrailIdentifier": guardrail },
      reason: "the organization's Bedrock client invokes models through guardrails.bedrock.guardrail",
    },
  ];
}

const isFoundationModel = (resource: string) => resource.includes(":foundation-model/");

export const bedrock: Activity = {
  perTeam: true,
  id: "bedrock",
  title: "Bedrock models",
  description:
    "Invoke (InvokeModel, Converse and their streaming forms) the approved foundation models and inference " +
    "profiles only, through the organization's guardrail when one is configured.",
  services: ["bedrock"],
  docs: [
    "https://docs.aws.amazon.com/bedrock/latest/userguide/inference-prereq.html",
    "https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-permissions-id.html",
    "https://docs.aws.amazon.com/bedrock/latest/userguide/cross-region-inference-prereq.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrock.html",
  ],
  statements: bedrockStatements,
};
