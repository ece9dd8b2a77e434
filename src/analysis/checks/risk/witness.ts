/**
 * Witness resources: concrete ARNs a risk probe asks the engine about.
 *
 * A statement scoped to `arn:aws:iam::111122223333:user/admin` or `...:function:etl-*` grants its
 * action on those resources only, so a probe on a made-up resource would never see it. For each
 * Allow statement that names an action, every `Resource` pattern (policy variables resolved to the
 * principal's own values) is turned into one ARN that both the pattern and the action's resource
 * type accept (`function:etl-*` → `function:etl-x`); `*` becomes the account-wide witness (a
 * resource of that type nobody named). The engine then decides each witness with the principal's
 * whole policy set, so a Deny or a boundary that removes part of a pattern is honoured.
 */

/** A concrete resource to ask about, and the policy pattern it stands for. */
export interface Witness {
  arn: string;
  /** The pattern as written in the policy (`user/${aws:username}`, `*`); the account-wide witness has `*`. */
  pattern: string;
}

export interface WitnessScope {
  partition: string;
  account: string;
  /** The region of regional witnesses when the pattern does not name one. */
  region: string;
  /** Values of policy variables (`aws:username`, `aws:PrincipalTag/team`), case-insensitive keys. */
  variables: Readonly<Record<string, string | readonly string[]>>;
}

/** A glob step: a literal character, exactly one character, or any run; `ex` lists characters it may not consume. */
type Tok = { k: "lit"; c: string } | { k: "one"; ex?: string } | { k: "star"; ex?: string };

/**
 * Resolves `${...}` policy variables: `${*}`, `${?}`, `${$}` are the literal characters, a known
 * variable its (first) value, an unknown one its default (`${aws:username, 'none'}`) or, with no
 * default, `undefined`: such a pattern matches nothing, as in AWS.
 */
export function resolvePolicyVariables(
  pattern: string,
  variables: Readonly<Record<string, string | readonly string[]>>,
): string | undefined {
  if (!pattern.includes("${")) return pattern;
  let unresolved = false;
  const lower = new Map(Object.entries(variables).map(([k, v]) => [k.toLowerCase(), v]));
  const out = pattern.replace(/\$\{([^}]*)\}/g, (_whole, inner: string) => {
    const body = inner.trim();
    if (body === "*" || body === "?" || body === "$") return `\u0000${body}`;
    const m = /^([^,]+?)\s*(?:,\s*'([^']*)')?$/.exec(body);
    const v = m ? lower.get(m[1].toLowerCase()) : undefined;
    const value = typeof v === "string" ? v : v?.[0];
    if (value !== undefined) return escapeWildcards(value);
    if (m?.[2] !== undefined) return escapeWildcards(m[2]);
    unresolved = true;
    return "";
  });
  return unresolved ? undefined : out;
}

/** Marks `*` and `?` of a variable's value as literal (a user named `a*b` is not a wildcard). */
function escapeWildcards(value: string): string {
  return value.replace(/[*?]/g, (c) => `\u0000${c}`);
}

function patternTokens(pattern: string): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\u0000") out.push({ k: "lit", c: pattern[++i] });
    else if (c === "*") out.push({ k: "star" });
    else if (c === "?") out.push({ k: "one" });
    else out.push({ k: "lit", c });
  }
  return out;
}

/**
 * An ARN format (`arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}`) as glob steps, with
 * partition, account and region filled in: each other `${Var}` is one or more characters, never
 * the delimiter that follows it; the last one, when it is the whole resource part, holds no `/`.
 */
function formatTokens(format: string, fill: Record<string, string>): Tok[] {
  const out: Tok[] = [];
  let colons = 0;
  let resourceStart = -1;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === "$" && format[i + 1] === "{") {
      const end = format.indexOf("}", i + 2);
      if (end > 0) {
        const name = format.slice(i + 2, end);
        const value = fill[name];
        if (value !== undefined) {
          for (const v of value) out.push({ k: "lit", c: v });
        } else {
          const next = format[end + 1];
          let ex = next === undefined || next === "$" ? undefined : next;
          if (next === undefined && i === resourceStart) ex = "/";
          out.push({ k: "one", ex }, { k: "star", ex });
        }
        i = end;
        continue;
      }
    }
    if (c === ":" && ++colons === 5) resourceStart = i + 1;
    out.push({ k: "lit", c });
  }
  return out;
}

function accepts(t: Tok, c: string): boolean {
  if (t.k === "lit") return t.c === c;
  return t.ex === undefined || !t.ex.includes(c);
}

/** A character both steps accept, preferring the literal one. */
function shared(a: Tok, b: Tok): string | undefined {
  if (a.k === "lit") return accepts(b, a.c) ? a.c : undefined;
  if (b.k === "lit") return accepts(a, b.c) ? b.c : undefined;
  for (const c of "x0") if (accepts(a, c) && accepts(b, c)) return c;
  return undefined;
}

