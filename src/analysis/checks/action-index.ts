import { ACTION_PATTERN, matches, type Wildcard, wildcard } from "../../policy/wildcard.js";
import { type Affixes, AffixIndex, affixes } from "../../util/affix-index.js";
import { PrefixIndex, unionSorted } from "./prefix-index.js";

/**
 * An `Action`/`NotAction` list indexed by service, so that asking whether it names an action costs
 * the patterns of that action's service rather than the whole list (`ReadOnlyAccess` lists
 * thousands of entries and the risk analysis asks about hundreds of actions). Exact: a pattern
 * whose service part (the text before its first colon) holds no wildcard can only match actions
 * of that service, so only patterns with a wildcard in the service part are tried for every action.
 * Indexes are kept per list (a WeakMap: they go with their documents).
 */
interface ActionIndex {
  /** Entries without a wildcard, lower-cased: matched by equality (action names ignore case). */
  exact: Set<string>;
  /** Wildcard entries by lower-cased service. */
  byService: Map<string, Wildcard[]>;
  /** Wildcard entries whose service part holds a wildcard (or that have no colon): tried always; `*` is true. */
  any: Array<Wildcard | true>;
}

const indexes = new WeakMap<readonly string[], ActionIndex>();
/**
 * The entries of a short list by their literal ends (`affixes`, lower-cased): an entry without a
 * wildcard names the action it spells, in any case; one with a wildcard can name only an action
 * that starts with its prefix and ends with its suffix, and only such a one is matched (compiled
 * in the wildcard module's bounded cache). Held with the list: two short strings per entry, not a
 * compiled pattern (a policy of 60,000 statements each with its own pattern held 60 MB of them).
 */
const shortLists = new WeakMap<readonly string[], Array<{ pattern: string; wild: boolean } & Affixes>>();

function compiledEntry(p: string): Wildcard | true {
  return p === "*" ? true : wildcard(p, ACTION_PATTERN);
}

function hasWildcard(s: string, end = s.length): boolean {
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 42 || c === 63) return true;
  }
  return false;
}

function indexOf(list: readonly string[]): ActionIndex {
  let ix = indexes.get(list);
  if (ix) return ix;
  ix = { exact: new Set(), byService: new Map(), any: [] };
  for (const p of list) {
    if (!hasWildcard(p)) {
      ix.exact.add(p.toLowerCase());
      continue;
    }
    const colon = p.indexOf(":");
    if (colon < 0 || hasWildcard(p, colon)) {
      ix.any.push(compiledEntry(p));
      continue;
    }
    const svc = p.slice(0, colon).toLowerCase();
    let group = ix.byService.get(svc);
    if (!group) {
      group = [];
      ix.byService.set(svc, group);
    }
    group.push(wildcard(p, ACTION_PATTERN));
  }
  indexes.set(list, ix);
  return ix;
}

/** Whether some entry of `list` matches `action` as IAM matches the Action element. */
export function listNames(list: readonly string[], action: string): boolean {
  if (list.length < 4) {
    for (const p of list) if (p === "*") return true;
    let entries = shortLists.get(list);
    if (!entries) {
      entries = list.map((pattern) => ({ pattern, wild: hasWildcard(pattern), ...affixes(pattern) }));
      shortLists.set(list, entries);
    }
    const lower = action.toLowerCase();
    for (const e of entries) {
      if (!e.wild) {
        if (e.prefix === lower) return true;
      } else if (lower.startsWith(e.prefix) && lower.endsWith(e.suffix) && matches(e.pattern, action, ACTION_PATTERN))
        return true;
    }
    return false;
  }
  const ix = indexOf(list);
  const lower = action.toLowerCase();
  if (ix.exact.has(lower)) return true;
  for (const w of ix.any) if (w === true || w.test(action)) return true;
  const colon = lower.indexOf(":");
  if (colon < 0) {
    // Not `service:name`: only a pattern without a literal service part could match; none of
    // the grouped ones can (each requires its service and a colon).
    return false;
  }
  const group = ix.byService.get(lower.slice(0, colon));
  if (group) for (const w of group) if (w.test(action)) return true;
  return false;
}

