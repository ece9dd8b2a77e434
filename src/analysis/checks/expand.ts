import type { ExpandResult } from "../../catalog/catalog.js";
import type { Catalog } from "./types.js";

/**
 * `catalog.expandActionPattern`, memoized per catalog: several rules expand the same patterns, and
 * a corpus repeats them across documents. (The catalog itself answers a plain action name with one
 * lookup and caches its "did you mean" hints, so nothing else is needed here.) Bounded: the
 * patterns come from what users wrote, so the cache is emptied when it reaches the limit (a hit
 * costs one lookup, with no bookkeeping: a corpus asks for hundreds of thousands).
 */
const LIMIT = 8192;
const memo = new WeakMap<Catalog, Map<string, ExpandResult>>();

export function expand(catalog: Catalog, pattern: string): ExpandResult {
  let m = memo.get(catalog);
  if (!m) {
    m = new Map();
    memo.set(catalog, m);
  }
  let r = m.get(pattern);
  if (!r) {
    r = catalog.expandActionPattern(pattern);
    if (m.size >= LIMIT) m.clear();
    m.set(pattern, r);
  }
  return r;
}
