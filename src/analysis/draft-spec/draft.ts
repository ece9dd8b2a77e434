import { activities } from "../../activities/index.js";
import { compileSpec } from "../../compile/compile.js";
import type { Diagnostic } from "../../diagnostics/index.js";
import { createEvaluator } from "../../engine/index.js";
import { loadSpecFromString } from "../../input/team-spec/load.js";
import {
  findPolicy,
  identityPolicyIds,
  policySetForPrincipal,
  principalContext,
  requestFor,
} from "../../model/policy-set.js";
import type { AccessModel, AccessTest, ModelPrincipal } from "../../model/types.js";
import { canonicalJson } from "../../policy/canonical.js";
import type { ConditionBlock, PolicyDocument, Statement } from "../../policy/types.js";
import { effectiveFor } from "../review/effective.js";
import { PrincipalAccess } from "../review/principal-access.js";
import type { AccessDiff, AccessEntry } from "../review/types.js";
import {
  type ActivityProfiles,
  activityProfiles,
  containment,
  jaccard,
  type Profile,
  pairsOf,
  profileOf,
  unionOf,
} from "./profile.js";
import { DecisionCache } from "./shared-access.js";

/**
 * `ai-iam import --draft-spec <dir>`: a first team spec for an imported account.
 *
 * - Principals people sign in as (IAM users, Identity Center roles) are grouped by identical
 *   access (the engine's signature: the same policies, and the same values for every context key
 *   they read). Each group's team comes from its `team` tag, its `/teams/<team>/` path or its
 *   groups' names.
 * - A group gets the activities whose capabilities it mostly already has (at least
 *   `minActivityOverlap` of the activity's (action, resource type) pairs), and becomes a built-in
 *   persona when one matches at least as closely as those activities, else a custom persona. How
 *   close: the Jaccard index of the two profiles, reported per group with the share of today's
 *   access the persona covers and the share it adds.
 * - Datasets are the S3 prefixes groups read or write (`bucket/prefix/*`); guardrails come from the
 *   account's Deny statements (a `StringNotEquals aws:RequestedRegion` deny → `allowedRegions`, an
 *   MFA deny → `requireMfa`) and instance-type conditions.
 * - Nothing is dropped: what a group may do today that its persona does not give it is written as
 *   explicit statements (`extras/<team>-<persona>.json`); principals no persona fits (workloads,
 *   administrators) keep their policies as they are (`extras/principals/<name>.json`); AWS
 *   service-linked roles are listed, not adopted. The spec has no place for extra statements yet,
 *   so `diff <imported> <draft>` shows them as removed: adopting them is a decision for review.
 * - The draft's `tests:` pin decisions the account makes today and the draft keeps.
 */
export interface DraftOptions {
  organization?: string;
  region?: string;
  /** Minimum share of an activity's capabilities a group must have for the activity to be chosen (default 0.5). */
  minActivityOverlap?: number;
  /**
   * Below this similarity no persona is proposed and the group's policies are kept as they are
   * (default 0.05: administrators and read-only auditors, whose access is mostly outside AI work).
   */
  minSimilarity?: number;
  /** Each group's access, computed beforehand (elsewhere, by representative principal id). */
  groupAccess?: ReadonlyMap<string, GroupAccess>;
}

/** A group's effective access (when a persona could fit) and its profile over the activities' services. */
export interface GroupAccess {
  entries: AccessEntry[];
  scoped: string[];
  possible: boolean;
}

/**
 * One group's access (`model` may be a view of the imported model: see `viewsOf`). A group of
 * ordinary size is computed once. One that reaches thousands of actions (an administrator, a
 * read-only auditor) is first decided over the services the activities' profiles use, which gives
 * exactly its overlap with every persona and activity; the rest of its access only makes it less
 * similar, so it is counted just until no persona could reach `minSimilarity` any more (then no
 * persona fits, and its entries are not needed), and computed whole only when one still could.
 */
export function groupAccess(
  model: AccessModel,
  principalId: string,
  opts: { overlap?: number; minSimilarity?: number; decisions?: DecisionCache } = {},
): GroupAccess {
  const profiles = activityProfiles();
  const overlap = opts.overlap ?? 0.5;
  const minSimilarity = opts.minSimilarity ?? 0.05;
  const scope = scopeServices(profiles);
  const access = opts.decisions ? opts.decisions.access(principalId, model) : new PrincipalAccess(model, principalId);
  const candidates = access.candidates();
  const small = candidates.size <= 3000;
  const all = small ? effectiveFor(access, { conditions: false }).entries : undefined;
  let scoped: Profile;
  if (all) scoped = profileOf(all.filter((e) => scope.has(e.service)));
  else {
    // As `effectiveFor` over the scope's services would decide it, from the candidates already made.
    scoped = new Set();
    for (const [action, { meta, resources }] of candidates) {
      if (!scope.has(meta.service)) continue;
      for (const resource of resources) {
        if (access.classify(action, resource) !== "Denied")
          for (const pair of pairsOf(action, resource)) scoped.add(pair);
      }
    }
  }
  const most = largestFitting(scoped, profiles, overlap, minSimilarity);
  let possible = scoped.size <= most;
  if (!all && possible && Number.isFinite(most)) {
    const outside = new Set<string>();
    count: for (const [action, { meta, resources }] of candidates) {
      if (scope.has(meta.service)) continue;
      for (const resource of resources) {
        if (access.classify(action, resource) === "Denied") continue;
        for (const pair of pairsOf(action, resource)) outside.add(pair);
        if (scoped.size + outside.size > most) {
          possible = false;
          break count;
        }
      }
    }
  }
  const entries = possible ? (all ?? effectiveFor(access, { conditions: false }).entries) : [];
  return { entries, scoped: [...scoped], possible };
}

