/**
 * Team isolation, proven over every request: no principal of team A can perform any action on a
 * resource that belongs to team B, in any context.
 *
 * "Belongs to team B" is read from the model, not from names: the `Resource` patterns of the Allow
 * statements in the identity policies of team B's principals (principals whose `team` is B) that no
 * principal of another team is granted by the same pattern. Patterns with policy variables
 * (`${aws:username}`) and the bare `*` belong to nobody. So a dataset prefix granted to B only, B's
 * team-named SageMaker/Bedrock/ECR/logs/KMS resources and B's execution role (which B may pass) are
 * B's; a dataset granted to both teams, or a shared foundation model, is shared, and nobody's.
 * Each property is one `proveNever(A's principal, { action: "*", resource: B's patterns })`.
 */
import { principalUnknowns, unknownVariants } from "../../model/decide.js";
import { findPrincipal, policySetForPrincipal, requestPrincipalArn } from "../../model/policy-set.js";
import type { AccessModel } from "../../model/types.js";
import { overall, pinnedContext } from "./models.js";
import { type Counterexample, type ProofStatus, proveNever } from "./prove.js";

export interface PropertyResult {
  /** The property's stable id: `isolation/<team>`, `guardrail/regions`, `never/1`, ... */
  property: string;
  /** `isolation: nlp/carol never acts on vision's resources`. */
  name: string;
  /** The principal whose requests are considered. */
  principal: string;
  /** Isolation: the team whose resources it must never act on. */
  team?: string;
  status: ProofStatus;
  counterexample?: Counterexample;
  reason?: string;
  /** Isolation: the resource patterns that belong to the team. */
  resources?: string[];
  ms: number;
}

export interface ProveReport {
  status: ProofStatus;
  properties: PropertyResult[];
}

export interface IsolationOptions {
  timeoutMs?: number;
  /** Only these principal ids (a shard); default every principal with a team. */
  ids?: readonly string[];
  onProperty?: (done: number, total: number) => void;
}

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/** Per team, each granted `Resource` pattern with the actions granted on it (Allow, identity policies). */
function grantedByTeam(model: AccessModel): Map<string, Map<string, Set<string>>> {
  const out = new Map<string, Map<string, Set<string>>>();
  for (const p of model.principals) {
    if (!p.team) continue;
    const team = out.get(p.team) ?? new Map<string, Set<string>>();
    out.set(p.team, team);
    for (const policy of policySetForPrincipal(model, p.id).identityPolicies) {
      for (const st of policy.document.Statement) {
        if (st.Effect !== "Allow" || st.Action === undefined) continue;
        for (const r of list(st.Resource)) {
          const actions = team.get(r) ?? new Set<string>();
          team.set(r, actions);
          for (const a of list(st.Action)) actions.add(a);
        }
      }
    }
  }
  return out;
}

/** One of a team's own resource groups: patterns granted with the same actions. */
export interface OwnedResources {
  actions: string[];
  resources: string[];
}

/** Each team's own resources (see the module comment), grouped by the actions granted on them, sorted. */
export function teamResources(model: AccessModel): Map<string, OwnedResources[]> {
  const granted = grantedByTeam(model);
  const out = new Map<string, OwnedResources[]>();
  for (const [team, patterns] of [...granted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const others = new Set([...granted].filter(([t]) => t !== team).flatMap(([, m]) => [...m.keys()]));
    const groups = new Map<string, OwnedResources>();
    for (const [r, actions] of [...patterns].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (r === "*" || r.includes("${") || others.has(r)) continue;
      const sorted = [...actions].sort();
      const key = sorted.join(",");
      const g = groups.get(key);
      if (g) g.resources.push(r);
      else groups.set(key, { actions: sorted, resources: [r] });
    }
    out.set(team, [...groups.values()]);
  }
  return out;
}

/** Proves, for every principal of every team and every other team, that it never acts on that team's resources. */
export async function proveIsolation(model: AccessModel, opts: IsolationOptions = {}): Promise<ProveReport> {
  const owned = teamResources(model);
  const principals = (opts.ids ?? model.principals.map((p) => p.id))
    .map((id) => findPrincipal(model, id))
    .filter((p) => p?.team !== undefined)
    .sort((a, b) => (a!.id < b!.id ? -1 : 1));
  const jobs = principals.flatMap((p) =>
    [...owned].filter(([team, gs]) => team !== p!.team && gs.length > 0).map(([team, gs]) => ({ p: p!, team, gs })),
  );
  const properties: PropertyResult[] = [];
  // Unknown parts of a captured program's policies at their widest: `proven` holds whatever they are.
  const widest = unknownVariants(model).permissive;
  for (const { p, team, gs } of jobs) {
    const started = performance.now();
    const statuses: ProofStatus[] = [];
    let counterexample: Counterexample | undefined;
    const reasons: string[] = [];
    // One question per group of the team's resources: none of the actions granted there, on any of them.
    for (const g of gs) {
      const r = await proveNever(
        policySetForPrincipal(widest, p.id),
        { action: g.actions, resource: g.resources },
        {
          principal: requestPrincipalArn(model, p),
          resourceAccount: model.account,
          partition: model.partition,
          context: pinnedContext(model, p.id),
          pinnedPrefixes: ["aws:principaltag/"],
          timeoutMs: opts.timeoutMs,
          maxFindings: 1,
        },
      );
      statuses.push(r.status);
      if (r.reason) reasons.push(r.reason);
      if (r.counterexample) {
        counterexample = r.counterexample;
        break;
      }
    }
    const rs = gs.flatMap((g) => g.resources).sort();
    const r = {
      status: overall(statuses),
      counterexample,
      reason: reasons.join("; "),
      stats: { ms: Math.round(performance.now() - started) },
    };
    const res: PropertyResult = {
      property: `isolation/${team}`,
      name: `isolation: ${p.id} never acts on ${team}'s resources`,
      principal: p.id,
      team,
      status: r.status,
      resources: rs,
      ms: r.stats.ms,
    };
    if (r.counterexample) res.counterexample = r.counterexample;
    if (r.reason && r.status === "unknown") res.reason = r.reason;
    demoteUnseen(model, p.id, res);
    properties.push(res);
    opts.onProperty?.(properties.length, jobs.length);
  }
  return { status: overall(properties.map((p) => p.status)), properties };
}

/**
 * A violation found with a captured program's unknown parts at their widest may not hold of the
 * real program: it becomes `unknown`, naming those parts (isolation and the other properties alike).
 */
export function demoteUnseen(model: AccessModel, principal: string, res: PropertyResult): void {
  const unseen = principalUnknowns(model, principal);
  if (res.status !== "violated" || unseen.length === 0) return;
  res.status = "unknown";
  delete res.counterexample;
  res.reason = `the answer depends on what capture could not see: ${unseen.join("; ")}`;
}
