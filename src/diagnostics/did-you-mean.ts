/**
 * "Did you mean": the one implementation, with one wording, for every name a user may mistype —
 * spec fields and names, rules in suppressions, regions, service prefixes, actions.
 *
 * A candidate is suggested when it is within a small edit distance of the name (insertions,
 * deletions, substitutions and swaps of neighbours, each 1; case ignored): at most a third of the
 * name's length, at least 1 and at most 3 edits. The distance is bounded, so a hostile name of a
 * megabyte costs no more than a short one: lengths that differ by more than the bound are rejected
 * at once, and a row of the table stops as soon as every cell exceeds it.
 */

/**
 * Optimal string alignment distance, or `max + 1` as soon as it must exceed `max`.
 * O(min(|a|, |b|) · (2·max + 1)) with the band; O(1) when the lengths differ by more than `max`.
 */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const m = b.length;
  const big = max + 1;
  // Three rows, reused from call to call for names of ordinary length (a spec of 100,000 unknown
  // names asks a million times); a long name's rows are its own, not kept.
  const need = 3 * (m + 1);
  if (scratch.length < need && need <= SCRATCH_MAX) scratch = new Int32Array(Math.min(SCRATCH_MAX, need * 2));
  const rows = need <= scratch.length ? scratch : new Int32Array(need);
  let before = rows.subarray(0, m + 1);
  let prev = rows.subarray(m + 1, 2 * (m + 1));
  let row = rows.subarray(2 * (m + 1), need);
  before.fill(big);
  for (let j = 0; j <= m; j++) prev[j] = Math.min(j, big);
  for (let i = 1; i <= a.length; i++) {
    // Only cells within `max` of the diagonal can hold a distance <= max.
    const from = Math.max(1, i - max);
    const to = Math.min(m, i + max);
    row.fill(big);
    row[0] = Math.min(i, big);
    let best = row[0];
    for (let j = from; j <= to; j++) {
      let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2] + 1);
      row[j] = Math.min(v, big);
      if (v < best) best = v;
    }
    if (best > max) return big;
    [before, prev, row] = [prev, row, before];
  }
  return Math.min(prev[m], big);
}

const SCRATCH_MAX = 3 * 1024;
let scratch = new Int32Array(96);

/** How many edits a name of this length may be from a suggestion. */
export function suggestionBound(name: string): number {
  return Math.min(3, Math.max(1, Math.floor(name.length / 3)));
}

/**
 * The candidates close enough to `name` to be what was meant, closest first (then by name); at
 * most `limit`. A candidate equal but for case comes first.
 */
export function closestNames(name: string, candidates: Iterable<string> | NameList, limit = 1): string[] {
  const lower = name.toLowerCase();
  const max = suggestionBound(name);
  const close: Array<{ c: string; d: number }> = [];
  const list = candidates instanceof NameList ? candidates : undefined;
  const names: Iterable<string> = list ? list.names : (candidates as Iterable<string>);
  let i = 0;
  for (const c of names) {
    const d = boundedEditDistance(lower, list ? list.lower[i++] : c.toLowerCase(), max);
    if (d <= max) close.push({ c, d });
  }
  close.sort((x, y) => x.d - y.d || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0));
  return close.slice(0, limit).map((x) => x.c);
}

/**
 * Candidates prepared once (lower-cased) for many lookups: what to pass when every one of many
 * unknown names is matched against the same list.
 */
export class NameList {
  readonly names: readonly string[];
  readonly lower: readonly string[];
  constructor(names: Iterable<string>) {
    this.names = [...names];
    this.lower = this.names.map((n) => n.toLowerCase());
  }
}

/** The closest candidate, if one is close enough. */
export function closest(name: string, candidates: Iterable<string> | NameList): string | undefined {
  return closestNames(name, candidates, 1)[0];
}

/** The hint: `did you mean "x"?` (or `"x" or "y"`), undefined when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string> | NameList, limit = 1): string | undefined {
  return suggestionText(closestNames(name, candidates, limit));
}

/** `did you mean "x"?` for names already chosen; undefined for none. */
export function suggestionText(names: readonly string[]): string | undefined {
  return names.length === 0 ? undefined : `did you mean ${names.map((n) => JSON.stringify(n)).join(" or ")}?`;
}

/**
 * `message` with the suggestion appended in the same wording (`Unknown team "recsy"; did you mean
 * "recsys"?`), or unchanged when nothing is close. A trailing period of `message` gives way.
 */
export function withSuggestion(
  message: string,
  name: string,
  candidates: Iterable<string> | NameList,
  limit = 1,
): string {
  return appendSuggestion(message, closestNames(name, candidates, limit));
}

/** `message` with `did you mean ...?` for names already chosen (unchanged for none). */
export function appendSuggestion(message: string, names: readonly string[]): string {
  const hint = suggestionText(names);
  return hint === undefined ? message : `${message.replace(/\.$/, "")}; ${hint}`;
}
