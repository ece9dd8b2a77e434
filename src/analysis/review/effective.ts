import type { AccessModel } from "../../model/types.js";
import { type Candidates, CoversMemo, PrincipalAccess } from "./principal-access.js";
import type { AccessEntry, AccessException, EffectivePermissions } from "./types.js";

export interface EffectiveOptions {
  /** Only these services (lower-case prefixes). */
  services?: readonly string[];
  /** Further resource patterns to ask about, per action (the other version's, in a diff). */
  extraCandidates?: Candidates;
  /** Read the conditions of conditional grants (one explained evaluation each). Default true. */
  conditions?: boolean;
}

/**
 * A principal's effective permissions: every (action, resource pattern) its Allow statements can
 * reach — each statement's action patterns expanded over the catalog (a `NotAction` over the
 * services its policies mention), each against the resource patterns it names, with policy
 * variables resolved for the principal — decided by the engine after boundaries, SCPs and denies.
 */
export function effectivePermissions(
  model: AccessModel,
  principalId: string,
  opts: EffectiveOptions = {},
): EffectivePermissions {
  return effectiveFor(new PrincipalAccess(model, principalId), opts);
}

export function effectiveFor(access: PrincipalAccess, opts: EffectiveOptions = {}): EffectivePermissions {
  const services = opts.services ? new Set(opts.services.map((s) => s.toLowerCase())) : undefined;
  const candidates = mergeCandidates(access.candidates(services), opts.extraCandidates, services);
  const entries: AccessEntry[] = [];
  const memo = new CoversMemo();
  for (const action of [...candidates.keys()].sort()) {
    const { meta, resources } = candidates.get(action)!;
    const sorted = [...resources].sort();
    const statuses = sorted.map((resource) => access.classify(action, resource));
    const denied = sorted.filter((_, i) => statuses[i] === "Denied");
    sorted.forEach((resource, i) => {
      const status = statuses[i];
      if (status === "Denied") return;
      const entry: AccessEntry = { action, resource, status, service: meta.service, accessLevel: meta.accessLevel };
      if (status === "Conditional" && opts.conditions !== false) {
        const conditions = access.allowConditions(action, resource);
        if (conditions) entry.conditions = conditions;
      }
      if (denied.length > 0) {
        const except = exceptions(access, action, resource, denied, opts.conditions !== false, memo);
        if (except.length > 0) entry.except = except;
      }
      entries.push(entry);
    });
  }
  return { principal: access.principalId, entries };
}

/** The denied patterns that lie inside a granted one, and what denies them. */
function exceptions(
  access: PrincipalAccess,
  action: string,
  granted: string,
  denied: readonly string[],
  explain: boolean,
  memo: CoversMemo,
): AccessException[] {
  const out: AccessException[] = [];
  for (const resource of denied) {
    if (resource === granted || !memo.covers(granted, resource)) continue;
    if (!explain) {
      out.push({ resource, statements: [] });
      continue;
    }
    out.push(access.exception(action, resource));
  }
  return out;
}

export function mergeCandidates(a: Candidates, b: Candidates | undefined, services?: ReadonlySet<string>): Candidates {
  if (!b || b.size === 0) return a;
  const out: Candidates = new Map();
  for (const [k, v] of a) out.set(k, { meta: v.meta, resources: new Set(v.resources) });
  for (const [k, v] of b) {
    if (services && !services.has(v.meta.service)) continue;
    const c = out.get(k);
    if (c) for (const r of v.resources) c.resources.add(r);
    else out.set(k, { meta: v.meta, resources: new Set(v.resources) });
  }
  return out;
}
