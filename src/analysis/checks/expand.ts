import type { ExpandResult } from "../../catalog/catalog.js";
import { BoundedMap } from "../../util/bounded-map.js";
import type { Catalog } from "./types.js";

/**
 * `catalog.expandActionPattern`, memoized per catalog: several rules expand the same patterns, and
 * a corpus repeats them across documents. (The catalog itself answers a plain action name with one
 * lookup and caches its "did you mean" hints, so nothing else is needed here.) Bounded: the
 * patterns come from what users wrote, so the least recently used are forgotten past the limit.
 *
 * Rules run one after another over a whole document, so a document with more distinct patterns
 * than the limit would miss every time (each rule expanding every pattern again). Given `scope`
 * (the document), the results are also kept for as long as it lives: memory linear in the
 * document, each pattern expanded once per document.
 */
const LIMIT = 8192;
const memo = new WeakMap<Catalog, BoundedMap<string, ExpandResult>>();
const perScope = new WeakMap<object, { catalog: Catalog; results: Map<string, ExpandResult> }>();

export function expand(catalog: Catalog, pattern: string, scope?: object): ExpandResult {
  let local: Map<string, ExpandResult> | undefined;
  if (scope) {
    let s = perScope.get(scope);
    if (!s || s.catalog !== catalog) {
      s = { catalog, results: new Map() };
      perScope.set(scope, s);
    }
    local = s.results;
    const hit = local.get(pattern);
    if (hit) return hit;
  }
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
  local?.set(pattern, r);
  return r;
}
