/**
 * Binary search over a range sorted by some key: the first index in [0, n) at which `below(i)` is
 * false, where `below` is true on a first run of the range and false on the rest (n when it is
 * true throughout). With `below = (i) => sorted[i] < s`, the first string not below `s`, where the
 * strings that start with `s` begin.
 */
export function firstNotBelow(n: number, below: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
