/**
 * Numbers (statement indexes) filed under strings, found by every prefix of a query string: the
 * index behind the "could this pattern match / cover that one?" pre-filters of the checks. A
 * pattern's literal text before its first wildcard is a prefix of every string it matches, so the
 * statements filed under some prefix of a query are the only ones worth comparing with it.
 * Lookups cost one map probe per distinct key length (not per statement).
 */
export class PrefixIndex {
  private readonly map = new Map<string, number[]>();
  private readonly lengthSet = new Set<number>();
  private lengths: number[] | undefined;

  /** File `n` under `key` (numbers are expected in ascending order; a repeat is dropped). */
  add(key: string, n: number): void {
    let list = this.map.get(key);
    if (!list) {
      list = [];
      this.map.set(key, list);
      this.lengthSet.add(key.length);
      this.lengths = undefined;
    }
    if (list[list.length - 1] !== n) list.push(n);
  }

  /** Push the list filed under `s` itself onto `out`; returns its length. */
  exact(s: string, out: number[][]): number {
    const hit = this.map.get(s);
    if (!hit) return 0;
    out.push(hit);
    return hit.length;
  }

  /** Push the lists filed under each prefix of `s` (itself and the empty string included) onto `out`; returns their total length. */
  prefixes(s: string, out: number[][]): number {
    this.lengths ??= [...this.lengthSet].sort((a, b) => a - b);
    let size = 0;
    for (const n of this.lengths) {
      if (n > s.length) break;
      const hit = this.map.get(n === s.length ? s : s.slice(0, n));
      if (hit) {
        out.push(hit);
        size += hit.length;
      }
    }
    return size;
  }
}

/** The ascending, repeat-free union of ascending lists. */
export function unionSorted(lists: readonly (readonly number[])[]): readonly number[] {
  if (lists.length === 0) return [];
  if (lists.length === 1) return lists[0];
  const all = lists.flat();
  all.sort((a, b) => a - b);
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  all.length = n;
  return all;
}
