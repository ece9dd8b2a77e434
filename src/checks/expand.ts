import type { ExpandResult } from "../catalog/catalog.js";
import type { Catalog } from "./types.js";

/**
 * `catalog.expandActionPattern`, memoized per catalog: several rules expand the same patterns, and
 * a corpus repeats them across documents.
 */
const memo = new WeakMap<Catalog, Map<string, ExpandResult>>();

export function expand(catalog: Catalog, pattern: string): ExpandResult {
  let m = memo.get(catalog);
  if (!m) {
    m = new Map();
    memo.set(catalog, m);
  }
  let r = m.get(pattern);
  if (!r) {
    // A literal action is a direct lookup; only patterns (and unknown names, for their diagnostics)
    // need the catalog's scan.
    const info = pattern.includes("*") || pattern.includes("?") ? undefined : catalog.action(pattern);
    r = info ? { actions: [info], diagnostics: [] } : catalog.expandActionPattern(pattern);
    m.set(pattern, r);
  }
  return r;
}
