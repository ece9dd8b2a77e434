import { canonicalValue } from "../policy/canonical.js";
import { hasNormalizedShape, libraryDocument } from "../policy/normalize.js";
import { policySize } from "../policy/size.js";
import type { ConditionBlock, PolicyDocument, Statement } from "../policy/types.js";

/**
 * Packing a principal's statements into as few policies as its quotas allow, in three separately
 * testable steps (after AWS CDK's merge-statements and size-aware splitting):
 *
 * 1. `mergeStatements`: statements that agree on effect, conditions and resources are merged by
 *    uniting their actions, and statements that agree on effect, conditions and actions by uniting
 *    their resources, until nothing more merges. Both are exact: IAM ORs the values of a list.
 * 2. `sortStatements`: a deterministic order (by Sid, then canonical JSON) so equal inputs give
 *    byte-identical policies whatever order the activities produced them in.
 * 3. `packStatements`: first-fit into documents of at most `maxSize` non-whitespace characters
 *    (as `policySize` counts them); a statement too big for one document is split by its
 *    resources, then its actions.
 */

export const POLICY_VERSION = "2012-10-17";

const uniqSorted = (xs: readonly string[]): string[] => [...new Set(xs)].sort(byCodeUnit);

/** Strictly increasing by code unit: already sorted and de-duplicated. */
function isSortedUnique(xs: readonly string[]): boolean {
  for (let i = 1; i < xs.length; i++) if (!(xs[i - 1] < xs[i])) return false;
  return true;
}

// Lists are never mutated once built, so a list already in normal form is shared, not copied: the
// activities build every statement sorted and de-duplicated (activities/build.ts).
const normalList = (xs: readonly string[]): string[] => (isSortedUnique(xs) ? (xs as string[]) : uniqSorted(xs));

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isNormalCondition(c: ConditionBlock): boolean {
  const ops = Object.keys(c);
  if (!isSortedUnique(ops)) return false;
  for (const op of ops) {
    const keys = Object.keys(c[op]);
    if (!isSortedUnique(keys)) return false;
    for (const k of keys) if (!isSortedUnique(c[op][k])) return false;
  }
  return true;
}

function normalizeCondition(c: ConditionBlock): ConditionBlock {
  if (isNormalCondition(c)) return c;
  const out: ConditionBlock = {};
  for (const op of Object.keys(c).sort(byCodeUnit)) {
    const keys: Record<string, string[]> = {};
    for (const k of Object.keys(c[op]).sort(byCodeUnit)) keys[k] = uniqSorted(c[op][k]);
    out[op] = keys;
  }
  return out;
}

/** `normalizeStatement` would return an equal statement (same keys, same values, same order). */
function isNormalStatement(s: Statement): boolean {
  // Keys in normalizeStatement's order, none undefined, none other (an unknown key is at -1).
  let order = -1;
  for (const key of Object.keys(s)) {
    const at = STATEMENT_ORDER.indexOf(key);
    if (at <= order || (s as unknown as Record<string, unknown>)[key] === undefined) return false;
    order = at;
  }
  for (const list of [s.Action, s.NotAction, s.Resource, s.NotResource]) {
    if (list !== undefined && (!Array.isArray(list) || !isSortedUnique(list))) return false;
  }
  if (s.Condition !== undefined && (Object.keys(s.Condition).length === 0 || !isNormalCondition(s.Condition))) {
    return false;
  }
  return true;
}

const STATEMENT_ORDER = [
  "Effect",
  "Sid",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
];

/** Lists sorted and de-duplicated, condition values sorted: the same meaning, one spelling. */
export function normalizeStatement(s: Statement): Statement {
  const out: Statement = { Effect: s.Effect };
  if (s.Sid !== undefined) out.Sid = s.Sid;
  if (s.Principal !== undefined) out.Principal = s.Principal;
  if (s.NotPrincipal !== undefined) out.NotPrincipal = s.NotPrincipal;
  if (s.Action) out.Action = normalList(s.Action);
  if (s.NotAction) out.NotAction = normalList(s.NotAction);
  if (s.Resource) out.Resource = normalList(s.Resource);
  if (s.NotResource) out.NotResource = normalList(s.NotResource);
  if (s.Condition && Object.keys(s.Condition).length > 0) out.Condition = normalizeCondition(s.Condition);
  return out;
}

// Statements are never mutated once built (merging builds new ones), so their canonical JSON can
// be cached by identity: sorting and sizing ask for it many times. The model keeps its statements,
// so `compileSpec` forgets the cache when it returns (100 teams: 14 MB of JSON per model otherwise).
let jsonCache = new WeakMap<Statement, string>();

/** Drops every cached statement JSON and size (`compileSpec` calls it when done). */
export function forgetStatementJson(): void {
  jsonCache = new WeakMap();
  sizeCache = new WeakMap();
}

