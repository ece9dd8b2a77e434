import type { ExpandResult } from "../../catalog/catalog.js";
import { BoundedMap } from "./risk/bounded-map.js";
import type { Catalog } from "./types.js";

/**
 * `catalog.expandActionPattern`, memoized per catalog: several rules expand the same patterns, and
 * a corpus repeats them across documents. (The catalog itself answers a plain action name with one
 * lookup and caches its "did you mean" hints, so nothing else is needed here.) Bounded: the
 * patterns come from what users wrote, so the least recently used are forgotten past the limit.
 */
const LIMIT = 8192;
const memo = new WeakMap<Catalog, BoundedMap<string, ExpandResult>>();

export function expand(catalog: Catalog, pattern: string): ExpandResult {
  let m = memo.get(catalog);
  if (!m) {
    m = new BoundedMap(LIMIT);
    memo.set(catalog, m);
  }
  let r = m.get(pattern);
  if (!r) {
    r = catalog.expandActionPattern(pattern);
    m.set(pattern, r);
  }
  return r;
}
