import { principalUnknowns, unknownVariants } from "../../model/decide.js";
import type { AccessModel } from "../../model/types.js";
import { effectiveFor } from "./effective.js";
import { servicesNamed } from "./matrix.js";
import { CoversMemo, PrincipalAccess } from "./principal-access.js";
import { ResourcePrefixIndex } from "./resource-index.js";
import {
  type AccessEntry,
  type CanGroup,
  type CanLine,
  type CanResult,
  type EffectivePermissions,
  LEVEL_ORDER,
} from "./types.js";

/**
 * A principal's effective permissions, consolidated for reading: grouped by service and access
 * level, and within a group the actions that share a resource pattern and conditions on one line.
 */
export function principalCan(model: AccessModel, principalId: string, opts: { services?: string[] } = {}): CanResult {
  const unknown = principalUnknowns(model, principalId);
  // What capture could not see of the principal's policies: list what it holds whatever that is,
  // and apart from it what it may hold depending on it (never a value standing for "not known" as `*`).
  const { permissive, restrictive } = unknownVariants(model);
  const access = new PrincipalAccess(unknown.length > 0 ? restrictive : model, principalId);
  const effective = effectiveFor(access, { services: opts.services });
  const p = access.principal;
  const result: CanResult = {
    principal: principalId,
    kind: p.kind,
    arn: p.arn,
    context: access.context,
    actionCount: new Set(effective.entries.map((e) => e.action)).size,
    services: [...new Set(effective.entries.map((e) => e.service))].sort(),
    groups: groupEffective({ ...effective, entries: withoutSubsumed(effective.entries) }),
  };
  if (unknown.length > 0) {
    result.unknown = unknown;
    // At its widest an unknown part could grant anything: ask only about the services the model's
    // policies name (an unknown action reads `*` and names none), so the listing stays readable.
    const services = opts.services ?? servicesNamed(model);
    const possible = effectiveFor(new PrincipalAccess(permissive, principalId), { services });
    const key = (e: AccessEntry) => `${e.action}\u0000${e.resource}\u0000${e.status}`;
    const certain = new Set(effective.entries.map(key));
    const maybe = possible.entries.filter((e) => !certain.has(key(e)));
    if (maybe.length > 0) result.mayHold = groupEffective({ ...possible, entries: withoutSubsumed(maybe) });
  }
  if (p.team) result.team = p.team;
  if (p.persona) result.persona = p.persona;
  return result;
}

/**
 * For reading, drop an entry that another entry of the same action already says: a narrower
 * pattern (asked about because a Deny or a boundary names it) held with the same status and
 * conditions, inside a wider pattern held without exceptions. The diff keeps them, so lifting a
 * deny still reads as added access.
 */
export function withoutSubsumed(entries: readonly AccessEntry[]): AccessEntry[] {
  // The wide entries (held without exceptions), per action, status and conditions, indexed by the
  // literal prefix of their resource: an entry is compared only with those whose pattern may share
  // a resource with its own, not with every entry of its action (a 1 MB inline policy on one role
  // made that quadratic: 1,000 statements, 1.4 s).
  const keys = new Map<AccessEntry, string>();
  const keyOf = (e: AccessEntry) => {
    let k = keys.get(e);
    if (k === undefined) {
      k = `${e.action}\u0000${e.status}\u0000${e.conditions ? JSON.stringify(e.conditions) : "null"}`;
      keys.set(e, k);
    }
    return k;
  };
  const wide = new Map<string, ResourcePrefixIndex<AccessEntry>>();
  for (const e of entries) {
    if (e.except) continue;
    const k = keyOf(e);
    let index = wide.get(k);
    if (!index) {
      index = new ResourcePrefixIndex();
      wide.set(k, index);
    }
    index.add(e.resource, e);
  }
  // The same two resource patterns meet under many actions: each pair is compared once (a 1 MB
  // inline policy of 8,700 statements: 120,000 entries, 5 s of `covers` before).
  const memo = new CoversMemo();
  return entries.filter((e) => {
    const index = wide.get(keyOf(e));
    return !index
      ?.query(e.resource)
      .some((w) => w !== e && w.resource !== e.resource && memo.covers(w.resource, e.resource));
  });
}

export function groupEffective(effective: EffectivePermissions): CanGroup[] {
  const groups = new Map<
    string,
    { service: string; accessLevel: CanGroup["accessLevel"]; lines: ByResource[]; byKey: Map<string, ByResource> }
  >();
  for (const e of effective.entries) {
    const gk = `${e.service}|${LEVEL_ORDER.indexOf(e.accessLevel)}`;
    let g = groups.get(gk);
    if (!g) {
      g = { service: e.service, accessLevel: e.accessLevel, lines: [], byKey: new Map() };
      groups.set(gk, g);
    }
    const lk = `${e.resource}|${e.status}|${e.conditions ? JSON.stringify(e.conditions) : ""}|${e.except ? JSON.stringify(e.except) : ""}`;
    let line = g.byKey.get(lk);
    if (!line) {
      line = { actions: [], resource: e.resource, status: e.status };
      if (e.conditions) line.conditions = e.conditions;
      if (e.except) line.except = e.except;
      g.byKey.set(lk, line);
      g.lines.push(line);
    }
    line.actions.push(e.action.slice(e.action.indexOf(":") + 1));
  }
  return [...groups.values()]
    .sort(
      (a, b) => cmp(a.service, b.service) || LEVEL_ORDER.indexOf(a.accessLevel) - LEVEL_ORDER.indexOf(b.accessLevel),
    )
    .map(({ service, accessLevel, lines }) => ({ service, accessLevel, lines: mergeByActions(lines) }));
}

interface ByResource {
  actions: string[];
  resource: string;
  status: CanLine["status"];
  conditions?: CanLine["conditions"];
  except?: CanLine["except"];
}

/** Lines with the same actions, status and conditions become one line with several resources. */
function mergeByActions(lines: ByResource[]): CanLine[] {
  const merged = new Map<string, CanLine>();
  for (const l of lines) {
    const actions = [...new Set(l.actions)].sort();
    const key = `${actions.join(",")}|${l.status}|${l.conditions ? JSON.stringify(l.conditions) : ""}|${l.except ? JSON.stringify(l.except) : ""}`;
    let m = merged.get(key);
    if (!m) {
      m = { actions, resources: [], status: l.status };
      if (l.conditions) m.conditions = l.conditions;
      if (l.except) m.except = l.except;
      merged.set(key, m);
    }
    m.resources.push(l.resource);
  }
  return [...merged.values()]
    .map((m) => ({ ...m, resources: [...new Set(m.resources)].sort() }))
    .sort((a, b) => cmp(a.actions[0], b.actions[0]) || cmp(a.resources[0], b.resources[0]) || cmp(a.status, b.status));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
