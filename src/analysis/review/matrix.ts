import type { AccessModel, ModelPrincipal } from "../../model/types.js";
import { actionMeta, serviceActions } from "./catalog-view.js";
import { covers, PrincipalAccess } from "./principal-access.js";
import {
  type AccessMatrix,
  type Capability,
  type CellStatus,
  LEVEL_ORDER,
  type MatrixCell,
  type MatrixRow,
} from "./types.js";
import { resolveVariables } from "./variables.js";

/**
 * The access matrix: principals × capabilities. A capability is an activity (the actions and
 * resources its statements name, for the principal's team) or a service × access level (every
 * catalog action of that service at that level). A cell counts the capability's actions the
 * principal holds unconditionally and under conditions; its status is the best it reaches. Of
 * those, `partial` counts the actions held only in part: a narrower Deny (or a boundary or SCP)
 * takes part of a granted pattern away, as `can` shows with an `except`.
 */

/** An activity as a capability: the (action, resource) pairs it names, per team. Plain data, for workers. */
export interface ActivityCapability {
  activity: string;
  label: string;
  services?: string[];
  byTeam: Record<string, Array<{ action: string; resource: string }>>;
}

export interface MatrixOptions {
  /** Service prefixes for the service × access-level columns; default: every service the policies name. */
  services?: string[];
  activities?: ActivityCapability[];
  /** Only these principals (ids); default all. */
  principals?: string[];
}

export interface MatrixPlan {
  capabilities: Capability[];
  activities: ActivityCapability[];
  /** Per service column: how many catalog actions it covers. */
  serviceTotals: number[];
}

/** The columns, in a stable order: activities by id, then services by prefix and level. */
export function planMatrix(model: AccessModel, opts: MatrixOptions = {}): MatrixPlan {
  const activities = [...(opts.activities ?? [])].sort((a, b) => cmp(a.activity, b.activity));
  const capabilities: Capability[] = activities.map((a) => ({
    id: `activity:${a.activity}`,
    kind: "activity",
    label: a.label,
    activity: a.activity,
    ...(a.services ? { services: [...a.services].sort() } : {}),
  }));
  const serviceTotals: number[] = [];
  const services = (opts.services ?? servicesNamed(model)).map((s) => s.toLowerCase());
  for (const service of [...new Set(services)].sort()) {
    const actions = serviceActions(service);
    for (const level of LEVEL_ORDER) {
      const total = actions.filter((a) => a.accessLevel === level).length;
      if (total === 0) continue;
      capabilities.push({
        id: `service:${service}:${level}`,
        kind: "service",
        label: `${service} ${level}`,
        service,
        accessLevel: level,
      });
      serviceTotals.push(total);
    }
  }
  return { capabilities, activities, serviceTotals };
}

/**
 * Services the model's identity policies grant something in: the prefixes of Allow statements'
 * actions that the catalog knows (a Deny's or a NotAction's services grant nothing by themselves).
 */
export function servicesNamed(model: AccessModel): string[] {
  const out = new Set<string>();
  for (const p of model.policies) {
    if (p.policyType !== "identity") continue;
    for (const s of p.document.Statement) {
      if (s.Effect !== "Allow") continue;
      for (const a of s.Action ?? []) {
        const svc = a.split(":")[0].toLowerCase();
        if (svc && svc !== "*" && serviceActions(svc).length > 0) out.add(svc);
      }
    }
  }
  return [...out].sort();
}

const rowCache = new WeakMap<MatrixPlan, Map<string, MatrixCell[]>>();

/** Rows for some principals, in one thread. Principals with identical access share one computation. */
export function matrixRows(
  model: AccessModel,
  plan: MatrixPlan,
  ids: readonly string[],
  onRow?: (done: number) => void,
): MatrixRow[] {
  // Shared by every call with this plan (the chunks of one matrix), so a team split over two chunks computes once.
  let cache = rowCache.get(plan);
  if (!cache) {
    cache = new Map();
    rowCache.set(plan, cache);
  }
  const rows: MatrixRow[] = [];
  for (const id of ids) {
    const access = new PrincipalAccess(model, id);
    const p = access.principal;
    const key = `${access.signature()}|${p.team ?? ""}|${activityContextKey(plan, p, access.context)}`;
    let cells = cache.get(key);
    if (!cells) {
      cells = rowCells(access, plan);
      cache.set(key, cells);
    }
    const row: MatrixRow = { principal: id, kind: p.kind, cells };
    if (p.team) row.team = p.team;
    if (p.persona) row.persona = p.persona;
    if (p.human !== undefined) row.human = p.human;
    rows.push(row);
    onRow?.(rows.length);
  }
  return rows;
}