export function statementJson(s: Statement): string {
  let json = jsonCache.get(s);
  if (json === undefined) {
    json = writeStatementJson(s);
    jsonCache.set(s, json);
  }
  return json;
}

/** `statementJson` without the cache (for a statement made only to be measured). */
function writeStatementJson(s: Statement): string {
  return isPlain(s)
    ? plainStatementJson(s)
    : JSON.stringify((canonicalValue({ Statement: [s] }).Statement as unknown[])[0]);
}

/** A statement `plainStatementJson` writes (and `plainStatementSize` sizes) exactly as canonical.ts would. */
function isPlain(s: Statement): boolean {
  return s.Principal === undefined && s.NotPrincipal === undefined && typeof s.Effect === "string" && !hasIndexKeys(s);
}

/**
 * `canonicalJson`'s text of a statement without principals, written directly (no canonical copy
 * of every list first): the same keys in the same order, a one-value list as its lone string.
 * test/compile/pack.test.ts holds the two equal.
 */
function plainStatementJson(s: Statement): string {
  let out = s.Sid !== undefined ? `{"Sid":${JSON.stringify(s.Sid)},"Effect":` : `{"Effect":`;
  out += JSON.stringify(s.Effect);
  if (s.Action !== undefined) out += `,"Action":${listJson(s.Action)}`;
  if (s.NotAction !== undefined) out += `,"NotAction":${listJson(s.NotAction)}`;
  if (s.Resource !== undefined) out += `,"Resource":${listJson(s.Resource)}`;
  if (s.NotResource !== undefined) out += `,"NotResource":${listJson(s.NotResource)}`;
  if (s.Condition !== undefined) {
    out += `,"Condition":{`;
    let firstOp = true;
    for (const op of Object.keys(s.Condition).sort(byCodeUnit)) {
      out += `${firstOp ? "" : ","}${JSON.stringify(op)}:{`;
      firstOp = false;
      let firstKey = true;
      const keys = s.Condition[op];
      for (const k of Object.keys(keys).sort(byCodeUnit)) {
        out += `${firstKey ? "" : ","}${JSON.stringify(k)}:${listJson(keys[k])}`;
        firstKey = false;
      }
      out += "}";
    }
    out += "}";
  }
  return `${out}}`;
}

// As canonical.ts's `list` (which copies what it is given with `[...values]`).
const listJson = (values: readonly string[]) =>
  JSON.stringify(values.length === 1 ? values[0] : Array.isArray(values) ? values : [...values]);

/** JSON.stringify writes integer-like keys first, whatever order they were set in: leave those to canonical.ts. */
function hasIndexKeys(s: Statement): boolean {
  if (s.Condition === undefined) return false;
  for (const op of Object.keys(s.Condition)) {
    if (/^\d+$/.test(op)) return true;
    for (const k of Object.keys(s.Condition[op])) if (/^\d+$/.test(k)) return true;
  }
  return false;
}

/**
 * Merging copies a statement and replaces one list, so the other list and the condition are shared
 * between a statement and its merged successors. Within one merge, each distinct list or condition
 * (by its JSON) gets a small number, cached by identity, so merge keys stay short whatever the
 * lists hold.
 */
class PartIds {
  // Lives for one merge only: a Map is cheaper than a WeakMap, and is dropped with it.
  private readonly byObject = new Map<object, number>();
  private readonly byJson = new Map<string, number>();
  /** A one-value list (most are) by its value: no text to build, no object to remember. */
  private readonly bySingle = new Map<string, number>();
  private count = 0;

  of(value: object | undefined): number {
    if (value === undefined) return 0;
    if (Array.isArray(value) && value.length === 1 && typeof value[0] === "string") {
      let id = this.bySingle.get(value[0]);
      if (id === undefined) {
        id = ++this.count;
        this.bySingle.set(value[0], id);
      }
      return id;
    }
    let id = this.byObject.get(value);
    if (id === undefined) {
      const json = JSON.stringify(value);
      id = this.byJson.get(json);
      if (id === undefined) {
        id = ++this.count;
        this.byJson.set(json, id);
      }
      this.byObject.set(value, id);
    }
    return id;
  }

  /** What must agree for two (normalized) statements to merge on `on`: everything else. */
  keyOf(s: Statement, keepSids: boolean, on: "Action" | "Resource"): string {
    const other = on === "Action" ? s.Resource : s.Action;
    // Normalized statements have sorted lists and condition keys, so equal parts have equal JSON.
    return `${s.Effect}|${keepSids ? (s.Sid ?? "") : ""}|${this.of(other)}|${this.of(s.Condition)}`;
  }
}

