import type { Statement } from "../../../policy/types.js";
import { ACTION_PATTERN, covers as patternCovers, RESOURCE_PATTERN } from "../../../policy/wildcard.js";
import { PrefixIndex, unionSorted } from "../prefix-index.js";
import type { DocumentRule, Report } from "../types.js";
import { isPattern, literalPrefix, statementJson, statementPath } from "../util.js";

/**
 * What `covers` compares, computed once per statement object (`core`). A policy's statements are
 * its cores and, per statement, `first`: the first statement of the policy with its JSON (its own
 * index when none before).
 */
interface Core {
  st: Statement;
  principal: string;
  condition: string;
  literals: Set<string>;
  /** Wildcard actions, each with its `literalPrefix`. */
  patterns: Array<[pattern: string, prefix: string]>;
  /** `Action`, each lower-cased (empty without one). */
  lower: string[];
  /** `Resource`, each lower-cased, and each one's `resourcePrefix` (`resourcesOf`, made when first asked). */
  resources?: string[];
  resourcePrefixes?: string[];
}

/** A core's lower-cased resources and their prefixes (empty without `Resource`). */
function resourcesOf(c: Core): { resources: string[]; resourcePrefixes: string[] } {
  if (!c.resources || !c.resourcePrefixes) {
    c.resources = (c.st.Resource ?? []).map((r) => r.toLowerCase());
    c.resourcePrefixes = (c.st.Resource ?? []).map(resourcePrefix);
  }
  return c as { resources: string[]; resourcePrefixes: string[] };
}

/**
 * Cores by statement object: a model's compiler shares statement objects among the documents of
 * a team's principals, and a core reads nothing but its statement (read only once made).
 */
const cores = new WeakMap<Statement, Core>();

function core(st: Statement): Core {
  let c = cores.get(st);
  if (!c) {
    const actions = st.Action ?? [];
    const lower = actions.map((a) => a.toLowerCase());
    c = {
      st,
      principal: JSON.stringify(st.Principal ?? null),
      condition: JSON.stringify(st.Condition ?? null),
      literals: new Set(lower.filter((_, j) => !isPattern(actions[j]))),
      patterns: actions.filter(isPattern).map((p) => [p, literalPrefix(p)]),
      lower,
    };
    cores.set(st, c);
  }
  return c;
}

function mayCover(outer: Core, lower: string): boolean {
  return outer.literals.has(lower) || outer.patterns.some(([, prefix]) => lower.startsWith(prefix));
}

/** Whether every request `inner` matches, `outer` matches too (same effect and principal, no narrower condition). */
function covers(outer: Core, inner: Core): boolean {
  const o = outer.st;
  const i = inner.st;
  if (o.Effect !== i.Effect || !o.Action || !i.Action || !o.Resource || !i.Resource) return false;
  if (o.NotPrincipal || i.NotPrincipal || outer.principal !== inner.principal) return false;
  if (o.Condition && outer.condition !== inner.condition) return false;
  // Cheap and exact first: an action `outer` covers equals one of its literals or starts with the
  // literal prefix of one of its patterns. Most pairs fail here, before any wildcard comparison.
  if (!inner.lower.every((a) => mayCover(outer, a))) return false;
  // The same for resources: a pattern covering `r` is one of `r`'s (lower-cased) `resourcePrefix`es.
  const outerResources = o.Resource;
  const { resourcePrefixes } = resourcesOf(outer);
  const { resources } = resourcesOf(inner);
  if (
    !i.Resource.every((r, j) =>
      outerResources.some(
        (x, k) =>
          x === "*" ||
          x === r ||
          (resources[j].startsWith(resourcePrefixes[k]) && patternCovers(x, r, RESOURCE_PATTERN)),
      ),
    )
  )
    return false;
  return i.Action.every((a, j) => {
    const lower = inner.lower[j];
    return (
      outer.literals.has(lower) ||
      outer.patterns.some(([p, prefix]) => lower.startsWith(prefix) && patternCovers(p, a, ACTION_PATTERN))
    );
  });
}

/**
 * The lower-cased text of a resource pattern before its first wildcard or variable: if `x` covers
 * `r`, `r` (lower-cased) starts with it (see `literalPrefix`; a variable may stand for anything).
 */
function resourcePrefix(pattern: string): string {
  let end = 0;
  while (end < pattern.length && pattern[end] !== "*" && pattern[end] !== "?" && pattern[end] !== "$") end++;
  return pattern.slice(0, end).toLowerCase();
}