/** Scratch tables of `intersection`, reused from call to call (grown when a product is larger). */
let parentTable = new Int32Array(1024);
let emittedTable = new Int32Array(1024);
let queueTable = new Int32Array(1024);

/**
 * The shortest string both glob step lists accept, or `undefined` when their languages are
 * disjoint: breadth-first search over the product automaton, O(|a|·|b|).
 */
function intersection(a: Tok[], b: Tok[]): string | undefined {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const size = (n + 1) * w;
  if (parentTable.length < size) {
    parentTable = new Int32Array(size);
    emittedTable = new Int32Array(size);
    queueTable = new Int32Array(size);
  }
  // parent: -2 unseen, -1 the start; emitted: the code point a step emits, -1 none.
  const parent = parentTable;
  const emitted = emittedTable;
  const queue = queueTable;
  parent.fill(-2, 0, size);
  let tail = 0;
  queue[tail++] = 0;
  parent[0] = -1;
  emitted[0] = -1;
  const push = (from: number, i: number, j: number, c: number) => {
    const id = i * w + j;
    if (parent[id] !== -2) return;
    parent[id] = from;
    emitted[id] = c;
    queue[tail++] = id;
  };
  for (let q = 0; q < tail; q++) {
    const id = queue[q];
    const i = Math.floor(id / w);
    const j = id % w;
    if (i === n && j === m) {
      const chars: string[] = [];
      for (let at = id; at > 0; at = parent[at]) if (emitted[at] >= 0) chars.push(String.fromCodePoint(emitted[at]));
      return chars.reverse().join("");
    }
    const ta = a[i];
    const tb = b[j];
    // Empty runs first: the shortest witness.
    if (ta?.k === "star") push(id, i + 1, j, -1);
    if (tb?.k === "star") push(id, i, j + 1, -1);
    if (ta && tb) {
      const c = shared(ta, tb);
      if (c !== undefined) push(id, ta.k === "star" ? i : i + 1, tb.k === "star" ? j : j + 1, c.codePointAt(0)!);
    }
  }
  return undefined;
}

/** The `arn:partition:service:region:account:` prefix fields of a pattern, when literal. */
function literalField(pattern: string, index: number): string | undefined {
  if (!pattern.startsWith("arn:")) return undefined;
  const parts = pattern.split(":");
  if (parts.length < 6) return undefined;
  const v = parts[index];
  return v.includes("*") || v.includes("?") || v.includes("\u0000") ? undefined : v;
}

/**
 * One ARN of `format` that `pattern` (policy variables already resolved) matches, or `undefined`.
 * Partition, account and region come from the pattern when it names them, else from `scope`.
 */
export function witnessArn(pattern: string, format: string, scope: WitnessScope): string | undefined {
  const fill: Record<string, string> = {
    Partition: literalField(pattern, 1) ?? scope.partition,
    Region: literalField(pattern, 3) ?? scope.region,
    Account: literalField(pattern, 4) ?? scope.account,
  };
  if (pattern === "*") return intersection([{ k: "star" }], formatTokens(format, fill));
  return intersection(patternTokens(pattern), formatTokens(format, fill));
}

/** The name account-wide witnesses carry (no policy names it on purpose). */
export const PROBE_WITNESS_NAME = "ai-iam-probe";

/** The account-wide witness of a resource type: an ARN of it in the principal's account that no policy names. */
export function accountWideArn(format: string, scope: WitnessScope, name = PROBE_WITNESS_NAME): string {
  return format.replace(/\$\{([^}]*)\}/g, (_m, k: string) =>
    k === "Partition" ? scope.partition : k === "Region" ? scope.region : k === "Account" ? scope.account : name,
  );
}

/**
 * The witnesses of one resource type for a list of `Resource` patterns: one per pattern that can
 * name a resource of the type, the account-wide witness for `*`. Sorted, unique by ARN.
 */
export function witnesses(patterns: readonly string[], formats: readonly string[], scope: WitnessScope): Witness[] {
  const out = new Map<string, Witness>();
  for (const written of patterns) {
    if (written === "*") {
      for (const f of formats) {
        const arn = accountWideArn(f, scope);
        if (!out.has(arn)) out.set(arn, { arn, pattern: "*" });
      }
      continue;
    }
    const resolved = resolvePolicyVariables(written, scope.variables);
    if (resolved === undefined) continue;
    for (const f of formats) {
      const arn = witnessArn(resolved, f, scope);
      if (arn !== undefined && !out.has(arn)) out.set(arn, { arn, pattern: written });
    }
  }
  return [...out.values()].sort((x, y) => (x.arn < y.arn ? -1 : x.arn > y.arn ? 1 : 0));
}