/** The `PartIds` every merge in `withSharedMergeKeys`' scope shares (else each merge has its own). */
let scopeIds: PartIds | undefined;

/**
 * Runs `f` with one `PartIds` for all its merges: the statements a caller packs several times (a
 * team's Denies, in each of its principals' policies; a persona's, for its permission set's inline
 * policy and the managed ones beyond it) have their lists and conditions written once, not once per
 * merge. Ids only tell equal parts from different ones, so sharing them changes no merge; the ids
 * are dropped with the scope.
 */
export function withSharedMergeKeys<T>(f: () => T): T {
  if (scopeIds) return f();
  scopeIds = new PartIds();
  try {
    return f();
  } finally {
    scopeIds = undefined;
  }
}

// Only plain `Action` + `Resource` statements merge; a NotAction/NotResource/Principal list
// cannot be united without changing what the statement means.
const mergeable = (s: Statement) =>
  s.Action && s.Resource && !s.NotAction && !s.NotResource && !s.Principal && !s.NotPrincipal;

function mergePass(
  ids: PartIds,
  statements: Statement[],
  keepSids: boolean,
  on: "Action" | "Resource",
  alone: (s: Statement) => boolean,
): Statement[] {
  const groups = new Map<string, Statement[]>();
  const out: Array<Statement | Statement[]> = [];
  for (const s of statements) {
    if (!mergeable(s) || alone(s)) {
      out.push(s);
      continue;
    }
    const key = ids.keyOf(s, keepSids, on);
    const group = groups.get(key);
    if (group) group.push(s);
    else {
      const g = [s];
      groups.set(key, g);
      out.push(g);
    }
  }
  return out.map((entry) => {
    if (!Array.isArray(entry)) return entry;
    const [first] = entry;
    const dropSid = !keepSids && first.Sid !== undefined;
    if (entry.length === 1 && !dropSid) return first;
    const merged: Statement = { ...first };
    if (!keepSids) delete merged.Sid;
    if (entry.length > 1) merged[on] = uniqSorted(entry.flatMap((s) => s[on] ?? []));
    return merged;
  });
}

/**
 * Merges statements that differ only in their actions, or only in their resources. With
 * `keepSids` (the default) only statements with the same Sid (or none) merge, so explanations keep
 * naming the activity a statement came from; without it Sids are dropped and everything that can
 * merge does.
 */
export function mergeStatements(statements: readonly Statement[], opts: { keepSids?: boolean } = {}): Statement[] {
  const keepSids = opts.keepSids ?? true;
  const ids = scopeIds ?? new PartIds();
  // Which statements merge depends only on their keys, not on their order, so the order is fixed
  // once, before the one step that depends on it (of two equal statements the first stays).
  // A statement already in normal form is kept (its JSON and size, cached by identity, are then
  // written once, not once per packing of it); one listed twice is copied, so that dropping one
  // of two equal statements (by identity) keeps the other.
  const seen = new Set<Statement>();
  let current = statements.map((s) => {
    const n = isNormalStatement(s) && !seen.has(s) ? s : normalizeStatement(s);
    seen.add(n);
    return n;
  });
  // Keeping Sids, a statement whose Sid no other mergeable statement has merges with nothing (and
  // merging keeps Sids, so it stays alone): it is not keyed at all (a team granted thousands of
  // datasets has a Sid per dataset).
  let alone = (_: Statement) => false;
  if (keepSids) {
    const counts = new Map<string, number>();
    for (const s of current) if (s.Sid !== undefined && mergeable(s)) counts.set(s.Sid, (counts.get(s.Sid) ?? 0) + 1);
    alone = (s) => s.Sid !== undefined && counts.get(s.Sid) === 1;
  }
  for (;;) {
    const byResource = mergePass(ids, current, keepSids, "Resource", alone);
    const next = mergePass(ids, byResource, keepSids, "Action", alone);
    // When the Action pass merged nothing, no two statements have the same actions and key (the
    // Resource pass just united them) nor the same resources: another round would merge nothing.
    if (next.length !== byResource.length) {
      current = next;
      continue;
    }
    // Without Sids, statements that agree on all but their actions (or resources) have just been
    // merged: none is left to cover another.
    return keepSids ? dropCovered(ids, sortStatements(next)) : sortStatements(next);
  }
}

/**
 * Drops a statement that another one already grants: same effect, conditions and resources, and
 * its actions a subset of the other's (or the same with actions and resources swapped), whatever
 * the Sids. Values are compared literally (no wildcard reasoning), so this is exact. Of two equal
 * statements the first in order stays.
 */
/** `dropCovered` on its own (for tests: mergeStatements applies it to what it merged). */
export function dropCoveredStatements(statements: Statement[]): Statement[] {
  return dropCovered(new PartIds(), statements);
}

