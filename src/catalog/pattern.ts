/**
 * Wildcard matching for the catalog: action patterns (`s3:Get*`) and whether an ARN pattern from a
 * policy can match a resource type's ARN format. The policy module has its own glob helpers; the
 * catalog imports nothing from ai-iam (see DESIGN.md), so the few lines are repeated here.
 */

/** Whether an action key (`s3:GetObject`) matches a pattern as IAM matches the Action element. */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === "*") return true;
  return globMatch(pattern.toLowerCase(), action.toLowerCase());
}

/**
 * `*` (any run) and `?` (one character) glob matching, exact otherwise; callers lower-case both
 * sides for case-insensitive matching. Linear in practice (it backtracks only to the last `*`),
 * and, unlike a RegExp, costs nothing to prepare: expanding a new pattern needs no compilation.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  const pn = pattern.length;
  const tn = text.length;
  while (t < tn) {
    const pc = p < pn ? pattern.charCodeAt(p) : -1;
    if (pc === 42) {
      star = p++;
      mark = t;
    } else if (pc === 63 || (pc === text.charCodeAt(t) && pc !== -1)) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pn && pattern.charCodeAt(p) === 42) p++;
  return p === pn;
}

/**
 * One step of a glob: a literal character, exactly one character, or any run; `ex` lists
 * characters the step may not consume (a `${Var}` in an ARN format never spans the delimiter that
 * follows it).
 */
type Tok = { k: "lit"; c: string } | { k: "one"; ex?: string } | { k: "star"; ex?: string };

/**
 * An ARN (or ARN pattern) from a policy as glob steps: `*` and `?` wildcards, and policy variables
 * (`${aws:username}`) as `*` since their value is unknown until the request; `${*}`, `${?}` and
 * `${$}` are the literal characters.
 */
function policyTokens(pattern: string): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "$" && pattern[i + 1] === "{") {
      const end = pattern.indexOf("}", i + 2);
      if (end > 0) {
        const name = pattern.slice(i + 2, end);
        if (name === "*" || name === "?" || name === "$") out.push({ k: "lit", c: name });
        else out.push({ k: "star" });
        i = end;
        continue;
      }
    }
    if (c === "*") out.push({ k: "star" });
    else if (c === "?") out.push({ k: "one" });
    else out.push({ k: "lit", c });
  }
  return out;
}

/**
 * An ARN format as glob steps: each `${Var}` is one or more characters, never the delimiter that
 * follows it in the format (`${BucketName}/` holds no `/`, `${Partition}:` no `:`). The last
 * variable may hold anything (`role/${RoleNameWithPath}`, `${BucketName}/${ObjectName}` and
 * `repository/${RepositoryName}` carry slashes), except when it is the whole resource part
 * (`arn:${Partition}:s3:::${BucketName}`, `...:sqs:${Region}:${Account}:${QueueName}`): such a
 * name holds no `/`, so `arn:aws:s3:::bucket/*` is an object, never a bucket.
 */
function formatTokens(format: string): Tok[] {
  const out: Tok[] = [];
  let colons = 0;
  let resourceStart = -1;
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === "$" && format[i + 1] === "{") {
      const end = format.indexOf("}", i + 2);
      if (end > 0) {
        const next = format[end + 1];
        let ex = next === undefined ? undefined : next === "$" ? undefined : next;
        if (next === undefined && i === resourceStart) ex = "/";
        out.push({ k: "one", ex }, { k: "star", ex });
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

/** Whether some single character can be consumed by both steps. */
function compatible(a: Tok, b: Tok): boolean {
  if (a.k === "lit") return accepts(b, a.c);
  if (b.k === "lit") return accepts(a, b.c);
  return true; // two classes that each exclude at most a few characters always share one
}

/** Whether the languages of two glob step lists intersect (product-automaton reachability). */
function intersects(a: Tok[], b: Tok[]): boolean {
  const n = a.length;
  const m = b.length;
  const seen = new Uint8Array((n + 1) * (m + 1));
  const stack: number[] = [0, 0];
  while (stack.length > 0) {
    const j = stack.pop()!;
    const i = stack.pop()!;
    const id = i * (m + 1) + j;
    if (seen[id]) continue;
    seen[id] = 1;
    if (i === n && j === m) return true;
    const ta = a[i];
    const tb = b[j];
    if (ta?.k === "star") stack.push(i + 1, j);
    if (tb?.k === "star") stack.push(i, j + 1);
    if (ta && tb && compatible(ta, tb)) {
      const ni = ta.k === "star" ? i : i + 1;
      const nj = tb.k === "star" ? j : j + 1;
      if (ni !== i || nj !== j) stack.push(ni, nj);
    }
  }
  return false;
}

/**
 * Whether an ARN or ARN pattern from a policy (`*`, `?`, `${aws:username}`) can match some ARN of
 * the given format (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`). Case-sensitive, as IAM
 * compares ARNs. `"*"` matches every format.
 */
export function arnPatternMatchesFormat(pattern: string, format: string): boolean {
  if (pattern === "*") return true;
  return intersects(policyTokens(pattern), formatTokens(format));
}
