import type { Statement } from "../policy/types.js";
import { bedrock } from "./bedrock.js";
import { grantable } from "./build.js";
import { containers } from "./containers.js";
import { datasets } from "./datasets.js";
import { endpoints } from "./endpoints.js";
import { executionRoleParts, teamDatasets } from "./execution-role.js";
import { experiments } from "./experiments.js";
import { gpuInstances } from "./gpu-instances.js";
import { boundaryEnvelope, type GuardrailContext, guardrailDenies, selfServiceStatements } from "./guardrails.js";
import { inference } from "./inference.js";
import { models } from "./models.js";
import { notebooks } from "./notebooks.js";
import { observability } from "./observability.js";
import {
  builtInPersonas,
  isReadOnlyPersona,
  personaActivities,
  personaDatasetLevel,
  teamPersonas,
} from "./personas.js";
import { pipelines } from "./pipelines.js";
import { training } from "./training.js";
import type { Activity, ActivityContext } from "./types.js";

export { bedrockClientContext } from "./bedrock.js";
export { executionRoleStatements, executionRoleTrustPolicy } from "./execution-role.js";
export type { GuardrailContext } from "./guardrails.js";
export { GLOBAL_SERVICE_ACTIONS, MFA_SETUP_ACTIONS, selfServiceStatements } from "./guardrails.js";
export type { BuiltInPersona } from "./personas.js";
export type { Activity, ActivityContext, TeamContext } from "./types.js";
export { builtInPersonas, isReadOnlyPersona, personaActivities, teamPersonas };