/** Groups up to this size are compared pair by pair in `dropCovered`. */
const SMALL_GROUP = 16;

function dropCovered(ids: PartIds, statements: Statement[]): Statement[] {
  const dropped = new Set<Statement>();
  for (const on of ["Action", "Resource"] as const) {
    const other = on === "Action" ? "Resource" : "Action";
    // The statements of a group have the same other list, so the same first value in it: they are
    // gathered by that value first (a string of the statement, no key to write), and keyed only
    // where it repeats. Groups are independent, so the order they are visited in changes nothing.
    const byFirst = new Map<string | undefined, Statement | Statement[]>();
    for (const s of statements) if (!dropped.has(s) && mergeable(s)) addTo(byFirst, (s[other] as string[])[0], s);
    for (const gathered of byFirst.values()) {
      // Alone in its group, a statement covers nothing and nothing covers it.
      if (!Array.isArray(gathered)) continue;
      if (gathered.length <= SMALL_GROUP) {
        // A few: compared part by part (most differ in their conditions), no key written.
        const groups: Statement[][] = [];
        for (const s of gathered) {
          const group = groups.find((g) => sameParts(g[0], s, other));
          if (group) group.push(s);
          else groups.push([s]);
        }
        for (const group of groups) if (group.length > 1) dropCoveredIn(group, on, dropped);
        continue;
      }
      const groups = new Map<string, Statement | Statement[]>();
      for (const s of gathered) addTo(groups, ids.keyOf(s, false, on), s);
      for (const group of groups.values()) if (Array.isArray(group)) dropCoveredIn(group, on, dropped);
    }
  }
  return dropped.size === 0 ? statements : statements.filter((s) => !dropped.has(s));
}

/**
 * Do two statements have the same `keyOf(…, false, on)`, `other` being the list other than `on`:
 * the same effect, the same `other` list and the same condition, as their JSON tells them apart
 * (values in the same order, keys in the same order)?
 */
function sameParts(a: Statement, b: Statement, other: "Action" | "Resource"): boolean {
  return a.Effect === b.Effect && sameValue(a[other], b[other]) && sameValue(a.Condition, b.Condition);
}

/** Equal as JSON writes them, for the lists and condition blocks of statements (strings, arrays, plain objects). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const list = b as unknown[];
    if (a.length !== list.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], list[i])) return false;
    return true;
  }
  const keys = Object.keys(a);
  const others = Object.keys(b);
  if (keys.length !== others.length) return false;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== others[i]) return false;
    if (!sameValue((a as Record<string, unknown>)[keys[i]], (b as Record<string, unknown>)[keys[i]])) return false;
  }
  return true;
}

/** Adds `s` to the group of `key`, in order: a group of one is the statement itself (most are: no array for it). */
function addTo<K>(groups: Map<K, Statement | Statement[]>, key: K, s: Statement): void {
  const g = groups.get(key);
  if (g === undefined) groups.set(key, s);
  else if (Array.isArray(g)) g.push(s);
  else groups.set(key, [g, s]);
}

/** `dropCovered` within one group of statements that differ only in `on`. */
function dropCoveredIn(group: Statement[], on: "Action" | "Resource", dropped: Set<Statement>): void {
  const lists = group.map((s) => s[on] ?? []);
  const sets: Array<Set<string> | undefined> = [];
  const setOf = (j: number) => {
    let set = sets[j];
    if (!set) {
      set = new Set(lists[j]);
      sets[j] = set;
    }
    return set;
  };
  // Only a statement holding every value of `s` can cover it: those holding its rarest value are
  // the candidates (a group of thousands of dataset statements, one resource each, costs a look-up
  // per statement, not a comparison with every other). A few statements are compared directly.
  const indexed = group.length > SMALL_GROUP;
  const holding = new Map<string, number | number[]>();
  if (indexed) {
    for (let j = 0; j < group.length; j++) {
      for (const v of lists[j]) {
        const h = holding.get(v);
        if (h === undefined) holding.set(v, j);
        else if (typeof h === "number") {
          if (h !== j) holding.set(v, [h, j]);
        } else if (h[h.length - 1] !== j) h.push(j);
      }
    }
  }
  const covers = (j: number, i: number, own: readonly string[], holdsOwn: boolean) => {
    if (j === i || dropped.has(group[j])) return false;
    const values = lists[j];
    // Lists are normalized (sorted, no repeats) except when a caller passes others: count distinct values then.
    const distinct = values.length < 2 ? values.length : setOf(j).size;
    const subset = holdsOwn || own.every((v) => setOf(j).has(v));
    return subset && (own.length < distinct || j < i);
  };
  // In order, so an equal statement earlier in the list is the one kept.
  for (let i = 0; i < group.length; i++) {
    const own = lists[i];
    let covered = false;
    if (indexed && own.length > 0) {
      let rarest: number | number[] = holding.get(own[0])!;
      for (const v of own) {
        const h = holding.get(v)!;
        if ((typeof h === "number" ? 1 : h.length) < (typeof rarest === "number" ? 1 : rarest.length)) rarest = h;
      }
      // Each candidate holds `own`'s rarest value: with one value, that is all of it.
      const holdsOwn = own.length === 1;
      if (typeof rarest === "number") covered = covers(rarest, i, own, holdsOwn);
      else for (let k = 0; k < rarest.length && !covered; k++) covered = covers(rarest[k], i, own, holdsOwn);
    } else {
      for (let j = 0; j < group.length && !covered; j++) covered = covers(j, i, own, false);
    }
    if (covered) dropped.add(group[i]);
  }
}