/**
 * The largest profile (in pairs) that, holding `scoped` within the activities' services, could
 * still be `minSimilarity`-close to a built-in persona or to the activities it mostly has: for a
 * target U with i = |scoped ∩ U| pairs in common, Jaccard i / (|P| + |U| − i) ≥ m ⟺
 * |P| ≤ i/m − |U| + i. Every target lies within the scope, so pairs outside it add to |P| only.
 * (A hair of slack against rounding: exceeding it is never a persona that would have fitted.)
 */
function largestFitting(scoped: Profile, profiles: ActivityProfiles, overlap: number, minSimilarity: number): number {
  if (minSimilarity <= 0) return Number.POSITIVE_INFINITY;
  const chosen = [...profiles.activities.keys()].filter(
    (id) => containment(profiles.activities.get(id)!, scoped) >= overlap,
  );
  const targets = [...profiles.personas.values(), ...(chosen.length > 0 ? [chosen] : [])];
  let most = Number.NEGATIVE_INFINITY;
  for (const acts of targets) {
    const u = unionOf(acts, profiles);
    let common = 0;
    for (const x of scoped) if (u.has(x)) common++;
    if (common > 0) most = Math.max(most, common / minSimilarity - u.size + common + 1e-6);
  }
  return most;
}

const scopes = new WeakMap<ActivityProfiles, Set<string>>();

/** The services of the activities (and IAM, STS), and of every pair of their profiles. */
function scopeServices(profiles: ActivityProfiles): Set<string> {
  let scope = scopes.get(profiles);
  if (!scope) {
    scope = new Set(activityServices());
    for (const p of profiles.activities.values()) for (const pair of p) scope.add(pair.slice(0, pair.indexOf(":")));
    scopes.set(profiles, scope);
  }
  return scope;
}

/** The services the activities use (and IAM, STS): where a group's fit to a persona is decided. */
function activityServices(): string[] {
  return [...new Set([...activities.flatMap((a) => a.services), "iam", "sts"])].sort();
}

export interface DraftGroup {
  team: string;
  /** The persona, or undefined when none fits (all access is extra). */
  persona?: string;
  builtIn: boolean;
  activities: string[];
  /** Imported principal ids. */
  principals: string[];
  /** Jaccard index of the group's and the persona's (action, resource type) pairs. */
  similarity: number;
  /** Share of the group's pairs the persona gives. */
  coverage: number;
  /** Share of the persona's pairs the group does not have today (access the draft adds). */
  added: number;
  /** (action, resource) entries kept as extra statements. */
  extras: number;
  extrasFile?: string;
}

export interface DraftResult {
  /** Relative path → content: `ai-iam.yaml`, `extras/*.json`, `DRAFT.md`, `draft.json`. */
  files: Map<string, string>;
  groups: DraftGroup[];
  /** Imported principal id → draft principal id (`team/member`, `team/execution-role`). */
  members: Record<string, string>;
  /** Principals left out of the spec, and why (their policies are in `extras/principals/`). */
  unmatched: Array<{ principal: string; reason: string; file?: string }>;
  /**
   * Why a principal will show in `diff <account> <draft>`, by the id the diff shows it under: left
   * out of the draft (the imported id), with access kept as extra statements (the draft id), or new
   * in the draft. `draft.json` carries it for `diff`.
   */
  notes: Record<string, string>;
  /** The draft compiled (to diff against the import). */
  model?: AccessModel;
  diagnostics: Diagnostic[];
}

const NAME_RE = /^[a-z][a-z0-9-]{0,31}$/;

function slug(text: string, max = 32): string {
  let s = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .replace(/-{2,}/g, "-");
  if (!/^[a-z]/.test(s)) s = `x-${s}`;
  return s.slice(0, max).replace(/-+$/, "") || "x";
}

function memberName(text: string): string {
  // An Identity Center role is named after its permission set: AWSReservedSSO_<set>_<hash>.
  const sso = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/.exec(text);
  let s = (sso ? sso[1] : text).toLowerCase().replace(/[^a-z0-9._-]+/g, "-");
  if (!/^[a-z]/.test(s)) s = `m-${s}`;
  return s.slice(0, 48);
}

function teamOf(model: AccessModel, p: ModelPrincipal): string {
  const tag = p.tags.team ?? p.tags.Team ?? p.tags.TEAM;
  if (tag) return slug(tag);
  const m = /^\/teams\/([^/]+)\//.exec(p.path ?? "");
  if (m) return slug(m[1]);
  for (const gid of p.groups) {
    const g = model.groups.find((x) => x.id === gid);
    const gm = g ? /^\/teams\/([^/]+)\//.exec(g.path ?? "") : null;
    if (gm) return slug(gm[1]);
  }
  return "imported";
}

