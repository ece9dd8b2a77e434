import type { ConditionBlock, Effect, Statement } from "../policy/types.js";
import type { ActivityContext, TeamContext } from "./types.js";

/**
 * Small builders shared by the activities. Every statement goes through `statement()`, which
 * sorts and de-duplicates actions, resources and condition values so that output never depends
 * on the order a spec was written in.
 */

/** Sorted by code unit, without repeats (a list already so, as most are, is only copied). */
export function sortUnique(values: Iterable<string>): string[] {
  const list = Array.isArray(values) ? (values as string[]) : [...values];
  for (let i = 1; i < list.length; i++) if (!(list[i - 1] < list[i])) return [...new Set(list)].sort();
  return list.slice();
}

export function statement(
  sid: string,
  actions: string[],
  resources: string[],
  condition?: ConditionBlock,
  effect: Effect = "Allow",
): Statement {
  // Keys in the order the packer writes them (compile/pack.ts, normalizeStatement): a statement
  // already in that form is packed as it is, its JSON written once however often it is packed.
  const result: Statement = { Effect: effect, Sid: sid, Action: sortUnique(actions), Resource: sortUnique(resources) };
  if (condition && Object.keys(condition).length > 0) result.Condition = normalizeCondition(condition);
  return result;
}

/**
 * Drops the Allow statements a guardrail left empty: a condition listing no values (an instance-type
 * list the spec leaves out, which allows no instance type) grants nothing IAM should be asked to
 * accept, and the engine rejects it. Dropping an Allow never widens access; Denies are kept.
 */
export function grantable(statements: Statement[]): Statement[] {
  return statements.filter(
    (s) =>
      s.Effect !== "Allow" ||
      !Object.values(s.Condition ?? {}).some((keys) => Object.values(keys).some((values) => values.length === 0)),
  );
}

/** A Deny (or Allow) with `NotAction`, for the region guardrail and the MFA guardrail. */
export function notActionStatement(
  sid: string,
  notActions: string[],
  resources: string[],
  condition: ConditionBlock,
  effect: Effect = "Deny",
): Statement {
  return {
    Effect: effect,
    Sid: sid,
    NotAction: sortUnique(notActions),
    Resource: sortUnique(resources),
    Condition: normalizeCondition(condition),
  };
}

function normalizeCondition(condition: ConditionBlock): ConditionBlock {
  const out: ConditionBlock = {};
  for (const operator of Object.keys(condition).sort()) {
    const keys: Record<string, string[]> = {};
    for (const key of Object.keys(condition[operator]).sort()) keys[key] = sortUnique(condition[operator][key]);
    out[operator] = keys;
  }
  return out;
}

/** Merges condition blocks (later operators/keys win; callers never collide on a key). */
export function conditions(...blocks: Array<ConditionBlock | undefined>): ConditionBlock {
  const out: ConditionBlock = {};
  for (const block of blocks) {
    if (!block) continue;
    for (const [operator, keys] of Object.entries(block)) out[operator] = { ...(out[operator] ?? {}), ...keys };
  }
  return out;
}

/** `support-tickets` → `SupportTickets`: Sids may hold only letters and digits. */
export function sidPart(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");
}

type Where = Pick<TeamContext, "partition" | "region" | "account">;

/** `arn:<partition>:<service>:<region>:<account>:<resource>` in the spec's home region. */
export function arn(ctx: Where, service: string, resource: string, opts: { region?: string; account?: string } = {}) {
  return `arn:${ctx.partition}:${service}:${opts.region ?? ctx.region}:${opts.account ?? ctx.account}:${resource}`;
}

export const sagemakerArn = (ctx: Where, resource: string) => arn(ctx, "sagemaker", resource);

/** `aws:RequestTag/team = <team>`: a create must carry the team tag. */
export function requestTag(ctx: Pick<TeamContext, "teamTag">): ConditionBlock {
  return { StringEquals: { [`aws:RequestTag/${ctx.teamTag.key}`]: [ctx.teamTag.value] } };
}