/** Deterministic order: by Sid (statements without one last), then by canonical JSON. */
export function sortStatements(statements: readonly Statement[]): Statement[] {
  // The JSON (cached by identity) is needed only to order statements with equal Sids.
  return [...statements].sort(
    (a, b) => byCodeUnit(a.Sid ?? "\uffff", b.Sid ?? "\uffff") || byCodeUnit(statementJson(a), statementJson(b)),
  );
}

const EMPTY_SIZE = policySize({ Version: POLICY_VERSION, Statement: [] });

let sizeCache = new WeakMap<Statement, number>();
const NEEDS_COUNTING = /[\t\n\v\f\r \ud800-\udbff]/;

/** The size one statement adds to a document (not counting the comma between statements). */
export function statementSize(s: Statement): number {
  let size = sizeCache.get(s);
  if (size === undefined) {
    if (isPlain(s)) size = plainStatementSize(s);
    else {
      const json = statementJson(s);
      // JSON.stringify writes no white space of its own: unless a value holds some (or a surrogate
      // pair, one character to IAM), the size is the length.
      size = NEEDS_COUNTING.test(json) ? policySize(json) : json.length;
    }
    sizeCache.set(s, size);
  }
  return size;
}

/**
 * `policySize` of a statement's text in `canonicalJson`, counted from its values (no text written,
 * nothing cached) when the statement is plain (`isPlain`), else undefined: for sizing statements
 * the compiler did not make (the policy-size rule's).
 */
export function plainCanonicalSize(s: Statement): number | undefined {
  return isPlain(s) ? plainStatementSize(s) : undefined;
}

/** A key's size as written (`"Action":`). */
const keySize = (key: string) => key.length + 3;

/**
 * `policySize` of `plainStatementJson(s)`, counted from the values instead of writing the text: the
 * size is the sum of its parts' (IAM counts no white space, and a surrogate pair is never split
 * between two JSON strings), so a statement only sized (a quota error's, or one packed into a
 * document no one reads) costs no text. test/compile/pack.test.ts holds the two equal.
 */
function plainStatementSize(s: Statement): number {
  // `{"Effect":…}`, with each further key after a comma.
  let n = 2 + keySize("Effect") + valueSize(s.Effect as string);
  if (s.Sid !== undefined) n += 1 + keySize("Sid") + valueSize(s.Sid);
  if (s.Action !== undefined) n += 1 + keySize("Action") + plainListSize(s.Action);
  if (s.NotAction !== undefined) n += 1 + keySize("NotAction") + plainListSize(s.NotAction);
  if (s.Resource !== undefined) n += 1 + keySize("Resource") + plainListSize(s.Resource);
  if (s.NotResource !== undefined) n += 1 + keySize("NotResource") + plainListSize(s.NotResource);
  if (s.Condition !== undefined) {
    // `"Condition":{…}`, each operator `"op":{…}`, each key `"k":list`, commas between.
    n += 1 + keySize("Condition") + 2;
    let ops = 0;
    for (const op of Object.keys(s.Condition)) {
      const keys = s.Condition[op];
      n += (ops++ > 0 ? 1 : 0) + valueSize(op) + 1 + 2;
      let count = 0;
      for (const k of Object.keys(keys)) n += (count++ > 0 ? 1 : 0) + valueSize(k) + 1 + plainListSize(keys[k]);
    }
  }
  return n;
}

/** `listJson`'s size: a one-value list as its lone string, any other as an array. */
function plainListSize(values: readonly string[]): number {
  if (values.length === 1) return valueSize(values[0]);
  let n = 0;
  let count = 0;
  for (const v of values) n += (count++ > 0 ? 1 : 0) + valueSize(v);
  return n + 2;
}

