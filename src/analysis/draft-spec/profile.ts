import { activities, builtInPersonas } from "../../activities/index.js";
import { getCatalog } from "../../catalog/index.js";
import { compileSpec } from "../../compile/compile.js";
import { loadSpecFromString } from "../../input/team-spec/load.js";
import type { AccessModel } from "../../model/types.js";
import { effectiveFor } from "../review/effective.js";
import { PrincipalAccess } from "../review/principal-access.js";
import type { AccessEntry } from "../review/types.js";

/**
 * Access profiles, for telling how close a group of principals is to an activity or a persona.
 * A profile is the set of (action, resource type) pairs a principal is allowed: resource types
 * (the Service Authorization Reference's: `object`, `training-job`), not resource patterns, since
 * an account built by hand names its resources otherwise than ai-iam does — `s3:GetObject` on any
 * object is the same capability whatever the bucket. Similarity is the Jaccard index of two
 * profiles, |A ∩ B| / |A ∪ B|: 1 for the same capabilities, 0 for none in common.
 */
export type Profile = Set<string>;

const pairCache = new Map<string, string[]>();

/** The profile pairs of one allowed (action, resource pattern). */
export function pairsOf(action: string, resource: string): string[] {
  const key = `${action} ${resource}`;
  let hit = pairCache.get(key);
  if (!hit) {
    const catalog = getCatalog();
    const info = catalog.action(action);
    if (!info || info.resourceTypes.length === 0) hit = [`${action}|*`];
    else {
      const types = catalog.resourceTypesForArn(info, resource).map((t) => t.name);
      hit = types.length > 0 ? [...new Set(types)].map((t) => `${action}|${t}`) : [`${action}|*`];
    }
    if (pairCache.size > 200_000) pairCache.clear();
    pairCache.set(key, hit);
  }
  return hit;
}

export function profileOf(entries: readonly AccessEntry[]): Profile {
  const out: Profile = new Set();
  for (const e of entries) for (const p of pairsOf(e.action, e.resource)) out.add(p);
  return out;
}

export function jaccard(a: Profile, b: Profile): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}

/** The share of `part` that `whole` also has. */
export function containment(part: Profile, whole: Profile): number {
  if (part.size === 0) return 0;
  let common = 0;
  for (const x of part) if (whole.has(x)) common++;
  return common / part.size;
}

export interface ActivityProfiles {
  /** Activity id → profile. */
  activities: Map<string, Profile>;
  /** Built-in persona → its activities. */
  personas: Map<string, string[]>;
}

let cached: ActivityProfiles | undefined;

/**
 * Each activity's profile, from compiling a spec with one member per activity (a custom persona
 * holding that activity alone) and asking the engine what the member may do. Guardrails are
 * wide (every region, instance type and model) so that they do not narrow a profile.
 */
export function activityProfiles(): ActivityProfiles {
  if (cached) return cached;
  const ids = activities.map((a) => a.id).filter((id) => id !== "datasets");
  const lines = [
    "version: 1",
    "organization: draft",
    'account: "123456789012"',
    "region: us-east-1",
    "identity: iam-users",
    "guardrails:",
    "  allowedRegions: [us-east-1]",
    "  requireMfa: false",
    '  trainingInstanceTypes: ["ml.*.*"]',
    '  notebookInstanceTypes: ["ml.*"]',
    '  endpointInstanceTypes: ["ml.*"]',
    '  ec2InstanceTypes: ["g5.*", "p4d.*", "t3.*"]',
    "  bedrock:",
    '    models: ["*"]',
    "datasets:",
    "  data: { bucket: draft-data, prefix: data/ }",
    "personas:",
    ...[...ids, "datasets"].map((id) => `  only-${id}: { activities: [${id}] }`),
    "teams:",
    "  t:",
    "    datasets: { data: write }",
    "    members:",
    ...[...ids, "datasets"].map((id) => `      m-${id}: only-${id}`),
  ];
  const loaded = loadSpecFromString(lines.join("\n"), "activity-profiles.yaml");
  const compiled = loaded.spec ? compileSpec(loaded.spec) : undefined;
  if (!compiled?.model) {
    const problems = [...loaded.diagnostics, ...(compiled?.diagnostics ?? [])].filter((d) => d.severity === "error");
    throw new Error(`activity profiles: the probe spec does not compile: ${problems.map((d) => d.message).join("; ")}`);
  }
  const model: AccessModel = compiled.model;
  const out = new Map<string, Profile>();
  for (const id of [...ids, "datasets"]) {
    const entries = effectiveFor(new PrincipalAccess(model, `t/m-${id}`), { conditions: false }).entries;
    out.set(id, profileOf(entries));
  }
  // What every member gets whatever its activities (self-service: its own credentials, MFA): not
  // evidence of any one activity.
  const all = [...out.values()];
  const common = new Set([...all[0]].filter((x) => all.every((p) => p.has(x))));
  for (const [id, p] of out) out.set(id, new Set([...p].filter((x) => !common.has(x))));
  cached = {
    activities: out,
    personas: new Map(Object.entries(builtInPersonas).map(([name, p]) => [name, [...p.activities].sort()])),
  };
  return cached;
}

export function unionOf(ids: readonly string[], profiles: ActivityProfiles): Profile {
  const out: Profile = new Set();
  for (const id of ids) for (const x of profiles.activities.get(id) ?? []) out.add(x);
  return out;
}
