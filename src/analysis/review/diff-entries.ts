import type { ConditionBlock } from "../../policy/types.js";
import type { AccessDiff, AccessEntry, DiffEntry, EffectivePermissions, PrincipalDiff } from "./types.js";

/**
 * The pure half of the effective-access diff: given each principal's effective permissions in the
 * old and the new version (computed over the same candidate resources), what was added and removed.
 * An entry is its action, resource and conditions: a condition dropped is a removal of the
 * conditional grant plus an addition of the unconditional one, so widening counts as new access.
 */
export function diffEffectivePermissions(
  before: readonly EffectivePermissions[],
  after: readonly EffectivePermissions[],
): AccessDiff {
  const oldBy = new Map(before.map((p) => [p.principal, p]));
  const newBy = new Map(after.map((p) => [p.principal, p]));
  const ids = [...new Set([...oldBy.keys(), ...newBy.keys()])].sort();
  const principals: PrincipalDiff[] = [];
  for (const id of ids) {
    const o = oldBy.get(id);
    const n = newBy.get(id);
    const oldEntries = keyed(o?.entries ?? []);
    const newEntries = keyed(n?.entries ?? []);
    const added = [...newEntries].filter(([k]) => !oldEntries.has(k)).map(([, e]) => e);
    const removed = [...oldEntries].filter(([k]) => !newEntries.has(k)).map(([, e]) => e);
    const status: PrincipalDiff["status"] = !o ? "added" : !n ? "removed" : "changed";
    if (status === "changed" && added.length === 0 && removed.length === 0) continue;
    principals.push({ id, status, added: sortEntries(added), removed: sortEntries(removed) });
  }
  return { newAccess: principals.some(gainsAccess), principals };
}

/**
 * Whether a principal gains access: an added entry that only narrows a grant it held on the same
 * (action, resource) — conditions added to an unconditional grant, or more conditions in every
 * alternative — is a tightening, shown as removed + added but not new access.
 */
export function gainsAccess(p: PrincipalDiff): boolean {
  if (p.added.length === 0) return false;
  const before = new Map(p.removed.map((e) => [`${e.action}\u0000${e.resource}`, e]));
  return p.added.some((e) => {
    const old = before.get(`${e.action}\u0000${e.resource}`);
    return !old || !narrows(e.conditions, old.conditions);
  });
}

/** Every request `after` allows, `before` allowed: each block of `after` contains some block of `before`. */
function narrows(after: ConditionBlock[] | undefined, before: ConditionBlock[] | undefined): boolean {
  if (!before || before.length === 0) return true;
  if (!after || after.length === 0) return false;
  return after.every((a) => before.some((b) => contains(a, b)));
}

/** Every condition (operator, key, values) of `inner` is also in `outer`: `outer` is the stricter block. */
function contains(outer: ConditionBlock, inner: ConditionBlock): boolean {
  return Object.entries(inner).every(([op, keys]) =>
    Object.entries(keys).every(([key, values]) => {
      const other = outer[op]?.[key];
      return other !== undefined && JSON.stringify([...other].sort()) === JSON.stringify([...values].sort());
    }),
  );
}

function entryKey(e: DiffEntry): string {
  return `${e.action}\u0000${e.resource}\u0000${e.conditions ? JSON.stringify(e.conditions) : ""}`;
}

function keyed(entries: readonly AccessEntry[]): Map<string, DiffEntry> {
  const m = new Map<string, DiffEntry>();
  for (const e of entries) {
    const d: DiffEntry = { action: e.action, resource: e.resource };
    if (e.conditions && e.conditions.length > 0) d.conditions = e.conditions;
    m.set(entryKey(d), d);
  }
  return m;
}

function sortEntries(entries: DiffEntry[]): DiffEntry[] {
  return entries.sort(
    (a, b) => cmp(a.action, b.action) || cmp(a.resource, b.resource) || cmp(entryKey(a), entryKey(b)),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