/** Splits a statement whose own size exceeds `maxSize` into pieces that fit, by resources then actions. */
export function split(s: Statement, maxSize: number): Statement[] {
  if (EMPTY_SIZE + statementSize(s) <= maxSize) return [s];
  for (const field of ["Resource", "Action", "NotResource"] as const) {
    const values = s[field];
    // Splitting a NotResource list would widen each piece: never.
    if (field === "NotResource" || !values || values.length < 2) continue;
    const sized = halvesBySize(s, field, values, maxSize);
    if (sized) return sized;
    const half = Math.ceil(values.length / 2);
    return [
      ...split({ ...s, [field]: values.slice(0, half) }, maxSize),
      ...split({ ...s, [field]: values.slice(half) }, maxSize),
    ];
  }
  return [s];
}

/**
 * `split`'s halving of one list, the pieces' sizes computed from the values' instead of writing
 * each piece's JSON (a list of 40,000 ARNs halved a dozen times wrote 12 times its text): the
 * same pieces. Only for a statement whose size is counted from its values (`isPlain`): otherwise
 * undefined, and `split` halves as before.
 */
function halvesBySize(
  s: Statement,
  field: "Resource" | "Action",
  values: readonly string[],
  maxSize: number,
): Statement[] | undefined {
  if (!isPlain(s)) return undefined;
  // `at[i]`: the size of the first i values as written.
  const at = [0];
  for (const v of values) at.push(at[at.length - 1] + valueSize(v));
  // A one-value list is written as its lone string; a longer one as an array.
  const listSize = (lo: number, hi: number) => (hi - lo === 1 ? at[hi] - at[lo] : 2 + at[hi] - at[lo] + (hi - lo - 1));
  // A plain statement's size is the sum of its parts' (`plainStatementSize`), so each piece's is
  // the rest's and its list's: the size `split` would measure it at, known before it is made.
  const rest = statementSize(s) - listSize(0, values.length);
  const out: Statement[] = [];
  const halve = (lo: number, hi: number): void => {
    const size = rest + listSize(lo, hi);
    if (EMPTY_SIZE + size <= maxSize) {
      const piece: Statement = { ...s, [field]: values.slice(lo, hi) };
      sizeCache.set(piece, size);
      out.push(piece);
    } else if (hi - lo >= 2) {
      const half = lo + Math.ceil((hi - lo) / 2);
      halve(lo, half);
      halve(half, hi);
    } else {
      // One value left and still too large: the next list (or nothing) is split, as `split` does.
      for (const piece of split({ ...s, [field]: values.slice(lo, hi) }, maxSize)) out.push(piece);
    }
  };
  halve(0, values.length);
  return out;
}

export interface PackOptions {
  /** Largest document, in `policySize` characters. */
  maxSize: number;
  /** Most documents allowed. */
  maxPolicies: number;
  /** Merge only statements with equal Sids (default true). */
  keepSids?: boolean;
}

export interface PackResult {
  documents: PolicyDocument[];
  /** `policySize` of each document. */
  sizes: number[];
  /** Every statement fits a document and there are at most `maxPolicies` documents. */
  fits: boolean;
  /** A single statement larger than `maxSize` on its own (cannot be split further). */
  oversized: Statement[];
  /** The size of all statements in one document, for diagnostics. */
  totalSize: number;
}

/**
 * Merges, sorts and packs statements into documents of at most `maxSize`. When they do not fit in
 * `maxPolicies` documents while keeping Sids, packing is retried without Sids (merging more).
 * Statements as AWS accepts them in JSON are read as their normalized form.
 */
export function packStatements(statements: readonly Statement[], opts: PackOptions): PackResult {
  // Raw AWS statements (`"Action": "s3:GetObject"`) are packed as their normalized form; ones IAM
  // rejects are a DiagnosticsError, never a TypeError or a string packed as its characters.
  const normalized =
    Array.isArray(statements) && statements.every(hasNormalizedShape)
      ? statements
      : libraryDocument({ Version: "2012-10-17", Statement: statements }).Statement;
  const first = packOnce(normalized, opts.maxSize, opts.keepSids ?? true);
  if (first.fits(opts.maxPolicies) || opts.keepSids === false) return first.result(opts.maxPolicies);
  // The retry merges everything it can, which costs as much as packing did; when even a perfect
  // packing of what must be written cannot fit, it would fail too (and the first result is the one
  // reported either way).
  const capacity = opts.maxPolicies * (opts.maxSize - EMPTY_SIZE);
  if (packedSizeLowerBound(normalized, capacity) > capacity) {
    return first.result(opts.maxPolicies);
  }
  const second = packOnce(normalized, opts.maxSize, false);
  return (second.fits(opts.maxPolicies) ? second : first).result(opts.maxPolicies);
}

/** What `certainOverflow` knows of statements no packing can fit. */
export interface CertainOverflow {
  /** At least this many documents of `maxSize`, however the statements are merged and split. */
  policies: number;
  /** At least this many characters of statements (envelopes and commas not counted). */
  size: number;
}

