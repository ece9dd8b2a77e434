/**
 * Resolves IAM policy variables in a resource pattern with a principal's session context, so that
 * `arn:...:user-profile/*\/${aws:username}` becomes the principal's own profile before it is asked
 * about. `${*}`, `${?}` and `${$}` become the literal characters; a variable with no value and no
 * default stays as written (the engine will then not match it, as AWS would not).
 */
export function resolveVariables(pattern: string, context: Record<string, string | string[]>): string {
  if (!pattern.includes("${")) return pattern;
  return pattern.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    const body = inner.trim();
    if (body === "*" || body === "?" || body === "$") return body;
    const m = /^([^,]+?)\s*(?:,\s*'([^']*)')?$/.exec(body);
    if (!m) return whole;
    const key = m[1].toLowerCase();
    for (const [k, v] of Object.entries(context)) {
      if (k.toLowerCase() === key && typeof v === "string") return v;
    }
    return m[2] ?? whole;
  });
}
