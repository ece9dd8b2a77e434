import type { ExpandResult } from "../catalog/catalog.js";
import type { Catalog } from "./types.js";

/**
 * `catalog.expandActionPattern`, memoized per catalog: several rules expand the same patterns, and
 * a corpus repeats them across documents.
 */
const memo = new WeakMap<Catalog, Map<string, ExpandResult>>();
/** Unknown service prefix → the catalog's diagnostic for it (its "did you mean" hint is costly). */
const unknownServices = new WeakMap<Catalog, Map<string, ExpandResult["diagnostics"][number]>>();

function unknownService(catalog: Catalog, pattern: string): ExpandResult | undefined {
  const colon = pattern.indexOf(":");
  if (colon <= 0) return undefined;
  const svc = pattern.slice(0, colon).toLowerCase();
  if (svc.includes("*") || svc.includes("?") || catalog.hasService(svc)) return undefined;
  let m = unknownServices.get(catalog);
  if (!m) {
    m = new Map();
    unknownServices.set(catalog, m);
  }
  let d = m.get(svc);
  if (!d) {
    d = catalog.expandActionPattern(pattern).diagnostics[0];
    m.set(svc, d);
  }
  if (!d) return undefined;
  return { actions: [], diagnostics: [{ ...d, message: d.message.replace(/"[^"]*"/, JSON.stringify(pattern)) }] };
}

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
    r = info
      ? { actions: [info], diagnostics: [] }
      : (unknownService(catalog, pattern) ?? catalog.expandActionPattern(pattern));
    m.set(pattern, r);
  }
  return r;
}
