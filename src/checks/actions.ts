/** Action-pattern matching as IAM does it for the Action element: case-insensitive, `*` and `?`. */
const cache = new Map<string, RegExp>();

export function actionPatternRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    let src = "^";
    for (const ch of pattern) {
      if (ch === "*") src += ".*";
      else if (ch === "?") src += ".";
      else src += ch.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
    }
    re = new RegExp(`${src}$`, "is");
    cache.set(pattern, re);
  }
  return re;
}

export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === "*") return true;
  if (!pattern.includes("*") && !pattern.includes("?")) {
    return pattern.length === action.length && pattern.toLowerCase() === action.toLowerCase();
  }
  return actionPatternRegExp(pattern).test(action);
}
