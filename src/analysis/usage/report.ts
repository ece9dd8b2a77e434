import type { AccessLevel } from "../../catalog/types.js";
import type { AccessModel, ModelPrincipal } from "../../model/types.js";
import { actionMeta } from "../review/catalog-view.js";
import { effectiveFor } from "../review/effective.js";
import { PrincipalAccess } from "../review/principal-access.js";
import type { IdentityUse, UsageAggregator } from "./aggregate.js";
import { type Proposal, proposePolicy, type UsedAction } from "./proposal.js";

/**
 * The usage report: per principal of the model, over the window the logs cover, the actions it
 * used (with first and last use, the resources seen), the calls it was denied, the actions its
 * policies grant that it never used (by service and access level, with when the service was last
 * used), and a least-privilege policy that still allows everything it used. Callers the model does
 * not have (AWS services, other accounts, principals outside the import) are listed apart.
 * Granted access is the engine's effective access over the catalog actions the principal's
 * policies reach (`effectiveFor`): the same answer `matrix` and `diff` give.
 */
export interface UsedActionReport {
  action: string;
  service: string;
  accessLevel?: AccessLevel;
  count: number;
  firstUsed: string;
  lastUsed: string;
  resources: string[];
  /** Calls whose record named no resource. */
  resourceUnknown: number;
  /** Calls that failed after being authorized (NoSuchKey, ValidationException). */
  errors: number;
}

export interface DeniedReport {
  action: string;
  count: number;
  lastAttempt: string;
  errorCode: string;
  resources: string[];
}

export interface UnusedService {
  service: string;
  /** When any action of the service was last used in the window. */
  lastUsed?: string;
  granted: number;
  unused: number;
  /** Unused actions by access level, sorted. */
  byLevel: Partial<Record<AccessLevel, string[]>>;
}

export interface PrincipalUsageReport {
  id: string;
  arn: string;
  kind: ModelPrincipal["kind"];
  events: number;
  firstSeen?: string;
  lastSeen?: string;
  /** Session names (for Identity Center roles, the people who signed in). */
  sessions: string[];
  moreSessions: boolean;
  used: UsedActionReport[];
  denied: DeniedReport[];
  /** Actions the principal's policies allow it today. */
  granted: number;
  unusedCount: number;
  unused: UnusedService[];
  proposal?: Proposal;
}

export interface OtherCaller {
  identity: string;
  type: string;
  events: number;
  actions: string[];
  denied: number;
}

export interface UsageReport {
  window: { from?: string; to?: string };
  files: number;
  records: number;
  principals: PrincipalUsageReport[];
  others: OtherCaller[];
  /** Calls with no IAM action ai-iam can tell (`signin ConsoleLogin`), by event. */
  unmapped: Array<{ event: string; count: number }>;
}

export interface UsageReportOptions {
  /** Only these principal ids. */
  principals?: readonly string[];
  /** Leave out principals with no activity in the window (default: keep them — all their access is unused). */
  activeOnly?: boolean;
  /** Make a least-privilege proposal for each active principal (default true). */
  proposals?: boolean;
}

export function buildUsageReport(
  usage: UsageAggregator,
  files: number,
  model: AccessModel | undefined,
  opts: UsageReportOptions = {},
): UsageReport {
  const matched = new Set<string>();
  const principals: PrincipalUsageReport[] = [];
  if (model) {
    const lookup = identityLookup(usage);
    const wanted = opts.principals ? new Set(opts.principals) : undefined;
    const grantsBySignature = new Map<string, Map<string, { service: string; level: AccessLevel }>>();
    for (const p of model.principals) {
      if (wanted && !wanted.has(p.id)) continue;
      const uses = lookup(model, p);
      for (const u of uses) matched.add(u.key);
      if (opts.activeOnly && uses.length === 0) continue;
      const access = new PrincipalAccess(model, p.id);
      const sig = access.signature();
      let granted = grantsBySignature.get(sig);
      if (!granted) {
        granted = new Map();
        for (const e of effectiveFor(access, { conditions: false }).entries) {
          granted.set(e.action, { service: e.service, level: e.accessLevel });
        }
        grantsBySignature.set(sig, granted);
      }
      principals.push(principalReport(p, uses, access, granted, opts.proposals !== false));
    }
  }
  const others: OtherCaller[] = [];
  const unmapped = new Map<string, number>();
  for (const u of usage.identities.values()) {
    for (const [k, n] of u.unmapped) unmapped.set(k, (unmapped.get(k) ?? 0) + n);
    if (matched.has(u.key)) continue;
    others.push({
      identity: u.key,
      type: u.type,
      events: u.events,
      actions: [...u.actions.keys()].sort(),
      denied: [...u.denied.values()].reduce((n, d) => n + d.count, 0),
    });
  }
  others.sort((a, b) => b.events - a.events || (a.identity < b.identity ? -1 : 1));
  return {
    window: { ...(usage.first ? { from: usage.first } : {}), ...(usage.last ? { to: usage.last } : {}) },
    files,
    records: usage.records,
    principals,
    others,
    unmapped: [...unmapped]
      .map(([event, count]) => ({ event, count }))
      .sort((a, b) => b.count - a.count || (a.event < b.event ? -1 : 1)),
  };
}