/** Statements that may cover others, indexed: same effect and principal, then action and resource prefixes. */
interface Group {
  members: number[];
  literals: PrefixIndex;
  actionPrefixes: PrefixIndex;
  resourcePrefixes: PrefixIndex;
}

/**
 * The group a statement is indexed in as a possible cover: same effect and principal, and its
 * condition (`covers` requires an outer statement's condition, when it has one, to equal the
 * inner's), so 10,000 statements differing only in their conditions are not compared pairwise.
 */
function groupKey(sh: Core): string | undefined {
  const st = sh.st;
  if (!st.Action || !st.Resource || st.NotPrincipal) return undefined;
  return `${st.Effect}|${sh.principal}\u0000${st.Condition ? sh.condition : ""}`;
}

/**
 * The groups that may hold a statement covering `sh`: the unconditional statements of its effect
 * and principal, and those with exactly its condition.
 */
function coveringGroupKeys(sh: Core): string[] {
  const st = sh.st;
  if (!st.Action || !st.Resource || st.NotPrincipal) return [];
  const base = `${st.Effect}|${sh.principal}\u0000`;
  return st.Condition ? [base, `${base}${sh.condition}`] : [base];
}

/**
 * The first statement that covers statement `i` (and is not covered back by it, unless it comes
 * first), or -1: the first of each group that may hold one (`coveringGroupKeys`), whichever comes
 * first in the policy.
 */
function coveringStatement(
  shapes: readonly Core[],
  first: readonly number[],
  groups: ReadonlyMap<string, Group>,
  i: number,
): number {
  let found = -1;
  for (const key of coveringGroupKeys(shapes[i])) {
    const group = groups.get(key);
    if (!group) continue;
    const k = coveringIn(shapes, first, group, i);
    if (k >= 0 && (found < 0 || k < found)) found = k;
  }
  return found;
}

/**
 * The first statement of `group` that covers statement `i` (as `coveringStatement`), or -1.
 * Candidates are those that could cover each of `i`'s actions or each of its resources by the
 * prefix pre-filters; the smallest such list is checked in statement order, so the answer is the
 * same as trying every statement in order, without comparing every pair.
 */
function coveringIn(shapes: readonly Core[], first: readonly number[], group: Group, i: number): number {
  const inner = shapes[i];
  let best: number[][] | undefined;
  let bestSize = Number.POSITIVE_INFINITY;
  const consider = (lists: number[][], size: number) => {
    if (size < bestSize) {
      best = lists;
      bestSize = size;
    }
  };
  for (const a of inner.st.Action ?? []) {
    if (bestSize === 0) break;
    const lower = a.toLowerCase();
    const lists: number[][] = [];
    consider(lists, group.literals.exact(lower, lists) + group.actionPrefixes.prefixes(lower, lists));
  }
  for (const r of inner.st.Resource ?? []) {
    if (bestSize === 0) break;
    const lists: number[][] = [];
    consider(lists, group.resourcePrefixes.prefixes(r.toLowerCase(), lists));
  }
  const candidates = best ? unionSorted(best) : group.members;
  for (const k of candidates) {
    if (k === i) continue;
    const o = shapes[k];
    // A later repeat of `i` covers it and is covered back: never the answer (20,000 statements
    // of `"Action": "*"` are not compared with the first of them twice each).
    if (k > i && first[k] === first[i]) continue;
    if (covers(o, inner) && (k < i || !covers(inner, o))) return k;
  }
  return -1;
}

/**
 * Per statement, the first statement of the policy with the same JSON among those that may cover
 * or be covered (`groupKey`), else its own index. Statements with equal JSON have the same `Sid`
 * (the same string, or none, or another value), so only statements sharing one are written as
 * JSON and compared (a compiled policy's Sids are unique: none is written).
 */
function firstWithJson(shapes: readonly Core[]): number[] {
  const first = shapes.map((_, i) => i);
  const bySid = new Map<string, number | number[]>();
  for (let i = 0; i < shapes.length; i++) {
    if (groupKey(shapes[i]) === undefined) continue;
    const sid = shapes[i].st.Sid as unknown;
    const key = typeof sid === "string" ? `s${sid}` : sid === undefined ? "u" : "o";
    const had = bySid.get(key);
    if (had === undefined) bySid.set(key, i);
    else if (typeof had === "number") bySid.set(key, [had, i]);
    else had.push(i);
  }
  for (const members of bySid.values()) {
    if (typeof members === "number") continue;
    const firstOf = new Map<string, number>();
    for (const i of members) {
      const key = statementJson(shapes[i].st);
      const e = firstOf.get(key);
      if (e === undefined) firstOf.set(key, i);
      else first[i] = e;
    }
  }
  return first;
}