/**
 * The statements need more than `maxPolicies` documents of `maxSize` whatever packing
 * `packStatements` tries (with or without Sids), and none of them is too large for a document on
 * its own (so its result would report no `oversized` statement, only too many documents): the
 * least they need, from `packedSizeLowerBound`, without packing them. Undefined otherwise (they
 * may fit, or one may be too large on its own: pack them to know). A principal granted tens of
 * thousands of datasets is refused without merging them twice.
 */
export function certainOverflow(statements: readonly Statement[], opts: PackOptions): CertainOverflow | undefined {
  const room = opts.maxSize - EMPTY_SIZE;
  const capacity = opts.maxPolicies * room;
  if (packedSizeLowerBound(statements, capacity) <= capacity) return undefined;
  // A piece of a merged statement holds one of its actions and resources, each found with the
  // other in one given statement of the same effect, condition and Sid: no piece is larger than
  // that statement, and a repeated Sid adds its counter (`Read12`). A given statement smaller than
  // a document by that margin leaves no piece too large, so the packing would only run out of documents.
  for (const s of statements) if (statementSize(s) + SID_COUNTER_MARGIN > room) return undefined;
  const size = packedSizeLowerBound(statements);
  return { policies: Math.ceil(size / room), size };
}

/** More than the digits `uniqueSids` can add to a Sid (a statement list longer than 10^12 is not packed). */
const SID_COUNTER_MARGIN = 12;

function packOnce(statements: readonly Statement[], maxSize: number, keepSids: boolean) {
  const merged = mergeStatements(statements, { keepSids });
  // Sids are made unique before sizing, so a renamed Sid (`Read2`) is counted where it lands.
  // Most statements fit as they are: those are not wrapped in a list of one to be flattened.
  const whole: Statement[] = [];
  for (const s of merged) {
    if (EMPTY_SIZE + statementSize(s) <= maxSize) whole.push(s);
    else for (const piece of split(s, maxSize)) whole.push(piece);
  }
  const pieces = uniqueSids(whole);
  const bins: Array<{ statements: Statement[]; size: number }> = [];
  const oversized: Statement[] = [];
  let totalSize = EMPTY_SIZE;
  const fit = new FirstFit();
  for (const s of pieces) {
    const size = statementSize(s);
    totalSize += size + (totalSize > EMPTY_SIZE ? 1 : 0);
    if (EMPTY_SIZE + size > maxSize) {
      oversized.push(s);
      continue;
    }
    // Every bin holds a statement, so the next one costs its size and a comma.
    const i = fit.first(size + 1);
    if (i < bins.length) {
      bins[i].size += size + 1;
      bins[i].statements.push(s);
      fit.set(i, maxSize - bins[i].size);
    } else {
      bins.push({ statements: [s], size: EMPTY_SIZE + size });
      fit.set(i, maxSize - EMPTY_SIZE - size);
    }
  }
  const documents = bins.map((b) => ({ Version: POLICY_VERSION, Statement: b.statements }));
  // A document's size is its statements' sizes, the commas between them and the envelope.
  const sizes = bins.map((b) => b.size);
  return {
    fits: (maxPolicies: number) => oversized.length === 0 && documents.length <= maxPolicies,
    result: (maxPolicies: number): PackResult => ({
      documents,
      sizes,
      fits: oversized.length === 0 && documents.length <= maxPolicies,
      oversized,
      totalSize,
    }),
  };
}

/** Sids must be unique within a document (here: across the principal): a repeat gets a counter (`Read`, `Read2`). */
export function uniqueSids(statements: Statement[]): Statement[] {
  const used = new Set<string>();
  // Per Sid, the counter its last repeat stopped at: every smaller one is taken (and stays taken),
  // so thousands of pieces of one statement do not each count up from 2.
  const next = new Map<string, number>();
  return statements.map((s) => {
    if (s.Sid === undefined) return s;
    let sid = s.Sid;
    let n = next.get(s.Sid) ?? 2;
    if (used.has(sid)) {
      for (sid = `${s.Sid}${n}`; used.has(sid); ) sid = `${s.Sid}${++n}`;
      next.set(s.Sid, n);
    }
    used.add(sid);
    return sid === s.Sid ? s : { ...s, Sid: sid };
  });
}

/**
 * First-fit's question, "the first bin with room for n", answered in O(log bins) (a tree of each
 * range's largest room) instead of asking every bin in turn: a principal granted thousands of
 * datasets fills hundreds of bins. The same answer as scanning, so the same packing.
 */
export class FirstFit {
  /** `room[leaves + i]`: bin i's room; `room[k]`: the largest room under node k (-1: no bin). */
  private room: number[] = [-1, -1];
  private leaves = 1;
  private count = 0;