/**
 * The identities of the logs that are this principal: by ARN (a user's, or a role's from its
 * sessions' issuer), else a role by account and name (a record with no issuer, or an Identity
 * Center role whose ARN path the export and the logs spell differently).
 */
function identityLookup(usage: UsageAggregator): (model: AccessModel, p: ModelPrincipal) => IdentityUse[] {
  const byArn = new Map<string, IdentityUse[]>();
  const byRole = new Map<string, IdentityUse[]>();
  const push = (m: Map<string, IdentityUse[]>, k: string, u: IdentityUse) => m.set(k, [...(m.get(k) ?? []), u]);
  for (const u of usage.identities.values()) {
    if (u.arn) push(byArn, u.arn, u);
    if (u.type === "AssumedRole") {
      const name = u.roleName ?? (u.arn ? u.arn.slice(u.arn.lastIndexOf("/") + 1) : undefined);
      if (name && u.account) push(byRole, `${u.account}:${name}`, u);
    }
  }
  return (model, p) => {
    const exact = byArn.get(p.arn) ?? [];
    if (p.kind === "user") return exact;
    const account = p.account ?? model.account;
    const byName = byRole.get(`${account}:${p.name}`) ?? [];
    return [...new Set([...exact, ...byName])];
  };
}

function principalReport(
  p: ModelPrincipal,
  uses: IdentityUse[],
  access: PrincipalAccess,
  granted: Map<string, { service: string; level: AccessLevel }>,
  propose: boolean,
): PrincipalUsageReport {
  const used = new Map<string, UsedActionReport>();
  const denied = new Map<string, DeniedReport>();
  const sessions = new Set<string>();
  let moreSessions = false;
  let events = 0;
  let first: string | undefined;
  let last: string | undefined;
  const resourcesByAction = new Map<string, Set<string>>();
  for (const u of uses) {
    events += u.events;
    if (first === undefined || u.first < first) first = u.first;
    if (last === undefined || u.last > last) last = u.last;
    for (const s of u.sessions) sessions.add(s);
    moreSessions ||= u.moreSessions;
    for (const [action, a] of u.actions) {
      const meta = actionMeta(action);
      const r = used.get(action) ?? {
        action,
        service: action.slice(0, action.indexOf(":")),
        ...(meta ? { accessLevel: meta.accessLevel } : {}),
        count: 0,
        firstUsed: a.first,
        lastUsed: a.last,
        resources: [],
        resourceUnknown: 0,
        errors: 0,
      };
      r.count += a.count;
      r.resourceUnknown += a.unknownResource;
      r.errors += a.errors;
      if (a.first < r.firstUsed) r.firstUsed = a.first;
      if (a.last > r.lastUsed) r.lastUsed = a.last;
      const set = resourcesByAction.get(action) ?? new Set<string>();
      for (const x of a.resources.patterns()) set.add(x);
      resourcesByAction.set(action, set);
      used.set(action, r);
    }
    for (const [action, d] of u.denied) {
      const r = denied.get(action) ?? { action, count: 0, lastAttempt: d.last, errorCode: d.errorCode, resources: [] };
      r.count += d.count;
      if (d.last > r.lastAttempt) r.lastAttempt = d.last;
      r.resources = [...new Set([...r.resources, ...d.resources.patterns()])].sort();
      denied.set(action, r);
    }
  }
  for (const [action, set] of resourcesByAction) used.get(action)!.resources = [...set].sort();
  // Unused: granted today, never called in the window; by service and access level.
  const services = new Map<string, UnusedService>();
  const lastByService = new Map<string, string>();
  for (const u of used.values()) {
    const prior = lastByService.get(u.service);
    if (!prior || u.lastUsed > prior) lastByService.set(u.service, u.lastUsed);
  }
  let unusedCount = 0;
  for (const [action, g] of granted) {
    let s = services.get(g.service);
    if (!s) {
      const lastUsed = lastByService.get(g.service);
      s = { service: g.service, ...(lastUsed ? { lastUsed } : {}), granted: 0, unused: 0, byLevel: {} };
      services.set(g.service, s);
    }
    s.granted++;
    if (used.has(action)) continue;
    s.unused++;
    unusedCount++;
    const list = s.byLevel[g.level] ?? [];
    list.push(action);
    s.byLevel[g.level] = list;
  }
  const unused = [...services.values()].filter((s) => s.unused > 0).sort((a, b) => (a.service < b.service ? -1 : 1));
  for (const s of unused) for (const list of Object.values(s.byLevel)) list?.sort();
  const usedList = [...used.values()].sort((a, b) => (a.action < b.action ? -1 : 1));
  const report: PrincipalUsageReport = {
    id: p.id,
    arn: p.arn,
    kind: p.kind,
    events,
    ...(first ? { firstSeen: first } : {}),
    ...(last ? { lastSeen: last } : {}),
    sessions: [...sessions].sort(),
    moreSessions,
    used: usedList,
    denied: [...denied.values()].sort((a, b) => (a.action < b.action ? -1 : 1)),
    granted: granted.size,
    unusedCount,
    unused,
  };
  if (propose && usedList.length > 0) {
    const input: UsedAction[] = usedList.map((u) => ({
      action: u.action,
      resources: u.resources,
      unknownResource: u.resourceUnknown,
    }));
    report.proposal = proposePolicy(access, input);
  }
  return report;
}