/** Policies of at most this many statements are searched pair by pair (`coveringPairwise`): no index to build. */
const PAIRWISE = 64;

/**
 * `coveringStatement` without the indexes: every statement in order, each in a group that may
 * hold a cover of `i` (`coveringGroupKeys`: the same effect and principal, and no condition or
 * `i`'s) and passing the same test, so the first one found is the same.
 */
function coveringPairwise(shapes: readonly Core[], first: readonly number[], i: number): number {
  const inner = shapes[i];
  const st = inner.st;
  if (!st.Action || !st.Resource || st.NotPrincipal) return -1;
  for (let k = 0; k < shapes.length; k++) {
    if (k === i) continue;
    const o = shapes[k];
    // As in `coveringIn`: a later repeat of `i` is never the answer.
    if (k > i && first[k] === first[i]) continue;
    // Not in a group `coveringGroupKeys(inner)` names (`covers` requires the rest of `groupKey`).
    if (o.st.Condition && !st.Condition) continue;
    if (covers(o, inner) && (k < i || !covers(inner, o))) return k;
  }
  return -1;
}

function indexGroups(shapes: readonly Core[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  shapes.forEach((sh, k) => {
    const key = groupKey(sh);
    if (key === undefined) return;
    let g = groups.get(key);
    if (!g) {
      g = {
        members: [],
        literals: new PrefixIndex(),
        actionPrefixes: new PrefixIndex(),
        resourcePrefixes: new PrefixIndex(),
      };
      groups.set(key, g);
    }
    g.members.push(k);
    for (const l of sh.literals) g.literals.add(l, k);
    for (const [, prefix] of sh.patterns) g.actionPrefixes.add(prefix, k);
    for (const r of sh.st.Resource ?? []) g.resourcePrefixes.add(resourcePrefix(r), k);
  });
  return groups;
}

export const redundantStatement: DocumentRule = {
  scope: "document",
  meta: {
    id: "redundant-statement",
    severity: "suggestion",
    category: "grammar",
    description: "A statement whose every action and resource another statement of the policy already covers.",
    explanation:
      "A statement that is a subset of another one with the same effect (and no narrower condition on the " +
      "other) changes no decision: it only costs policy size. Often it is a leftover of an edit that widened " +
      "another statement. Fix: delete it, or narrow the wider statement if that was the mistake.",
    equivalents: { accessAnalyzer: "REDUNDANT_STATEMENT" },
    messages: {
      covered: "statement {{statement}} is already covered by statement {{by}}",
    },
  },
  check(ctx) {
    const out: Report[] = [];
    // A statement is covered by another one or not at all: a lone statement never is (a folder of
    // one-statement files skips the shapes and indexes).
    const list = ctx.document.Statement ?? [];
    if (list.length < 2) return out;
    const shapes = list.map(core);
    const first = firstWithJson(shapes);
    // A few statements are compared pair by pair; more are indexed first.
    const groups = shapes.length > PAIRWISE ? indexGroups(shapes) : undefined;
    const search = (i: number) =>
      groups ? coveringStatement(shapes, first, groups, i) : coveringPairwise(shapes, first, i);
    // A repeat of an earlier statement `e` (the same JSON) is covered by whatever covers `e` from
    // before it, else by `e` itself (each covers the other, and `e` comes first): answered from
    // `e`, not searched again (a policy of one statement per service, written 20 times over).
    const answers: Array<number | undefined> = [];
    const answer = (i: number): number => {
      let by = answers[i];
      if (by === undefined) {
        by = search(i);
        answers[i] = by;
      }
      return by;
    };
    for (let i = 0; i < shapes.length; i++) {
      let by: number;
      const e = first[i];
      if (e === i) by = answer(i);
      else {
        const before = answer(e);
        by = before >= 0 && before < e ? before : e;
      }
      if (by >= 0) out.push({ messageId: "covered", data: { statement: i, by }, path: statementPath(i) });
    }
    return out;
  },
};