/** The whole matrix in this thread. `accessMatrixParallel` (matrix-parallel.ts) spreads it over workers. */
export function accessMatrix(model: AccessModel, opts: MatrixOptions = {}): AccessMatrix {
  const plan = planMatrix(model, opts);
  const ids = principalIds(model, opts);
  return { capabilities: plan.capabilities, rows: matrixRows(model, plan, ids) };
}

export function principalIds(model: AccessModel, opts: MatrixOptions = {}): string[] {
  const only = opts.principals ? new Set(opts.principals) : undefined;
  return model.principals
    .map((p) => p.id)
    .filter((id) => !only || only.has(id))
    .sort();
}

function activityContextKey(plan: MatrixPlan, p: ModelPrincipal, ctx: Record<string, string | string[]>): string {
  const usesVariables = plan.activities.some((a) =>
    (a.byTeam[p.team ?? ""] ?? []).some((x) => x.resource.includes("${")),
  );
  return usesVariables ? JSON.stringify(ctx) : "";
}

const RANK: Record<CellStatus, number> = { Denied: 0, Conditional: 1, Allowed: 2 };
const BY_RANK: CellStatus[] = ["Denied", "Conditional", "Allowed"];

function cell(allowed: number, conditional: number, total: number, partial: number): MatrixCell {
  const status: CellStatus = allowed > 0 ? "Allowed" : conditional > 0 ? "Conditional" : "Denied";
  const out: MatrixCell = { status, allowed, conditional, total };
  if (partial > 0) out.partial = partial;
  return out;
}

function rowCells(access: PrincipalAccess, plan: MatrixPlan): MatrixCell[] {
  const cells: MatrixCell[] = [];
  const team = access.principal.team ?? "";
  const statuses = new Map<string, CellStatus>();
  const classify = (action: string, resource: string): CellStatus => {
    const key = `${action}\u0000${resource}`;
    let s = statuses.get(key);
    if (s === undefined) {
      s = access.classify(action, resource);
      statuses.set(key, s);
    }
    return s;
  };
  const candidates = access.candidates();
  // Held on `granted` but denied on a narrower pattern inside it (a Deny, a boundary): `can` shows an `except`.
  const hasException = (action: string, granted: string, resources: Iterable<string>): boolean => {
    for (const r of resources) if (r !== granted && covers(granted, r) && classify(action, r) === "Denied") return true;
    return false;
  };
  // Activities: an action counts when the principal holds it on every resource the activity names.
  for (const a of plan.activities) {
    const byAction = new Map<string, { rank: number; partial: boolean }>();
    for (const pair of a.byTeam[team] ?? []) {
      const resource = resolveVariables(pair.resource, access.context);
      const rank = RANK[classify(pair.action, resource)];
      const prev = byAction.get(pair.action) ?? { rank: 2, partial: false };
      let partial = prev.partial;
      if (rank > 0 && !partial) {
        const c = candidates.get(actionMeta(pair.action)?.action ?? pair.action);
        if (c) partial = hasException(pair.action, resource, c.resources);
      }
      byAction.set(pair.action, { rank: Math.min(prev.rank, rank), partial });
    }
    let allowed = 0;
    let conditional = 0;
    let partial = 0;
    for (const x of byAction.values()) {
      if (x.rank === 2) allowed++;
      else if (x.rank === 1) conditional++;
      if (x.rank > 0 && x.partial) partial++;
    }
    cells.push(cell(allowed, conditional, byAction.size, partial));
  }
  // Services × levels: an action counts when the principal holds it on any resource its policies name,
  // and as partial when some pattern it is held on has a narrower denied pattern inside it.
  const best = new Map<string, number>();
  const partials = new Set<string>();
  for (const [action, c] of candidates) {
    const resources = [...c.resources];
    const nested = resources.length > 1 && resources.some((r) => hasNarrower(r, resources));
    let rank = 0;
    for (const r of resources) {
      const status = classify(action, r);
      rank = Math.max(rank, RANK[status]);
      if (nested && status !== "Denied" && !partials.has(action) && hasException(action, r, resources))
        partials.add(action);
      if (rank === 2 && !nested) break;
    }
    if (rank > 0) best.set(action, rank);
  }
  let s = 0;
  for (const cap of plan.capabilities) {
    if (cap.kind !== "service") continue;
    let allowed = 0;
    let conditional = 0;
    let partial = 0;
    for (const meta of serviceActions(cap.service!)) {
      if (meta.accessLevel !== cap.accessLevel) continue;
      const status = BY_RANK[best.get(meta.action) ?? 0];
      if (status === "Allowed") allowed++;
      else if (status === "Conditional") conditional++;
      if (status !== "Denied" && partials.has(meta.action)) partial++;
    }
    cells.push(cell(allowed, conditional, plan.serviceTotals[s++], partial));
  }
  return cells;
}

function hasNarrower(granted: string, resources: readonly string[]): boolean {
  return resources.some((r) => r !== granted && covers(granted, r));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
