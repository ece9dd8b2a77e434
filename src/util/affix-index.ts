/**
 * Numbers (statement indexes) filed under the literal texts that begin and end a wildcard
 * pattern, found by a string those texts begin and end. An action pattern matches only actions
 * that start with its text before its first wildcard and end with its text after its last one,
 * so the patterns filed under a prefix and a suffix of a query are the only ones worth testing:
 * 10,000 NotAction statements of `iam:*<n>` are not all tested for every IAM action. A pre-filter
 * only: what it finds is still to be tested.
 */

/** The lower-cased literal text of a pattern before its first and after its last wildcard (`*`, `?`). */
export interface Affixes {
  /** The start of the text before the first wildcard, as far as it is ASCII (see `suffix`); a pattern without a wildcard: all of it. */
  prefix: string;
  /**
   * The end of the text after the last wildcard, as far back as it is ASCII: lower-casing an ASCII
   * character does not depend on its neighbours (a `Σ` does: `σ` alone, `ς` ending a word), so the
   * suffix ends every lower-cased action the pattern matches, however the matcher lower-cases
   * (the whole string, or piece by piece). "" for a pattern without a wildcard (its prefix is all
   * of it).
   */
  suffix: string;
}

function isWildcard(c: number): boolean {
  return c === 42 /* * */ || c === 63; /* ? */
}

/** `affixes("iam:*Policy")` is `{ prefix: "iam:", suffix: "policy" }`. */
export function affixes(pattern: string): Affixes {
  const lower = pattern.toLowerCase();
  let first = 0;
  while (first < lower.length && !isWildcard(lower.charCodeAt(first))) first++;
  if (first === lower.length) return { prefix: lower, suffix: "" };
  // The prefix too only as far as it is ASCII.
  let end = 0;
  while (end < first && lower.charCodeAt(end) < 128) end++;
  let start = lower.length;
  while (start > first && !isWildcard(lower.charCodeAt(start - 1)) && lower.charCodeAt(start - 1) < 128) start--;
  return { prefix: lower.slice(0, end), suffix: lower.slice(start) };
}

/** The numbers filed under prefixes of one length, by prefix and suffix (one key: their texts joined). */
interface Table {
  map: Map<string, number[]>;
  /** The prefixes filed: a string none starts is not looked up under any suffix (no key built). */
  prefixes: Set<string>;
  suffixLengths: Set<number>;
  /** The suffix lengths, ascending (made on first lookup). */
  sorted: number[] | undefined;
}

export class AffixIndex {
  /** By prefix length: a key's length then tells its suffix's. */
  private readonly byLength = new Map<number, Table>();
  private lengths: number[] | undefined;

  /** File `n` under `prefix` and `suffix` (numbers in ascending order; a repeat is dropped). */
  add({ prefix, suffix }: Affixes, n: number): void {
    let table = this.byLength.get(prefix.length);
    if (!table) {
      table = { map: new Map(), prefixes: new Set(), suffixLengths: new Set(), sorted: undefined };
      this.byLength.set(prefix.length, table);
      this.lengths = undefined;
    }
    table.prefixes.add(prefix);
    const key = suffix === "" ? prefix : prefix + suffix;
    const list = table.map.get(key);
    if (!list) {
      table.map.set(key, [n]);
      if (!table.suffixLengths.has(suffix.length)) {
        table.suffixLengths.add(suffix.length);
        table.sorted = undefined;
      }
    } else if (list[list.length - 1] !== n) list.push(n);
  }

  /**
   * Push onto `out` the lists filed under a prefix and a suffix of `lower` (a lower-cased string)
   * that do not overlap in it; returns their total length.
   */
  find(lower: string, out: number[][]): number {
    this.lengths ??= [...this.byLength.keys()].sort((a, b) => a - b);
    let size = 0;
    for (const k of this.lengths) {
      if (k > lower.length) break;
      const table = this.byLength.get(k)!;
      table.sorted ??= [...table.suffixLengths].sort((a, b) => a - b);
      const prefix = k === lower.length ? lower : lower.slice(0, k);
      if (!table.prefixes.has(prefix)) continue;
      for (const m of table.sorted) {
        if (k + m > lower.length) break;
        const list = table.map.get(m === 0 ? prefix : prefix + lower.slice(lower.length - m));
        if (list) {
          out.push(list);
          size += list.length;
        }
      }
    }
    return size;
  }
}
