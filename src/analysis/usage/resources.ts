/**
 * The resources one principal used with one action, kept in bounded memory: up to `limit` ARNs
 * exactly, and past that, prefixes (`arn:aws:s3:::bucket/team/train/`, read as `.../train/*`),
 * folding the most crowded place first, until they fit again. Millions of S3 objects under a few prefixes end
 * as those prefixes. Prefixes rise at most to the service (an empty resource part), so a set
 * holds at most `limit` entries, or one per service, region and account it saw. A proposal
 * built from them is cut back to what the principal is granted today.
 */
export interface ResourceSetData {
  exact: string[];
  prefixes: string[];
}

export class ResourceSet {
  private exact = new Set<string>();
  private prefixes: string[] = [];

  constructor(private readonly limit = 32) {}

  get size(): number {
    return this.exact.size + this.prefixes.length;
  }

  add(arn: string): void {
    if (this.exact.has(arn)) return;
    for (const p of this.prefixes) if (arn.startsWith(p)) return;
    this.exact.add(arn);
    if (this.exact.size + this.prefixes.length > this.limit) this.generalize();
  }

  addPrefix(prefix: string): void {
    for (const p of this.prefixes) if (prefix.startsWith(p)) return;
    this.prefixes = this.prefixes.filter((p) => !p.startsWith(prefix));
    this.prefixes.push(prefix);
    for (const e of this.exact) if (e.startsWith(prefix)) this.exact.delete(e);
    if (this.exact.size + this.prefixes.length > this.limit) this.generalize();
  }

  merge(data: ResourceSetData): void {
    for (const p of data.prefixes) this.addPrefix(p);
    for (const e of data.exact) this.add(e);
  }

  toJSON(): ResourceSetData {
    return { exact: [...this.exact].sort(), prefixes: [...this.prefixes].sort() };
  }

  /**
   * As policy Resource patterns, sorted: exact ARNs and `prefix*`. A `*`, `?` or `${` that a
   * recorded ARN holds (an S3 key may) is written as IAM's escape (`${*}`, `${?}`, `${$}`), so the
   * pattern matches that ARN, not every ARN the wildcard or the policy variable would.
   * AWS: IAM User Guide, "IAM policy elements: Variables and tags" (special characters).
   */
  patterns(): string[] {
    return [...[...this.exact].map(literalPattern), ...this.prefixes.map((p) => `${literalPattern(p)}*`)].sort();
  }

  /**
   * Fold entries into prefixes until the set fits: each time into the most specific prefix that
   * covers at least two entries (the month folder before the year, the year before the bucket),
   * so an ARN nobody crowds stays exact.
   */
  private generalize(): void {
    while (this.exact.size + this.prefixes.length > this.limit) {
      const counts = new Map<string, number>();
      for (const item of [...this.exact, ...this.prefixes]) {
        for (let up = parentPrefix(item); up !== undefined; up = parentPrefix(up)) {
          counts.set(up, (counts.get(up) ?? 0) + 1);
        }
      }
      let best: string | undefined;
      for (const [prefix, n] of counts) {
        if (n < 2) continue;
        if (best === undefined || prefix.length > best.length || (prefix.length === best.length && prefix < best))
          best = prefix;
      }
      if (best === undefined) return; // every entry under its own service: nothing to fold
      const fold = best;
      this.prefixes = this.prefixes.filter((p) => !p.startsWith(fold));
      this.prefixes.push(fold);
      for (const e of this.exact) if (e.startsWith(fold)) this.exact.delete(e);
    }
  }
}

/** A Resource pattern that matches `text` alone: its wildcards and policy variables escaped. */
export function literalPattern(text: string): string {
  return /[*?]|\$\{/.test(text) ? text.replace(/[*?]|\$(?=\{)/g, (c) => `\${${c}}`) : text;
}

/** The text a pattern of `literalPattern` matches (its escapes read back); other wildcards stay as written. */
export function patternText(pattern: string): string {
  return pattern.includes("${") ? pattern.replace(/\$\{([*?$])\}/g, "$1") : pattern;
}

/**
 * The prefix one path level above an ARN or a prefix: `arn:aws:s3:::b/x/y.csv` → `arn:aws:s3:::b/x/`,
 * `arn:aws:s3:::b/x/` → `arn:aws:s3:::b/`, `arn:aws:s3:::b/` → `arn:aws:s3:::`; for resources
 * without `/`, up by `:` (`function:f:1` → `function:f:` → `function:`); undefined at the top.
 */
export function parentPrefix(item: string): string | undefined {
  const colon = nthIndex(item, ":", 5);
  if (colon < 0) return undefined;
  const resource = item.slice(colon + 1);
  const body = resource.endsWith("/") || resource.endsWith(":") ? resource.slice(0, -1) : resource;
  if (body === "") return undefined;
  const first = body.indexOf("/");
  if (first >= 0) return item.slice(0, colon + 1) + body.slice(0, body.lastIndexOf("/") + 1);
  // `function:name:alias` → `function:name:` → `function:` → any resource of the service there.
  const last = body.lastIndexOf(":");
  return item.slice(0, colon + 1) + (last < 0 ? "" : body.slice(0, last + 1));
}

function nthIndex(s: string, ch: string, n: number): number {
  let i = -1;
  for (let k = 0; k < n; k++) {
    i = s.indexOf(ch, i + 1);
    if (i < 0) return -1;
  }
  return i;
}
