import { withCompileCache } from "../../engine/compile.js";
import { principalUnknowns, unknownVariants } from "../../model/decide.js";
import type { AccessModel } from "../../model/types.js";
import { effectiveFor } from "./effective.js";
import { servicesNamed } from "./matrix.js";
import { type AccessOf, CoversMemo, freshAccess } from "./principal-access.js";
import { literalPrefixMemo, ResourcePrefixIndex } from "./resource-index.js";
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
  // The relaxed and strict variants of the principal's policies share their unconditional
  // statements, compiled once (and so do principals, when a caller asks about several inside one).
  return withCompileCache(() => principalCanNow(model, principalId, opts));
}

/** `principalCan` inside the caller's compile cache, through `accessOf` (see `AccessOf`). */
export function principalCanNow(
  model: AccessModel,
  principalId: string,
  opts: { services?: string[] },
  accessOf: AccessOf = freshAccess,
): CanResult {
  const unknown = principalUnknowns(model, principalId);
  // What capture could not see of the principal's policies: list what it holds whatever that is,
  // and apart from it what it may hold depending on it (never a value standing for "not known" as `*`).
  const { permissive, restrictive } = unknownVariants(model);
  const access = accessOf(unknown.length > 0 ? restrictive : model, principalId);
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
    const possible = effectiveFor(accessOf(permissive, principalId), { services });
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
  // The wide entries (held without exceptions) per action, in order. An entry is compared only
  // with those of its action whose pattern may cover its own (the literal text of the wider one
  // begins the narrower one's: see `ResourcePrefixIndex.possibleCovers`), then on status and
  // conditions, without a key string per entry. An action holds a handful of patterns: they are
  // scanned; one holding many is indexed by literal prefix (a 1 MB inline policy on one role made
  // a scan quadratic: 1,000 statements, 1.4 s).
  const wide = new Map<string, AccessEntry[]>();
  for (const e of entries) {
    if (e.except) continue;
    const list = wide.get(e.action);
    if (list) list.push(e);
    else wide.set(e.action, [e]);
  }
  const prefixOf = literalPrefixMemo();
  const conditionTexts = new Map<AccessEntry, string>();
  const conditionText = (e: AccessEntry): string => {
    let t = conditionTexts.get(e);
    if (t === undefined) {
      t = JSON.stringify(e.conditions);
      conditionTexts.set(e, t);
    }
    return t;
  };
  const sameConditions = (a: AccessEntry, b: AccessEntry): boolean =>
    a.conditions === b.conditions ||
    (a.conditions !== undefined && b.conditions !== undefined && conditionText(a) === conditionText(b));
  // The same two resource patterns meet under many actions: each pair is compared once (a 1 MB
  // inline policy of 8,700 statements: 120,000 entries, 5 s of `covers` before).
  const memo = new CoversMemo();
  const subsumes = (w: AccessEntry, e: AccessEntry): boolean =>
    w !== e &&
    w.resource !== e.resource &&
    w.status === e.status &&
    sameConditions(w, e) &&
    memo.covers(w.resource, e.resource);
  const indexes = new Map<string, ResourcePrefixIndex<AccessEntry>>();
  return entries.filter((e) => {
    const list = wide.get(e.action);
    if (!list || (list.length === 1 && list[0] === e)) return true;
    if (list.length <= SCAN_LIMIT) {
      const own = prefixOf(e.resource);
      for (const w of list) if (own.startsWith(prefixOf(w.resource)) && subsumes(w, e)) return false;
      return true;
    }
    let index = indexes.get(e.action);
    if (!index) {
      index = new ResourcePrefixIndex();
      for (const w of list) index.add(w.resource, w);
      indexes.set(e.action, index);
    }
    for (const w of index.possibleCovers(e.resource)) if (subsumes(w, e)) return false;
    return true;
  });
}

/** Wide entries of one action compared one by one up to this many; more are indexed. */
const SCAN_LIMIT = 32;

export function groupEffective(effective: EffectivePermissions): CanGroup[] {
  // The JSON text of each conditions and exceptions value, made once per value (entries of actions
  // of one class share their conditions: `PrincipalAccess.allowConditions`).
  const texts = new WeakMap<object, string>();
  const text = (v: object | undefined): string => {
    if (!v) return "";
    let t = texts.get(v);
    if (t === undefined) {
      t = JSON.stringify(v);
      texts.set(v, t);
    }
    return t;
  };
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
    const lk = `${e.resource}|${e.status}|${text(e.conditions)}|${text(e.except)}`;
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
    .map(({ service, accessLevel, lines }) => ({ service, accessLevel, lines: mergeByActions(lines, text) }));
}

interface ByResource {
  actions: string[];
  resource: string;
  status: CanLine["status"];
  conditions?: CanLine["conditions"];
  except?: CanLine["except"];
}

/** Lines with the same actions, status and conditions become one line with several resources. */
function mergeByActions(lines: ByResource[], text: (v: object | undefined) => string): CanLine[] {
  const merged = new Map<string, CanLine>();
  for (const l of lines) {
    const actions = [...new Set(l.actions)].sort();
    const key = `${actions.join(",")}|${l.status}|${text(l.conditions)}|${text(l.except)}`;
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