/** Whether a statement's `Action`/`NotAction` covers `action`. */
export function statementNames(
  st: { Action?: readonly string[]; NotAction?: readonly string[] },
  action: string,
): boolean {
  if (st.Action) return listNames(st.Action, action);
  if (st.NotAction) return !listNames(st.NotAction, action);
  return false;
}

/**
 * Statements indexed by what their `Action` names: `naming(action)` returns the statements whose
 * `Action`/`NotAction` covers the action, in their original order, testing only those that can —
 * an entry equal to the action, or a pattern whose literal text before its first wildcard starts
 * the action and whose text after its last ends it (`affixes`). A `NotAction` statement is tested
 * only for the actions one of its entries fits so (it names every other action untested);
 * statements with an entry that has no literal text at either end (`*`, `*Get*`) are always
 * tested. A policy of tens of thousands of statements is asked about hundreds of actions without
 * comparing each with every statement (10,000 NotAction statements of `iam:*<n>` and every IAM action).
 */
export class StatementIndex<S extends { Action?: string[]; NotAction?: string[] }> {
  private readonly exactIndex = new PrefixIndex();
  private readonly patternIndex = new AffixIndex();
  private readonly always: number[] = [];
  /** NotAction statements by the affixes of their entries: tested only for the actions these fit. */
  private readonly notIndex = new AffixIndex();
  /** Those NotAction statements, ascending: each names every action no entry's affixes fit. */
  private readonly notActions: number[] = [];

  constructor(readonly statements: readonly S[]) {
    statements.forEach((st, i) => {
      if (!st.Action) {
        // NotAction names every action it does not list; neither element names nothing. An entry
        // can only exclude actions that start with its literal prefix and end with its suffix (an
        // entry with neither may exclude any: such a statement is always tested).
        if (!st.NotAction) return;
        const entries = st.NotAction.map(affixes);
        if (entries.some((a) => a.prefix === "" && a.suffix === "")) this.always.push(i);
        else {
          this.notActions.push(i);
          for (const a of entries) this.notIndex.add(a, i);
        }
        return;
      }
      const entries: Affixes[] = [];
      for (const p of st.Action) {
        // Matched by equality (an entry without a colon only matches an action spelled so).
        if (!hasWildcard(p)) continue;
        const a = affixes(p);
        if (a.prefix === "" && a.suffix === "") {
          // `*`, `*Get*`: any action.
          this.always.push(i);
          return;
        }
        entries.push(a);
      }
      for (const p of st.Action) if (!hasWildcard(p)) this.exactIndex.add(p.toLowerCase(), i);
      for (const a of entries) this.patternIndex.add(a, i);
    });
  }

  /**
   * The NotAction statements alone: what `naming` answers for an action nothing tests (made once,
   * shared by those actions).
   */
  private untestedOnly?: readonly S[];

  /** Whether `list` is the one `naming` shares among the actions nothing tests. */
  isShared(list: readonly S[]): boolean {
    return list === this.untestedOnly;
  }

  /**
   * The statements whose action element covers `action`, in order. Read only: an action no
   * statement needs to be tested for gets the same list as every other such action (10,000
   * NotAction statements asked about hundreds of actions held a copy of the list for each).
   */
  naming(action: string): readonly S[] {
    const lower = action.toLowerCase();
    const lists: number[][] = [this.always];
    this.exactIndex.exact(lower, lists);
    this.patternIndex.find(lower, lists);
    this.notIndex.find(lower, lists);
    if (lists.length === 1 && this.always.length === 0) {
      this.untestedOnly ??= this.notActions.map((i) => this.statements[i]);
      return this.untestedOnly;
    }
    const out: S[] = [];
    const untested = this.notActions;
    let u = 0;
    for (const i of unionSorted(lists)) {
      // The NotAction statements before `i` that were not tested name the action.
      for (; u < untested.length && untested[u] <= i; u++) if (untested[u] < i) out.push(this.statements[untested[u]]);
      const st = this.statements[i];
      if (st.Action ? listNames(st.Action, action) : !listNames(st.NotAction!, action)) out.push(st);
    }
    for (; u < untested.length; u++) out.push(this.statements[untested[u]]);
    return out;
  }
}