/** Every activity, sorted by id. */
export const activities: Activity[] = [
  bedrock,
  containers,
  datasets,
  endpoints,
  experiments,
  gpuInstances,
  inference,
  models,
  notebooks,
  observability,
  pipelines,
  training,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

const byId = new Map(activities.map((a) => [a.id, a]));

export function activityById(id: string): Activity | undefined {
  return byId.get(id);
}

/**
 * Activities that create and change nothing (their only Write-level action is `kms:Decrypt`
 * through S3), the only team-level extras a read-only persona receives.
 */
export const READ_ONLY_ACTIVITIES = ["bedrock", "datasets", "inference", "observability"];

/**
 * The activities one member playing `persona` in `team` receives: the persona's plus the team's
 * extras (`activities:`), sorted. A read-only persona receives only read-only extras.
 * `undefined` when the persona is unknown.
 */
export function memberActivities(spec: ActivityContext["spec"], team: ActivityContext["team"], persona: string) {
  const own = personaActivities(spec, persona);
  if (!own) return undefined;
  const extras = isReadOnlyPersona(persona)
    ? team.activities.filter((id) => READ_ONLY_ACTIVITIES.includes(id))
    : team.activities;
  return [...new Set([...own, ...extras])].sort();
}

/** The datasets a persona receives from its team, at its level (analyst: always `read`). */
export function personaDatasets(spec: ActivityContext["spec"], team: ActivityContext["team"], persona: string) {
  return teamDatasets({ spec, team }).map((d) => ({ ...d, level: personaDatasetLevel(persona, d.level) }));
}

/**
 * The statements one persona of one team receives, activity by activity in id order, and — when
 * the persona may pass the team's execution role — what that role may do besides.
 */
export function personaStatements(ctx: GuardrailContext, persona: string): Statement[] {
  const own = activityStatements(ctx, persona);
  return [...own, ...passedRoleStatements(ctx, persona, own)];
}

// The compiler asks for a persona's statements, and the team's boundary for every persona's: each
// is built once per team context (statements are never mutated), and so are the statements of an
// activity that depends on the team alone (`perTeam`), which its personas share.
const activityCache = new WeakMap<
  GuardrailContext,
  { byPersona: Map<string, Statement[]>; byActivity: Map<string, Statement[]> }
>();

/** What a persona's activities (its own and the team's extras) grant, activity by activity in id order. */
function activityStatements(ctx: GuardrailContext, persona: string): Statement[] {
  let cached = activityCache.get(ctx);
  if (!cached) {
    cached = { byPersona: new Map(), byActivity: new Map() };
    activityCache.set(ctx, cached);
  }
  const { byPersona, byActivity } = cached;
  let out = byPersona.get(persona);
  if (!out) {
    const ids = memberActivities(ctx.spec, ctx.team, persona) ?? [];
    const actx: ActivityContext = { ...ctx, persona, datasets: personaDatasets(ctx.spec, ctx.team, persona) };
    // At the team's levels, the `datasets` activity's statements are the execution role's own
    // (`executionRoleParts`): the same objects, not a copy, so a team granted thousands of
    // datasets builds, sizes and writes them once for its role, its personas and its boundary.
    const teamLevels = actx.datasets.every((d) => d.level === ctx.team.datasets[d.name]);
    out = grantable(
      ids.flatMap((id) => {
        if (id === datasets.id && teamLevels) return executionRoleParts(ctx).datasets;
        const activity = activityById(id);
        if (!activity) return [];
        if (!activity.perTeam) return activity.statements(actx);
        // The same for every persona of the team: built once, the personas share the statements.
        let shared = byActivity.get(id);
        if (!shared) {
          shared = activity.statements(ctx);
          byActivity.set(id, shared);
        }
        return shared;
      }),
    );
    byPersona.set(persona, out);
  }
  return out;
}

/**
 * Whoever may pass the team's execution role to SageMaker runs code as that role: a notebook or
 * job they start can do whatever the role can (writing the team's job logs and metrics, creating
 * network interfaces in the team's subnets, using the KMS key through SageMaker). So a persona
 * that passes the role is granted the role's statements it lacks, and holds, on its own, all the
 * access it has through its jobs: what `check` (pass-role-to-more-privileged) and reviewers see is
 * what the persona can really do, and the role is never more privileged than those who pass it.
 */
function passedRoleStatements(ctx: GuardrailContext, persona: string, own: Statement[]): Statement[] {
  const passes = own.some(
    (s) => s.Effect === "Allow" && s.Action?.includes("iam:PassRole") && s.Resource?.includes(ctx.executionRoleArn),
  );
  if (!passes) return [];
  // The role's datasets and pulls are the `datasets` and `containers` activities' own statements
  // (at the team's levels, which a persona that can pass the role receives unchanged).
  const activities = memberActivities(ctx.spec, ctx.team, persona) ?? [];
  const role = executionRoleParts(ctx);
  return [
    ...(activities.includes("datasets") ? [] : role.datasets),
    ...(activities.includes("containers") ? [] : role.images),
    ...role.jobs,
  ];
}

/**
 * The team's guardrails: its permissions boundary (a ceiling: the union of everything the team's
 * principals are granted, conditions dropped) and the explicit denies. Attach the denies to every
 * principal's policies and to the boundary document, so they hold even if a broader policy is
 * attached; `selfService` are the Allow statements members need for the guardrails themselves
 * (IAM users under `requireMfa` managing their own MFA device).
 */
export function guardrailStatements(ctx: GuardrailContext): {
  boundary: Statement[];
  denies: Statement[];
  selfService: Statement[];
} {
  return {
    boundary: boundaryEnvelope(ctx, teamPersonas(ctx.team), (persona) => activityStatements(ctx, persona)),
    denies: guardrailDenies(ctx),
    selfService: selfServiceStatements(ctx),
  };
}

export interface ActivityTable {
  /** Activity rows, sorted by id. */
  activities: Array<{ id: string; title: string; description: string; services: string[] }>;
  /** Built-in personas, in the order they are documented. */
  personas: Array<{ name: string; description: string; readOnly: boolean }>;
  /** persona → activity ids it includes. */
  matrix: Record<string, string[]>;
  /** Renders the persona × activity table as Markdown (✓ where the persona has the activity). */
  markdown(): string;
}

const PERSONA_ORDER = ["data-scientist", "ml-engineer", "mlops", "analyst"];

/** The persona × activity matrix and one-line descriptions, for the README and docs. */
export function activityTable(): ActivityTable {
  const personas = PERSONA_ORDER.map((name) => ({
    name,
    description: builtInPersonas[name].description,
    readOnly: builtInPersonas[name].readOnly === true,
  }));
  const matrix: Record<string, string[]> = {};
  for (const p of personas) matrix[p.name] = [...builtInPersonas[p.name].activities].sort();
  const rows = activities.map((a) => ({ id: a.id, title: a.title, description: a.description, services: a.services }));
  return {
    activities: rows,
    personas,
    matrix,
    markdown() {
      const header = `| activity | ${personas.map((p) => p.name).join(" | ")} | what it grants |`;
      const rule = `| --- | ${personas.map(() => ":---:").join(" | ")} | --- |`;
      const lines = rows.map((row) => {
        const marks = personas.map((p) => (matrix[p.name].includes(row.id) ? "✓" : ""));
        return `| \`${row.id}\` | ${marks.join(" | ")} | ${row.description} |`;
      });
      return [header, rule, ...lines].join("\n");
    },
  };
}
