import { firstNotBelow } from "../../util/sorted.js";

/**
 * Resource patterns indexed by their literal prefix: the text before the first `*`, `?` or `$`
 * (a wildcard, or a policy variable, which may stand for anything). Every resource a pattern
 * matches begins with its literal prefix (ARNs compare case-sensitively), so two patterns that
 * share a resource — one matching the other, one covering the other, or only overlapping — have
 * literal prefixes of which one begins the other. Asked about a pattern, the index returns every
 * entry whose prefix is so related to the pattern's (a superset of those that share a resource
 * with it, to be decided exactly by the caller), in time linear in the pattern and the answer
 * rather than in the number of entries: the dataset access of the report asks about each dataset
 * only the grants on its bucket, not every grant of every principal.
 */
export class ResourcePrefixIndex<T> {
  private readonly byPrefix = new Map<string, T[]>();
  /** The distinct prefix lengths, ascending (few: ARNs of a handful of shapes). */
  private lengths?: number[];
  /** The distinct prefixes, sorted: those beginning with a given text are one run. */
  private sorted?: string[];

  add(pattern: string, value: T): void {
    const key = literalPrefix(pattern);
    const list = this.byPrefix.get(key);
    if (list) list.push(value);
    else {
      this.byPrefix.set(key, [value]);
      // Kept sorted as prefixes arrive (a new length is rare), so that adds and questions may alternate.
      if (this.lengths && !this.lengths.includes(key.length)) {
        this.lengths.push(key.length);
        this.lengths.sort((a, b) => a - b);
      }
      this.sorted = undefined;
    }
  }

  get size(): number {
    return this.byPrefix.size;
  }

  /**
   * Every value added with a pattern that may cover `pattern` (match every resource it matches):
   * those whose literal prefix begins `pattern`'s. If a covering pattern's prefix were longer, the
   * wildcard (or variable) that ends `pattern`'s prefix could stand for a character other than the
   * one the covering pattern requires there.
   */
  possibleCovers(pattern: string): T[] {
    const lit = literalPrefix(pattern);
    const out: T[] = [];
    for (const n of this.sortedLengths()) {
      if (n > lit.length) break;
      const list = this.byPrefix.get(n === lit.length ? lit : lit.slice(0, n));
      if (list) for (const v of list) out.push(v);
    }
    return out;
  }

  private sortedLengths(): number[] {
    this.lengths ??= [...new Set([...this.byPrefix.keys()].map((k) => k.length))].sort((a, b) => a - b);
    return this.lengths;
  }

  /** Every value added with a pattern that may share a resource with `pattern` (each once per `add`). */
  query(pattern: string): T[] {
    const lit = literalPrefix(pattern);
    this.sortedLengths();
    this.sorted ??= [...this.byPrefix.keys()].sort();
    const out: T[] = [];
    // Stored prefixes that begin `lit` (shorter than it)…
    for (const n of this.sortedLengths()) {
      if (n >= lit.length) break;
      const list = this.byPrefix.get(lit.slice(0, n));
      if (list) for (const v of list) out.push(v);
    }
    // …and those `lit` begins (as long or longer): a run of the sorted prefixes.
    const keys = this.sorted;
    const first = firstNotBelow(keys.length, (k) => keys[k] < lit);
    for (let i = first; i < keys.length && keys[i].startsWith(lit); i++)
      for (const v of this.byPrefix.get(keys[i])!) out.push(v);
    return out;
  }
}

/** The text of a resource pattern before its first wildcard or policy variable. */
export function literalPrefix(pattern: string): string {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42 /* * */ || c === 63 /* ? */ || c === 36 /* $ */) return pattern.slice(0, i);
  }
  return pattern;
}

/** `literalPrefix`, remembered per pattern (one function per analysis: its map lives as long). */
export function literalPrefixMemo(): (pattern: string) => string {
  const known = new Map<string, string>();
  return (pattern) => {
    let p = known.get(pattern);
    if (p === undefined) {
      p = literalPrefix(pattern);
      known.set(pattern, p);
    }
    return p;
  };
}