const isServiceLinked = (p: ModelPrincipal) => (p.path ?? "").startsWith("/aws-service-role/");

export function draftSpec(model: AccessModel, opts: DraftOptions = {}): DraftResult {
  const diagnostics: Diagnostic[] = [];
  const profiles = activityProfiles();
  const overlap = opts.minActivityOverlap ?? 0.5;
  const minSimilarity = opts.minSimilarity ?? 0.05;
  const organization = slug(opts.organization ?? "imported", 20);
  const region = opts.region ?? model.region ?? "us-east-1";
  const files = new Map<string, string>();
  const planView = viewsOf(model);
  const extrasView = viewsOf(model);
  const decisions = new DecisionCache(model);
  const unmatched: DraftResult["unmatched"] = [];

  // 1. Group the principals people use by identical access; execution roles by team.
  const formed = formGroups(model);
  const { groups, executionRoles } = formed;
  unmatched.push(...formed.unmatched);

  // 2. Each group's profile, activities and persona.
  interface Planned {
    team: string;
    principals: ModelPrincipal[];
    entries: AccessEntry[];
    profile: Profile;
    persona?: string;
    builtIn: boolean;
    activities: string[];
    similarity: number;
    coverage: number;
    added: number;
  }
  const planned: Planned[] = [];
  const customPersonas = new Map<string, string>(); // activities key → name
  for (const group of [...groups.values()].sort((a, b) => (a.principals[0].id < b.principals[0].id ? -1 : 1))) {
    const { entries, scoped, possible } =
      opts.groupAccess?.get(group.principals[0].id) ??
      groupAccess(planView(), group.principals[0].id, { overlap, minSimilarity, decisions });
    const profile = possible ? profileOf(entries) : new Set(scoped);
    const chosen = [...profiles.activities.keys()]
      .filter((id) => containment(profiles.activities.get(id)!, profile) >= overlap)
      .sort();
    let persona: string | undefined;
    let builtIn = false;
    let activities = chosen;
    let best = chosen.length > 0 ? jaccard(profile, unionOf(chosen, profiles)) : 0;
    for (const [name, acts] of profiles.personas) {
      const j = jaccard(profile, unionOf(acts, profiles));
      if (j > 0 && j >= best) {
        best = j;
        persona = name;
        builtIn = true;
        activities = acts;
      }
    }
    if (!possible || best < minSimilarity) {
      // Too far from any persona: keep the group's own policies rather than force a fit.
      persona = undefined;
      builtIn = false;
    } else if (!persona && chosen.length > 0) {
      const key = chosen.join(",");
      persona = customPersonas.get(key);
      if (!persona) {
        persona = `imported-${customPersonas.size + 1}`;
        customPersonas.set(key, persona);
      }
    }
    const union = unionOf(activities, profiles);
    planned.push({
      team: group.team,
      principals: group.principals,
      entries,
      profile,
      ...(persona ? { persona } : {}),
      builtIn,
      activities: persona ? activities : [],
      similarity: persona ? best : 0,
      coverage: persona ? containment(profile, union) : 0,
      added: persona ? 1 - containment(union, profile) : 0,
    });
  }

  // 3. Datasets from the S3 prefixes groups hold; guardrails from the account's Denies.
  // A prefix one person holds (a personal scratch space) is not a dataset: it stays an extra statement.
  const datasetPrefix = (e: AccessEntry) => {
    const m = /^arn:[^:]+:s3:::([a-z0-9.-]+)\/([^*?]*)\*$/.exec(e.resource);
    if (!m || !/^s3:(GetObject|PutObject)$/.test(e.action)) return undefined;
    if (m[2] !== "" && !m[2].endsWith("/")) return undefined;
    return { bucket: m[1], prefix: m[2], name: slug(`${m[1]}${m[2] ? `-${m[2]}` : ""}`) };
  };
  const holders = new Map<string, number>();
  for (const g of planned) {
    if (!g.persona) continue;
    const names = new Set(g.entries.flatMap((e) => datasetPrefix(e)?.name ?? []));
    for (const n of names) holders.set(n, (holders.get(n) ?? 0) + g.principals.length);
  }
  const datasets = new Map<string, { bucket: string; prefix: string }>();
  const teamDatasets = new Map<string, Map<string, "read" | "write">>();
  for (const g of planned) {
    if (!g.persona) continue;
    const held = teamDatasets.get(g.team) ?? new Map<string, "read" | "write">();
    for (const e of g.entries) {
      const d = datasetPrefix(e);
      if (!d || (holders.get(d.name) ?? 0) < 2) continue;
      datasets.set(d.name, { bucket: d.bucket, prefix: d.prefix });
      const level = e.action === "s3:PutObject" ? "write" : "read";
      if (held.get(d.name) !== "write") held.set(d.name, level);
    }
    teamDatasets.set(g.team, held);
  }
  const guardrails = guardrailsOf(
    model,
    planned.flatMap((g) => g.principals),
  );

  // 4. Members: unique names across the organization.
  const members: Record<string, string> = {};
  const used = new Set<string>();
  const teamMembers = new Map<string, Map<string, string>>();
  for (const g of planned) {
    if (!g.persona) {
      for (const p of g.principals) {
        unmatched.push({
          principal: p.id,
          reason: `no persona fits its access (similarity below ${minSimilarity}: mostly outside AI work, or an administrator)`,
        });
      }
      continue;
    }
    const list = teamMembers.get(g.team) ?? new Map<string, string>();
    for (const p of g.principals) {
      let name = memberName(p.name);
      for (let i = 2; used.has(name); i++) name = `${memberName(p.name).slice(0, 44)}-${i}`;
      used.add(name);
      list.set(name, g.persona);
      members[p.id] = `${g.team}/${name}`;
    }
    teamMembers.set(g.team, list);
  }
  for (const [team, role] of executionRoles) if (teamMembers.has(team)) members[role.id] = `${team}/execution-role`;
  for (const [team, role] of executionRoles) {
    if (!teamMembers.has(team))
      unmatched.push({
        principal: role.id,
        reason: "a SageMaker execution role of a team with no members in the draft",
      });
  }

  // 5. The spec (without tests), compiled, to tell what each group keeps as extra statements.
  const customDefs = [...customPersonas].map(([acts, name]) => ({ name, activities: acts.split(",") }));
  const specText = (tests: AccessTest[]) =>
    renderSpec({
      organization,
      account: model.account,
      region,
      model,
      guardrails,
      datasets,
      teamDatasets,
      teamMembers,
      customDefs,
      tests,
      planned,
    });
  const first = compileDraft(specText([]), diagnostics);
  const out: DraftGroup[] = [];
  const tests: AccessTest[] = [];
  const pinned = new Set<string>();
  const executionExtras = new Map<string, string>(); // draft id → its extra statements' file
  if (first) {
    const draftDecisions = new DecisionCache(first);
    for (const g of planned) {
      const group: DraftGroup = {
        team: g.team,
        ...(g.persona ? { persona: g.persona } : {}),
        builtIn: g.builtIn,
        activities: g.activities,
        principals: g.principals.map((p) => p.id),
        similarity: round(g.similarity),
        coverage: round(g.coverage),
        added: round(g.added),
        extras: 0,
      };
      const representative = g.principals[0];
      const draftId = members[representative.id];
      if (!draftId) {
        // No persona: the group's own policies, as they are.
        for (const p of g.principals) {
          const file = `extras/principals/${slug(p.name, 64)}.json`;
          files.set(file, principalPolicies(model, p));
          const u = unmatched.find((x) => x.principal === p.id);
          if (u) u.file = file;
        }
        out.push(group);
        continue;
      }
      const draftAccess = draftDecisions.access(draftId);
      const extra = withConditions(
        () => new PrincipalAccess(extrasView(), representative.id),
        g.entries.filter((e) => draftAccess.classify(e.action, e.resource) === "Denied"),
      );
      group.extras = extra.length;
      if (extra.length > 0) {
        group.extrasFile = `extras/${g.team}-${g.persona}${g.principals.length > 0 && planned.filter((x) => x.team === g.team && x.persona === g.persona).length > 1 ? `-${slug(representative.name, 20)}` : ""}.json`;
        files.set(group.extrasFile, `${canonicalJson(statementsOf(extra), { pretty: true })}\n`);
      }
      // Pins for one group per team and persona: enough to guard the decisions, without compiling every group twice more.
      const pinKey = `${g.team}/${g.persona}`;
      if (!pinned.has(pinKey)) {
        pinned.add(pinKey);
        tests.push(...pinTests(model, first, representative.id, draftId, g.entries, draftAccess));
      }
      out.push(group);
    }
    for (const [team, role] of executionRoles) {
      const draftId = members[role.id];
      if (!draftId) {
        const file = `extras/principals/${slug(role.name, 64)}.json`;
        files.set(file, principalPolicies(model, role));
        const u = unmatched.find((x) => x.principal === role.id);
        if (u) u.file = file;
        continue;
      }
      const access = new PrincipalAccess(extrasView(), role.id);
      const draftAccess = draftDecisions.access(draftId);
      const extra = withConditions(
        () => access,
        effectiveFor(access, { conditions: false }).entries.filter(
          (e) => draftAccess.classify(e.action, e.resource) === "Denied",
        ),
      );
      if (extra.length > 0) {
        const file = `extras/${team}-execution-role.json`;
        files.set(file, `${canonicalJson(statementsOf(extra), { pretty: true })}\n`);
        executionExtras.set(draftId, file);
      }
    }
  }
  for (const u of unmatched) {
    if (u.file || u.reason.startsWith("an AWS service-linked")) continue;
    const p = model.principals.find((x) => x.id === u.principal)!;
    u.file = `extras/principals/${slug(p.name, 64)}.json`;
    files.set(u.file, principalPolicies(model, p));
  }
  unmatched.sort((a, b) => (a.principal < b.principal ? -1 : 1));
  const finalText = specText(tests);
  const compiled = compileDraft(finalText, diagnostics);
  files.set("ai-iam.yaml", finalText);
  const sortedMembers = Object.fromEntries(Object.entries(members).sort(([a], [b]) => (a < b ? -1 : 1)));
  const result: DraftResult = {
    files,
    groups: out,
    members: sortedMembers,
    unmatched,
    notes: draftNotes(sortedMembers, out, unmatched, executionExtras, compiled),
    ...(compiled ? { model: compiled } : {}),
    diagnostics,
  };
  files.set(
    "draft.json",
    `${JSON.stringify({ source: model.source, members: result.members, groups: out, unmatched, notes: result.notes }, null, 2)}\n`,
  );
  files.set("DRAFT.md", renderReport(result, guardrails));
  return result;
}