/**
 * `aws:ResourceTag/team = <team>`: the resource belongs to the team. The team's name is written
 * literally rather than as `${aws:PrincipalTag/team}`: every policy is compiled for one team
 * anyway, and a literal does not trust tags a caller might set on its own session.
 */
export function resourceTag(ctx: Pick<TeamContext, "teamTag">): ConditionBlock {
  return { StringEquals: { [`aws:ResourceTag/${ctx.teamTag.key}`]: [ctx.teamTag.value] } };
}

/**
 * `ForAllValues:StringLike` on a multi-valued key plus a `Null` check: `ForAllValues` alone is
 * true when the key is absent, so a request that names no instance type would otherwise pass.
 */
export function allValuesLike(key: string, patterns: string[]): ConditionBlock {
  return { "ForAllValues:StringLike": { [key]: patterns }, Null: { [key]: ["false"] } };
}

/** The KMS keys in play for a context: every dataset's key, else the organization's key. */
export function datasetKmsKeys(ctx: Pick<ActivityContext, "datasets" | "spec">): string[] {
  const keys = new Set<string>();
  for (const { dataset } of ctx.datasets) {
    const key = dataset.kmsKey ?? ctx.spec.guardrails.kmsKey;
    if (key) keys.add(key);
  }
  return sortUnique(keys);
}

/** `<org>/<team>/*`: the team's own ECR repositories. */
export function teamRepositories(ctx: Pick<TeamContext, "organization" | "team"> & Where): string {
  return arn(ctx, "ecr", `repository/${ctx.organization}/${ctx.team.name}/*`);
}

/** The shared images a team may pull (by repository name), sorted. */
export function sharedRepositories(ctx: Pick<TeamContext, "team"> & Where): string[] {
  return sortUnique((ctx.team.sharedImages ?? []).map((name) => arn(ctx, "ecr", `repository/${name}`)));
}

/** The IAM policy variable for the calling IAM user's name (not a template string). */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, written literally.
export const AWS_USERNAME = "${aws:username}";

/**
 * The IAM policy variable for the calling session: `<role-id>:<session name>` for a role session.
 * The session name is the member's Identity Center user name, or what the SAML assertion says.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, written literally.
export const AWS_USERID = "${aws:userid}";

/** Member-own scoping of names is only expressible with IAM users (`aws:username`); see docs/activities.md. */
export function ownerVariable(ctx: Pick<TeamContext, "spec">): string | undefined {
  return ctx.spec.identity === "iam-users" ? AWS_USERNAME : undefined;
}

/**
 * The value an `owner` tag carries for the member who created a resource: the IAM user's name, or,
 * where the members of a team share a role, their session (`aws:userid`), so that one member's
 * notebook is not another's even though both act as the same role.
 */
export function ownerTagValue(ctx: Pick<TeamContext, "spec">): string {
  return ownerVariable(ctx) ?? AWS_USERID;
}

/**
 * Separates a team's name from the rest of the name of a SageMaker resource the team creates
 * (`vision--resnet-50`). SageMaker names allow only letters, digits and `-`, so the separator is
 * `--`, which no team name contains (nor ends with `-`): `<team>--*` can match no name another
 * team may create, whichever team names share a prefix (`ml--*` never matches `ml-research--x`,
 * where `ml-*` matched `ml-research-x`). See README, "Naming".
 */
export const TEAM_RESOURCE_SEPARATOR = "--";

/** The name a team gives a SageMaker resource it creates: `<team>--<name>`. */
export function teamResourceName(team: string, name: string): string {
  return `${team}${TEAM_RESOURCE_SEPARATOR}${name}`;
}

/**
 * `arn:...:sagemaker:...:<type>/<team>--*`: the resources of one type a team may create. Job and
 * endpoint names are what CloudWatch Logs names their streams and groups after, and pipeline
 * executions carry their pipeline's name and no tag: the name is what confines those to the team.
 */
export function teamNamedArn(ctx: Pick<TeamContext, "team"> & Where, type: string): string {
  return sagemakerArn(ctx, `${type}/${teamResourceName(ctx.team.name, "*")}`);
}