  /** The first bin whose room is at least `n`, or the number of bins if none has. */
  first(n: number): number {
    if (this.room[1] < n) return this.count;
    let k = 1;
    while (k < this.leaves) k = this.room[2 * k] >= n ? 2 * k : 2 * k + 1;
    return k - this.leaves;
  }

  /** Sets bin i's room (i at most the number of bins: a new bin is added at the end). */
  set(i: number, room: number): void {
    if (i === this.count) this.count++;
    if (i >= this.leaves) {
      const old = this.room;
      const leaves = this.leaves * 2;
      this.room = new Array(2 * leaves).fill(-1);
      for (let j = 0; j < this.leaves; j++) this.room[leaves + j] = old[this.leaves + j];
      this.leaves = leaves;
      for (let k = leaves - 1; k >= 1; k--) this.room[k] = Math.max(this.room[2 * k], this.room[2 * k + 1]);
    }
    let k = this.leaves + i;
    this.room[k] = room;
    for (k >>= 1; k >= 1; k >>= 1) this.room[k] = Math.max(this.room[2 * k], this.room[2 * k + 1]);
  }
}

/**
 * At most what any packing of `statements` without Sids writes, in statement characters (each
 * document's envelope and the commas between statements not counted): `packStatements`' retry
 * can fit in n documents of `maxSize` only if this is at most n × (maxSize − the envelope).
 *
 * Statements with the same effect and conditions are all that merging or dropping a covered
 * statement ever combines, and neither loses a value, nor does splitting: each class writes at
 * least one statement (its effect, conditions and the two keys) holding each of its distinct
 * actions and resources at least once. Any other statement is written whole (split into pieces
 * that together are no smaller).
 *
 * With a `limit`, counting stops as soon as the bound is past it (the result is then more than
 * `limit` and at most the bound): the callers only ask whether it is.
 */
export function packedSizeLowerBound(statements: readonly Statement[], limit = Number.POSITIVE_INFINITY): number {
  let total = 0;
  // By effect, then by the condition's text: the same text object each time (from `conditions`),
  // so its hash is computed once, not a key of effect and condition built per statement.
  const byEffect = new Map<string, Map<string, { actions: Set<string>; resources: Set<string> }>>();
  const conditions = new Map<object, string>();
  for (const raw of statements) {
    if (!mergeable(raw)) {
      total += statementSize(isNormalStatement(raw) ? raw : normalizeStatement(raw));
      if (total > limit) return total;
      continue;
    }
    const s = raw.Condition && Object.keys(raw.Condition).length === 0 ? { ...raw, Condition: undefined } : raw;
    let cond = "";
    if (s.Condition) {
      let text = conditions.get(s.Condition);
      if (text === undefined) {
        text = JSON.stringify(isNormalCondition(s.Condition) ? s.Condition : normalizeCondition(s.Condition));
        conditions.set(s.Condition, text);
      }
      cond = text;
    }
    // Effects are strings (as JSON tells them apart), but a statement read from a file may say otherwise.
    const effect = typeof s.Effect === "string" ? s.Effect : JSON.stringify(s.Effect);
    let classes = byEffect.get(effect);
    if (!classes) {
      classes = new Map();
      byEffect.set(effect, classes);
    }
    let c = classes.get(cond);
    if (!c) {
      c = { actions: new Set(), resources: new Set() };
      classes.set(cond, c);
      // A statement of the class with one one-character action and resource, less those (`"a"`, `"r"`).
      const least: Statement = { Effect: s.Effect, Action: ["a"], Resource: ["r"] };
      if (s.Condition) least.Condition = normalizeCondition(s.Condition);
      total += (isPlain(least) ? plainStatementSize(least) : policySize(writeStatementJson(least))) - 6;
    }
    // Each distinct value counted when first seen, so the sum can stop as soon as it is past `limit`.
    for (const a of s.Action ?? []) {
      if (c.actions.has(a)) continue;
      c.actions.add(a);
      total += valueSize(a);
    }
    if (total > limit) return total;
    for (const r of s.Resource ?? []) {
      if (c.resources.has(r)) continue;
      c.resources.add(r);
      total += valueSize(r);
      if (total > limit) return total;
    }
  }
  return total;
}

/** Printable ASCII but space, `"` and `\`: JSON escapes none, none is white space, so the size is the length and quotes. */
const PLAIN_VALUE = /^[!#-[\]-~]*$/;

/** One value's size as written in a list (its JSON string). */
function valueSize(v: string): number {
  if (PLAIN_VALUE.test(v)) return v.length + 2;
  const json = JSON.stringify(v);
  return NEEDS_COUNTING.test(json) ? policySize(json) : json.length;
}