/** Why each principal the diff will show is there (see `DraftResult.notes`); sorted by id. */
function draftNotes(
  members: Readonly<Record<string, string>>,
  groups: readonly DraftGroup[],
  unmatched: DraftResult["unmatched"],
  executionExtras: ReadonlyMap<string, string>,
  compiled: AccessModel | undefined,
): Record<string, string> {
  const notes = new Map<string, string>();
  const kept = (file: string) =>
    `what the draft's persona does not give it is kept as extra statements in ${file}, not in the spec (review them: adopt or drop)`;
  for (const u of unmatched) {
    notes.set(
      u.principal,
      `not adopted by the draft: ${u.reason}${u.file ? `; its policies are kept in ${u.file}` : ""}`,
    );
  }
  for (const g of groups) {
    if (!g.extrasFile) continue;
    for (const p of g.principals) if (members[p]) notes.set(members[p], kept(g.extrasFile));
  }
  for (const [id, file] of executionExtras) notes.set(id, kept(file));
  const adopted = new Set(Object.values(members));
  for (const p of compiled?.principals ?? []) {
    if (adopted.has(p.id)) continue;
    const team = p.id.split("/")[0];
    notes.set(
      p.id,
      p.id.endsWith("/execution-role")
        ? `new in the draft: the spec gives every team a SageMaker execution role, and the account has none for team ${team}`
        : "new in the draft: the account has no principal it stands for",
    );
  }
  return Object.fromEntries([...notes].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The principals people use, grouped by team and identical access; execution roles by team; the rest. */
function formGroups(model: AccessModel): {
  groups: Map<string, { team: string; principals: ModelPrincipal[] }>;
  executionRoles: Map<string, ModelPrincipal>;
  unmatched: DraftResult["unmatched"];
} {
  const unmatched: DraftResult["unmatched"] = [];
  const groups = new Map<string, { team: string; principals: ModelPrincipal[] }>();
  const executionRoles = new Map<string, ModelPrincipal>();
  for (const p of model.principals) {
    if (isServiceLinked(p)) {
      unmatched.push({ principal: p.id, reason: "an AWS service-linked role: AWS owns its policies" });
      continue;
    }
    const team = teamOf(model, p);
    if (
      p.kind === "role" &&
      p.service === "sagemaker.amazonaws.com" &&
      team !== "imported" &&
      !executionRoles.has(team)
    ) {
      executionRoles.set(team, p);
      continue;
    }
    if (!p.human) {
      unmatched.push({
        principal: p.id,
        reason: "a workload role: the spec describes people and their teams' execution roles",
      });
      continue;
    }
    const key = `${team}\u0000${new PrincipalAccess(model, p.id).signature()}`;
    const g = groups.get(key);
    if (g) g.principals.push(p);
    else groups.set(key, { team, principals: [p] });
  }
  return { groups, executionRoles, unmatched };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Views of the model, a new one every `every` calls: the engine's compiled policies are cached per
 * model object, so groups decided on one view share its caches (its indexes, the evaluators of the
 * policies they share), and the caches of earlier views are released. One view for all groups of
 * a large account held gigabytes; one per group rebuilt the indexes and evaluators every time.
 */
function viewsOf(model: AccessModel, every = 32): () => AccessModel {
  let view: AccessModel = { ...model };
  let uses = 0;
  return () => {
    if (++uses > every) {
      view = { ...model };
      uses = 1;
    }
    return view;
  };
}

/** The conditions of the conditional entries (read only for the entries kept as extra statements; `access` made only if one is). */
function withConditions(access: () => PrincipalAccess, entries: AccessEntry[]): AccessEntry[] {
  let made: PrincipalAccess | undefined;
  return entries.map((e) => {
    if (e.status !== "Conditional") return e;
    made ??= access();
    const conditions = made.explainAllow(e.action, e.resource).conditions;
    return conditions ? { ...e, conditions } : e;
  });
}

function compileDraft(text: string, diagnostics: Diagnostic[]): AccessModel | undefined {
  const loaded = loadSpecFromString(text, "ai-iam.yaml");
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (!loaded.spec || errors.length > 0) {
    diagnostics.push(
      ...errors.map((d) => ({
        ...d,
        code: "draft-spec-invalid" as const,
        message: `the draft does not load: ${d.message}`,
      })),
    );
    return undefined;
  }
  const compiled = compileSpec(loaded.spec, { source: "ai-iam.yaml" });
  const cerrors = compiled.diagnostics.filter((d) => d.severity === "error");
  if (!compiled.model || cerrors.length > 0) {
    diagnostics.push(
      ...cerrors.map((d) => ({
        ...d,
        code: "draft-spec-invalid" as const,
        message: `the draft does not compile: ${d.message}`,
      })),
    );
    return undefined;
  }
  return compiled.model;
}

interface Guardrails {
  allowedRegions?: string[];
  requireMfa: boolean;
  ec2InstanceTypes: string[];
  trainingInstanceTypes: string[];
  /** Where each came from, for the report. */
  sources: string[];
}

/** Guardrails the account already enforces on the principals people use. */
function guardrailsOf(model: AccessModel, principals: readonly ModelPrincipal[]): Guardrails {
  const g: Guardrails = { requireMfa: false, ec2InstanceTypes: [], trainingInstanceTypes: [], sources: [] };
  const seen = new Set<string>();
  for (const p of principals) {
    const ids = [...identityPolicyIds(model, p), ...(p.boundary ? [p.boundary] : [])];
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      const policy = findPolicy(model, id);
      if (!policy) continue;
      for (const s of policy.document.Statement) {
        for (const [op, keys] of Object.entries(s.Condition ?? {})) {
          for (const [key, values] of Object.entries(keys)) {
            const k = key.toLowerCase();
            if (s.Effect === "Deny" && /^StringNotEquals(IfExists)?$/.test(op) && k === "aws:requestedregion") {
              g.allowedRegions = g.allowedRegions
                ? g.allowedRegions.filter((r) => values.includes(r))
                : [...values].sort();
              g.sources.push(`allowedRegions from ${policy.name} (Deny ${s.Sid ?? "statement"})`);
            } else if (
              s.Effect === "Deny" &&
              /^Bool(IfExists)?$/.test(op) &&
              k === "aws:multifactorauthpresent" &&
              values.includes("false")
            ) {
              g.requireMfa = true;
              g.sources.push(`requireMfa from ${policy.name} (Deny ${s.Sid ?? "statement"})`);
            } else if (s.Effect === "Allow" && /^String(Like|Equals)$/.test(op) && k === "ec2:instancetype") {
              g.ec2InstanceTypes.push(...values);
            } else if (
              s.Effect === "Allow" &&
              /^(ForAllValues:)?String(Like|Equals)$/.test(op) &&
              k === "sagemaker:instancetypes"
            ) {
              g.trainingInstanceTypes.push(...values);
            }
          }
        }
      }
    }
  }
  g.ec2InstanceTypes = [...new Set(g.ec2InstanceTypes)].sort();
  g.trainingInstanceTypes = [...new Set(g.trainingInstanceTypes)].sort();
  g.sources = [...new Set(g.sources)].sort();
  return g;
}

/** Allow statements for (action, resource) entries: one per (service, resources, conditions). */
function statementsOf(entries: readonly AccessEntry[]): PolicyDocument {
  const byResource = new Map<string, { resources: string[]; actions: Set<string>; conditions?: ConditionBlock }>();
  const perAction = new Map<string, { resources: string[]; conditions?: ConditionBlock[] }>();
  for (const e of entries) {
    const key = `${e.action}\u0000${JSON.stringify(e.conditions ?? [])}`;
    const a = perAction.get(key) ?? { resources: [], ...(e.conditions ? { conditions: e.conditions } : {}) };
    a.resources.push(e.resource);
    perAction.set(key, a);
  }
  for (const [key, a] of perAction) {
    const action = key.slice(0, key.indexOf("\u0000"));
    const service = action.slice(0, action.indexOf(":"));
    const resources = [...new Set(a.resources)].sort();
    for (const c of a.conditions ?? [undefined]) {
      const k = JSON.stringify([service, resources, c ?? null]);
      const s = byResource.get(k) ?? { resources, actions: new Set<string>(), ...(c ? { conditions: c } : {}) };
      s.actions.add(action);
      byResource.set(k, s);
    }
  }
  const statements: Statement[] = [...byResource.values()]
    .map((s) => ({
      Effect: "Allow" as const,
      Action: [...s.actions].sort(),
      Resource: s.resources,
      ...(s.conditions ? { Condition: s.conditions } : {}),
    }))
    .sort((a, b) => (a.Action[0] < b.Action[0] ? -1 : a.Action[0] > b.Action[0] ? 1 : 0));
  return { Version: "2012-10-17", Statement: statements };
}

function principalPolicies(model: AccessModel, p: ModelPrincipal): string {
  const policies = [...identityPolicyIds(model, p), ...(p.boundary ? [p.boundary] : [])].map((id) => {
    const policy = findPolicy(model, id);
    return {
      id,
      ...(policy ? { name: policy.name, kind: policy.kind, document: policy.document } : { unknown: true }),
    };
  });
  return `${JSON.stringify({ principal: p.id, arn: p.arn, policies }, null, 2)}\n`;
}

/** A concrete resource for a pattern: the model's region and account, each other wildcard a plausible name. */
function concrete(pattern: string, model: AccessModel): string | undefined {
  if (pattern === "*" || pattern.includes("${")) return undefined;
  const parts = pattern.split(":");
  if (parts.length < 6) return undefined;
  if (parts[3] === "*") parts[3] = model.region ?? "us-east-1";
  if (parts[4] === "*") parts[4] = model.account;
  return parts.join(":").replace(/\*/g, "example").replace(/\?/g, "x");
}

/**
 * Tests that pin today's decisions the draft keeps: a few grants (datasets, SageMaker, one per
 * service at most) and the region guardrail on them when the account has one. Only tests on which
 * the import and the draft agree are kept; the others are differences `diff` shows.
 */
function pinTests(
  imported: AccessModel,
  draft: AccessModel,
  importedId: string,
  draftId: string,
  entries: readonly AccessEntry[],
  draftAccess: PrincipalAccess,
): AccessTest[] {
  const candidates: AccessTest[] = [];
  const services = new Set<string>();
  const preferred = [...entries].sort((a, b) => rank(a) - rank(b) || (a.action < b.action ? -1 : 1));
  for (const e of preferred) {
    if (e.status !== "Allowed" || services.has(e.service) || services.size >= 4 || e.service === "sts") continue;
    const resource = concrete(e.resource, imported);
    if (!resource || draftAccess.classify(e.action, e.resource) !== "Allowed") continue;
    services.add(e.service);
    candidates.push({ principal: draftId, action: e.action, resource, expect: "allow" });
    candidates.push({
      principal: draftId,
      action: e.action,
      resource,
      expect: "deny",
      context: { "aws:RequestedRegion": "ap-southeast-7" },
    });
  }
  if (candidates.length === 0) return [];
  // One compiled evaluator per side (the actions pinned take no resource policy into account).
  const decide = (model: AccessModel, id: string) => {
    const evaluator = createEvaluator(policySetForPrincipal(model, id));
    return (t: AccessTest) =>
      evaluator.evaluate(requestFor(model, id, t.action, t.resource, { ...principalContext(model, id), ...t.context }))
        .decision === "Allowed";
  };
  const today = decide(imported, importedId);
  const tomorrow = decide(draft, draftId);
  return candidates.filter((t) => today(t) === (t.expect === "allow") && tomorrow(t) === (t.expect === "allow"));
}

function rank(e: AccessEntry): number {
  if (e.action.startsWith("s3:GetObject")) return 0;
  if (e.service === "sagemaker") return 1;
  if (e.accessLevel === "Write") return 2;
  return 3;
}

interface RenderInput {
  organization: string;
  account: string;
  region: string;
  model: AccessModel;
  guardrails: Guardrails;
  datasets: Map<string, { bucket: string; prefix: string }>;
  teamDatasets: Map<string, Map<string, "read" | "write">>;
  teamMembers: Map<string, Map<string, string>>;
  customDefs: Array<{ name: string; activities: string[] }>;
  tests: AccessTest[];
  planned: Array<{ team: string; persona?: string; similarity: number; builtIn: boolean }>;
}

const q = (s: string) => JSON.stringify(s);
const list = (xs: readonly string[]) => `[${xs.map(q).join(", ")}]`;

function renderSpec(r: RenderInput): string {
  const g = r.guardrails;
  const lines = [
    `# A draft spec for account ${r.account}, proposed by \`ai-iam import --draft-spec\` from ${r.model.source.path}.`,
    "# Review it: DRAFT.md says how each group of principals was matched, and extras/ keeps the access",
    "# no persona gives (nothing is dropped). `ai-iam diff <account> <this folder>` shows what adopting it changes.",
    "version: 1",
    `organization: ${r.organization}`,
    `account: ${q(r.account)}`,
    `region: ${r.region}`,
    `identity: ${r.model.identity === "identity-center" ? "iam-users # the account signs in with Identity Center; members stand for its permission-set roles" : (r.model.identity ?? "iam-users")}`,
    "guardrails:",
    `  allowedRegions: ${list(g.allowedRegions ?? [r.region])}${g.allowedRegions ? " # from the account's region Deny" : " # no region Deny found in the account: tighten"}`,
    `  requireMfa: ${g.requireMfa}${g.requireMfa ? " # from the account's MFA Deny" : ""}`,
    `  trainingInstanceTypes: ${list(g.trainingInstanceTypes.length > 0 ? g.trainingInstanceTypes : ["ml.*"])}${g.trainingInstanceTypes.length > 0 ? "" : " # no restriction today: tighten"}`,
    `  notebookInstanceTypes: ${list(g.trainingInstanceTypes.length > 0 ? g.trainingInstanceTypes : ["ml.*"])}`,
    `  ec2InstanceTypes: ${list(g.ec2InstanceTypes.length > 0 ? g.ec2InstanceTypes : ["t3.*"])}`,
  ];
  if (r.datasets.size > 0) {
    lines.push("datasets:");
    for (const [name, d] of [...r.datasets].sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(`  ${name}: { bucket: ${d.bucket}, prefix: ${q(d.prefix)} }`);
    }
  }
  if (r.customDefs.length > 0) {
    lines.push("personas:");
    for (const c of r.customDefs) {
      lines.push(
        `  ${c.name}:`,
        `    description: ${q("closest activities to a group of the imported account (see DRAFT.md)")}`,
        `    activities: ${list(c.activities)}`,
      );
    }
  }
  lines.push("teams:");
  for (const [team, members] of [...r.teamMembers].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!NAME_RE.test(team)) continue;
    lines.push(`  ${team}:`);
    const ds = r.teamDatasets.get(team);
    if (ds && ds.size > 0) {
      lines.push(
        `    datasets: { ${[...ds]
          .sort(([a], [b]) => (a < b ? -1 : 1))
          .map(([n, l]) => `${n}: ${l}`)
          .join(", ")} }`,
      );
    }
    lines.push("    members:");
    for (const [m, persona] of [...members].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const plan = r.planned.find((p) => p.team === team && p.persona === persona);
      const note = plan ? ` # similarity ${plan.similarity.toFixed(2)}${plan.builtIn ? "" : " (custom persona)"}` : "";
      lines.push(`      ${q(m)}: ${persona}${note}`);
    }
  }
  if (r.tests.length > 0) {
    lines.push("tests:", "  # Decisions the account makes today that the draft keeps.");
    for (const t of r.tests) {
      lines.push(`  - principal: ${t.principal}`, `    action: ${t.action}`, `    resource: ${q(t.resource)}`);
      if (t.context)
        lines.push(
          `    context: { ${Object.entries(t.context)
            .map(([k, v]) => `${q(k)}: ${q(String(v))}`)
            .join(", ")} }`,
        );
      lines.push(`    expect: ${t.expect}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

function renderReport(r: DraftResult, g: Guardrails): string {
  const lines = [
    "# Draft spec: how it was made",
    "",
    "Similarity is the Jaccard index of (action, resource type) pairs: the group's effective access",
    "today against what its persona grants. Coverage: the share of today's access the persona gives.",
    "Added: the share of the persona's access the group does not have today. Extra statements keep",
    "the rest of today's access (nothing is dropped); `ai-iam diff` shows them as removed until the",
    "spec can hold them.",
    "",
    "| team | persona | principals | similarity | coverage | added | extra entries | file |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const grp of r.groups) {
    lines.push(
      `| ${grp.team} | ${grp.persona ?? "(none)"}${grp.builtIn ? "" : grp.persona ? " (custom)" : ""} | ${grp.principals.length} | ${grp.similarity.toFixed(2)} | ${pct(grp.coverage)} | ${pct(grp.added)} | ${grp.extras} | ${grp.extrasFile ?? ""} |`,
    );
  }
  lines.push("", "## Guardrails", "");
  if (g.sources.length === 0) lines.push("No guardrail found in the account's Deny statements.");
  for (const s of g.sources) lines.push(`- ${s}`);
  lines.push("", "## Principals not in the spec", "");
  if (r.unmatched.length === 0) lines.push("None.");
  for (const u of r.unmatched) lines.push(`- ${u.principal}: ${u.reason}${u.file ? ` (${u.file})` : ""}`);
  lines.push("");
  return `${lines.join("\n")}\n`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * What `diff <account> <draft>` reads from a draft's `draft.json`: the imported → draft ids, and why
 * principals differ (`notes`; a draft written before notes existed: its `unmatched` reasons).
 * Undefined when the text is not a draft's mapping.
 */
export function readDraftMapping(
  text: string,
): { members: Record<string, string>; notes: Record<string, string> } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== "object") return undefined;
  const { members, notes, unmatched } = json as {
    members?: unknown;
    notes?: unknown;
    unmatched?: unknown;
  };
  if (!members || typeof members !== "object") return undefined;
  const strings = (x: unknown): Record<string, string> =>
    x && typeof x === "object"
      ? Object.fromEntries(Object.entries(x).filter((e): e is [string, string] => typeof e[1] === "string"))
      : {};
  const out = strings(notes);
  if (Object.keys(out).length === 0 && Array.isArray(unmatched)) {
    for (const u of unmatched as Array<{ principal?: unknown; reason?: unknown; file?: unknown }>) {
      if (typeof u?.principal !== "string" || typeof u.reason !== "string") continue;
      out[u.principal] =
        `not adopted by the draft: ${u.reason}${typeof u.file === "string" ? `; its policies are kept in ${u.file}` : ""}`;
    }
  }
  return { members: strings(members), notes: out };
}

/**
 * Gives each principal of a draft's diff the reason the draft recorded for it: a principal left
 * out or new, and a member whose removed grants are kept as extra statements.
 */
export function explainDraftDiff(diff: AccessDiff, notes: Readonly<Record<string, string>>): AccessDiff {
  for (const p of diff.principals) {
    const reason = notes[p.id];
    if (reason && (p.status !== "changed" || p.removed.length > 0)) p.reason = reason;
  }
  return diff;
}

/**
 * The imported model with its principals renamed to the draft's ids (`user/alice` → `vision/alice`),
 * so that `diff` compares each principal with what the draft makes of it. Principals the draft
 * leaves out keep their ids (and read as removed).
 */
export function importedAsDraft(model: AccessModel, members: Readonly<Record<string, string>>): AccessModel {
  const rename = (id: string) => members[id] ?? id;
  return {
    ...model,
    principals: model.principals
      .map((p) => ({ ...p, id: rename(p.id) }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  };
}
