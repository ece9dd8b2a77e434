import { findPrincipal } from "../../model/policy-set.js";
import type { AccessModel } from "../../model/types.js";
import { relieveHeap } from "../../util/heap.js";
import { diffEffectivePermissions, gainsAccess } from "./diff-entries.js";
import { effectiveFor } from "./effective.js";
import { PrincipalAccess, releaseModelAccess } from "./principal-access.js";
import type { AccessDiff, EffectivePermissions, PrincipalDiff } from "./types.js";

/**
 * The effective-access diff of two versions of a model: for each principal, the (action, resource
 * pattern, conditions) it gains and loses, decided by the engine — not a text diff, so reordering
 * a spec or repacking statements into other policies shows nothing. Both versions are asked about
 * the union of both versions' resource patterns, so widening `bucket/imagenet/*` to `bucket/*`
 * reads as one addition rather than a removal and an addition.
 */
export function diffModels(before: AccessModel, after: AccessModel): AccessDiff {
  return assembleDiff(diffPrincipals(before, after, diffPrincipalIds(before, after)));
}

/** Every principal id of either version, sorted. */
export function diffPrincipalIds(before: AccessModel, after: AccessModel): string[] {
  return [...new Set([...before.principals.map((p) => p.id), ...after.principals.map((p) => p.id)])].sort();
}

export function assembleDiff(principals: PrincipalDiff[]): AccessDiff {
  const sorted = [...principals].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { newAccess: sorted.some(gainsAccess), principals: sorted };
}

/**
 * The models' effective-access objects are let go every this many principals. Their caches keep
 * up to a thousand compiled policy sets (~270 KB each): over a large organization they grew to
 * ~270 MB in each thread, while the principals that share policies (a team's members, adjacent
 * in the sorted ids) are diffed one after another. Starting afresh every few dozen principals
 * keeps that sharing and the memory of a few teams (measured: the same time, 383 → 121 MB live
 * for the 100-team organization in one thread).
 */
const RELEASE_EVERY = 32;
let diffedSinceRelease = 0;

/** The diffs of some principals (those that changed), in one thread. */
export function diffPrincipals(
  before: AccessModel,
  after: AccessModel,
  ids: readonly string[],
  onPrincipal?: (done: number) => void,
): PrincipalDiff[] {
  const out: PrincipalDiff[] = [];
  let done = 0;
  for (const id of ids) {
    if (++diffedSinceRelease > RELEASE_EVERY) {
      diffedSinceRelease = 1;
      releaseModelAccess(before);
      releaseModelAccess(after);
    }
    relieveHeap();
    const o = findPrincipal(before, id) ? new PrincipalAccess(before, id) : undefined;
    const n = findPrincipal(after, id) ? new PrincipalAccess(after, id) : undefined;
    if (o && n && o.contentKey() === n.contentKey()) {
      onPrincipal?.(++done);
      continue; // the same policies and context decide identically
    }
    let oldEffective: EffectivePermissions[] = [];
    let newEffective: EffectivePermissions[] = [];
    if (o && n) {
      oldEffective = [effectiveFor(o, { extraCandidates: n.candidates() })];
      newEffective = [effectiveFor(n, { extraCandidates: o.candidates() })];
    } else if (o) {
      oldEffective = [effectiveFor(o)];
    } else if (n) {
      newEffective = [effectiveFor(n)];
    }
    out.push(...diffEffectivePermissions(oldEffective, newEffective).principals);
    onPrincipal?.(++done);
  }
  return out;
}
