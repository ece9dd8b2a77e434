import { joinPointer } from "../../policy/pointer.js";
import type { Statement } from "../../policy/types.js";
import type { Catalog, DocumentContext, Report } from "./types.js";

/** `/Statement/3`, `/Statement/3/Action/1`. */
export function statementPath(index: number, ...rest: Array<string | number>): string {
  return joinPointer("/Statement", index, ...rest);
}

/**
 * What a rule keys memos that may outlive one document by: the model run's object, else the
 * document (memory linear in the input checked, never a module-level map hostile input could grow).
 */
export function memoScope(ctx: DocumentContext): object {
  return ctx.run ?? ctx.document;
}

/**
 * Values remembered by an object (a memo scope, a statement) for one catalog: what depends only
 * on the object and the catalog. A statement is read only once checked (a model's compiler shares
 * statement objects among the documents of a team's principals). Kept as long as the object lives.
 */
export class CatalogMemo<K extends object, V> {
  private readonly map = new WeakMap<K, { catalog: Catalog; value: V }>();

  get(key: K, catalog: Catalog, make: () => V): V {
    let e = this.map.get(key);
    if (!e || e.catalog !== catalog) {
      e = { catalog, value: make() };
      this.map.set(key, e);
    }
    return e.value;
  }
}

/**
 * A statement's JSON, made once per statement object (read only once made): a model's compiler
 * shares statement objects among the documents of a team's principals, and several rules and
 * every principal's risk analysis compare statements by their JSON.
 */
export function statementJson(st: Statement): string {
  let text = statementTexts.get(st);
  if (text === undefined) {
    text = JSON.stringify(st);
    statementTexts.set(st, text);
  }
  return text;
}
const statementTexts = new WeakMap<Statement, string>();

/**
 * Every statement with its index. The list is built once per document and shared by the rules
 * that walk it (read only): a corpus runs some twenty rules over thousands of documents.
 */
export function statements(ctx: DocumentContext): readonly (readonly [number, Statement])[] {
  const list = ctx.document.Statement ?? [];
  const hit = statementCache.get(list);
  if (hit && hit.length === list.length && hit.every(([i, st]) => list[i] === st)) return hit;
  const out = list.map((st, i) => [i, st] as const);
  statementCache.set(list, out);
  return out;
}
const statementCache = new WeakMap<readonly Statement[], readonly (readonly [number, Statement])[]>();

/** A report about an action entry, given the entry's JSON pointer. */
export type ActionReport = (path: string) => Report;

/**
 * The reports about every entry of every statement's `Action` and `NotAction`, in document order:
 * what `verdict` says of each distinct entry (asked once per text and memo scope: a model's 2,550
 * documents hold some 200,000 entries of a few hundred actions), located by the entry's JSON
 * pointer, which is built only for an entry reported.
 */
export function reportActions(
  ctx: DocumentContext,
  memo: CatalogMemo<object, Map<string, ActionReport | null>>,
  verdict: (action: string) => ActionReport | null,
): Report[] {
  const out: Report[] = [];
  const known = memo.get(memoScope(ctx), ctx.catalog, () => new Map());
  const list = ctx.document.Statement ?? [];
  for (let i = 0; i < list.length; i++) {
    const st = list[i];
    for (const el of ["Action", "NotAction"] as const) {
      const names = st[el];
      if (!names) continue;
      for (let j = 0; j < names.length; j++) {
        const action = names[j];
        let v = known.get(action);
        if (v === undefined) {
          v = verdict(action);
          known.set(action, v);
        }
        if (v) out.push(v(statementPath(i, el, j)));
      }
    }
  }
  return out;
}

/** Quote a list for a message: `a, b, c` and "and N more" (`total`: the whole list's length when `items` is its start). */
export function listSome(items: readonly string[], max = 5, total = items.length): string {
  if (total <= max) return items.slice(0, max).join(", ");
  return `${items.slice(0, max).join(", ")} and ${total - max} more`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** A lower-cased `service:action` for comparisons (IAM action names are case-insensitive). */
export function lc(s: string): string {
  return s.toLowerCase();
}

/** Whether an action pattern contains a wildcard. */
export function isPattern(action: string): boolean {
  return action.includes("*") || action.includes("?");
}

/**
 * The lower-cased text of an action pattern before its first wildcard. If pattern `b` covers `a`
 * (every action `a` matches, `b` matches), `a`'s text starts with it: at the first position where
 * they differ, `a` has a wildcard or another character (or ends), and the string of `a` with a
 * fresh character at each wildcard is not one of `b`'s. A cheap, exact pre-filter for `covers`.
 */
export function literalPrefix(pattern: string): string {
  let end = 0;
  while (end < pattern.length && pattern[end] !== "*" && pattern[end] !== "?") end++;
  return pattern.slice(0, end).toLowerCase();
}
