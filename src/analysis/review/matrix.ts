import { withCompileCache } from "../../engine/compile.js";
import { principalUnknowns, unknownVariants } from "../../model/decide.js";
import type { AccessModel, ModelPrincipal } from "../../model/types.js";
import type { CatalogView } from "./catalog-view.js";
import {
  type AccessOf,
  CoversMemo,
  freshAccess,
  modelAccess,
  type PrincipalAccess,
  policyKeyOf,
} from "./principal-access.js";
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
  const view = modelAccess(model).view;
  for (const service of [...new Set(services)].sort()) {
    const actions = view.serviceActions(service);
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
  const view = modelAccess(model).view;
  for (const p of model.policies) {
    if (p.policyType !== "identity") continue;
    for (const s of p.document.Statement) {
      if (s.Effect !== "Allow") continue;
      for (const a of s.Action ?? []) {
        const svc = a.split(":")[0].toLowerCase();
        if (svc && svc !== "*" && view.serviceActions(svc).length > 0) out.add(svc);
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
  // A document held by several of these principals (a team's boundary and Deny statements, a
  // policy without conditional allows in both variants) is compiled once.
  return withCompileCache(() => matrixRowsNow(model, plan, ids, onRow));
}

function matrixRowsNow(
  model: AccessModel,
  plan: MatrixPlan,
  ids: readonly string[],
  onRow?: (done: number) => void,
): MatrixRow[] {
  const rows: MatrixRow[] = [];
  const rowOf = matrixRowMaker(model, plan);
  for (const id of ids) {
    rows.push(rowOf(id));
    onRow?.(rows.length);
  }
  return rows;
}

/**
 * The rows of a matrix one principal at a time, inside the caller's compile cache, each through
 * `accessOf` (see `AccessOf`). Principals with identical access share one computation.
 */
export function matrixRowMaker(
  model: AccessModel,
  plan: MatrixPlan,
  accessOf: AccessOf = freshAccess,
): (id: string) => MatrixRow {
  // Shared by every call with this plan (the chunks of one matrix), so a team split over two chunks computes once.
  let cache = rowCache.get(plan);
  if (!cache) {
    cache = new Map();
    rowCache.set(plan, cache);
  }
  const rows = cache;
  // Pattern comparisons, for the rows of this call: grows with the pairs compared, dropped after.
  const memo = new CoversMemo();
  return (id) => {
    const access = accessOf(model, id);
    const p = access.principal;
    const unknown = principalUnknowns(model, id);
    // A principal no other holds the policies of (a signature begins with the policy key) shares
    // its row with none: no signature to make (the JSON of every document it holds).
    const shared = (policyKeyCounts(model).get(access.policyKey) ?? 0) > 1;
    const key = shared
      ? `${access.signature()}|${p.team ?? ""}|${activityContextKey(plan, p, access.context)}`
      : undefined;
    let cells = key === undefined ? undefined : rows.get(key);
    if (!cells) {
      cells = unknown.length === 0 ? rowCells(access, plan, memo) : rowCellsUnknown(model, id, plan, memo, accessOf);
      if (key !== undefined) rows.set(key, cells);
    }
    const row: MatrixRow = { principal: id, kind: p.kind, cells };
    if (unknown.length > 0) row.unknown = unknown;
    if (p.team) row.team = p.team;
    if (p.persona) row.persona = p.persona;
    if (p.human !== undefined) row.human = p.human;
    return row;
  };
}

const keyCounts = new WeakMap<AccessModel, Map<string, number>>();

/** How many of the model's principals hold each policy key (`PrincipalAccess.policyKey`). */
function policyKeyCounts(model: AccessModel): Map<string, number> {
  let counts = keyCounts.get(model);
  if (!counts) {
    counts = new Map();
    for (const p of model.principals) {
      const key = policyKeyOf(model, p);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    keyCounts.set(model, counts);
  }
  return counts;
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

/** A capability's actions the principal holds (rank 1 conditional, 2 allowed), those held in part, and its size. */
interface CapabilityRanks {
  ranks: Map<string, number>;
  partial: Set<string>;
  total: number;
}

function cell(r: CapabilityRanks): MatrixCell {
  let allowed = 0;
  let conditional = 0;
  let partial = 0;
  for (const [action, rank] of r.ranks) {
    if (rank === 2) allowed++;
    else if (rank === 1) conditional++;
    if (rank > 0 && r.partial.has(action)) partial++;
  }
  const status: CellStatus = allowed > 0 ? "Allowed" : conditional > 0 ? "Conditional" : "Denied";
  const out: MatrixCell = { status, allowed, conditional, total: r.total };
  if (partial > 0) out.partial = partial;
  return out;
}

/**
 * A cell of a principal whose policies capture did not see completely: its counts are what the
 * principal holds whatever the unknown parts turn out to be (`low`, the restrictive variant);
 * `unknown` counts the actions it may hold beyond that (`high`, the permissive variant). Its
 * status is `Unknown` when the best it reaches depends on what capture could not see.
 */
function unknownCell(low: CapabilityRanks, high: CapabilityRanks): MatrixCell {
  const out = cell(low);
  let unknown = 0;
  for (const [action, rank] of high.ranks) if (rank > (low.ranks.get(action) ?? 0)) unknown++;
  if (unknown === 0) return out;
  out.unknown = unknown;
  if (cell(high).status !== out.status) out.status = "Unknown";
  return out;
}

/** A row of a principal some of whose policies capture did not see: between the two ends of what they could be. */
function rowCellsUnknown(
  model: AccessModel,
  id: string,
  plan: MatrixPlan,
  memo: CoversMemo,
  accessOf: AccessOf,
): MatrixCell[] {
  const { permissive, restrictive } = unknownVariants(model);
  const low = rowRanks(accessOf(restrictive, id), plan, memo);
  const high = rowRanks(accessOf(permissive, id), plan, memo);
  return low.map((l, i) => unknownCell(l, high[i]));
}

function rowCells(access: PrincipalAccess, plan: MatrixPlan, memo: CoversMemo): MatrixCell[] {
  return rowRanks(access, plan, memo).map(cell);
}

/** `memo`: covers answers shared by the rows of one call (a team's members meet the same patterns). */
function rowRanks(access: PrincipalAccess, plan: MatrixPlan, memo: CoversMemo): CapabilityRanks[] {
  const out: CapabilityRanks[] = [];
  const team = access.principal.team ?? "";
  // By action, then resource: no key text to build and hash per question (400,000 of them in a
  // 150-team organization's matrix).
  const statuses = new Map<string, Map<string, CellStatus>>();
  const classify = (action: string, resource: string): CellStatus => {
    let byResource = statuses.get(action);
    if (!byResource) {
      byResource = new Map();
      statuses.set(action, byResource);
    }
    let s = byResource.get(resource);
    if (s === undefined) {
      s = access.classify(action, resource);
      byResource.set(resource, s);
    }
    return s;
  };
  const candidates = access.candidates();
  // The same patterns meet under many actions (a statement's `s3:Get*` names its resources for each): compared once.
  const covers = (wide: string, narrow: string) => memo.covers(wide, narrow);
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
        const c = candidates.get(access.owner.view.actionMeta(pair.action)?.action ?? pair.action);
        if (c) partial = hasException(pair.action, resource, c.resources);
      }
      byAction.set(pair.action, { rank: Math.min(prev.rank, rank), partial });
    }
    const ranks = new Map<string, number>();
    const partial = new Set<string>();
    for (const [action, x] of byAction) {
      ranks.set(action, x.rank);
      if (x.partial) partial.add(action);
    }
    out.push({ ranks, partial, total: byAction.size });
  }
  // Services × levels: an action counts when the principal holds it on any resource its policies name,
  // and as partial when some pattern it is held on has a narrower denied pattern inside it.
  const best = new Map<string, number>();
  const partials = new Set<string>();
  for (const [action, c] of candidates) {
    const resources = [...c.resources];
    const nested = resources.length > 1 && resources.some((g) => resources.some((r) => r !== g && covers(g, r)));
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
  // Each action the principal holds goes to its service columns: a row reads the actions it holds,
  // not every action of every column's service.
  const columns = serviceColumns(plan, access.owner.view);
  const services: CapabilityRanks[] = plan.serviceTotals.map((total) => ({
    ranks: new Map(),
    partial: new Set(),
    total,
  }));
  for (const [action, rank] of best) {
    const at = columns.get(action);
    if (!at) continue;
    for (const s of at) {
      services[s].ranks.set(action, rank);
      if (partials.has(action)) services[s].partial.add(action);
    }
  }
  out.push(...services);
  return out;
}

const columnsByPlan = new WeakMap<MatrixPlan, { catalog: CatalogView["catalog"]; columns: Map<string, number[]> }>();

/** The service columns (their positions among the plan's service capabilities) each catalog action counts in. */
function serviceColumns(plan: MatrixPlan, view: CatalogView): Map<string, number[]> {
  const known = columnsByPlan.get(plan);
  if (known && known.catalog === view.catalog) return known.columns;
  const columns = new Map<string, number[]>();
  let s = 0;
  for (const cap of plan.capabilities) {
    if (cap.kind !== "service") continue;
    for (const meta of view.serviceActions(cap.service!)) {
      if (meta.accessLevel !== cap.accessLevel) continue;
      const at = columns.get(meta.action);
      if (!at) columns.set(meta.action, [s]);
      else if (at[at.length - 1] !== s) at.push(s);
    }
    s++;
  }
  columnsByPlan.set(plan, { catalog: view.catalog, columns });
  return columns;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
