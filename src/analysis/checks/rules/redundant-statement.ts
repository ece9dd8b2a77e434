import { actionMatches } from "../../../catalog/pattern.js";
import { globToRegExp } from "../../../policy/arn.js";
import type { Statement } from "../../../policy/types.js";
import type { DocumentRule, Report } from "../types.js";
import { isPattern, statementPath, statements } from "../util.js";

const globs = new Map<string, RegExp>();
function globMatches(pattern: string, value: string): boolean {
  if (pattern === "*" || pattern === value) return true;
  let re = globs.get(pattern);
  if (!re) {
    re = globToRegExp(pattern);
    globs.set(pattern, re);
  }
  return re.test(value);
}

/** What `covers` compares, computed once per statement. */
interface Shape {
  st: Statement;
  principal: string;
  condition: string;
  literals: Set<string>;
  patterns: string[];
}

function shape(st: Statement): Shape {
  const actions = st.Action ?? [];
  return {
    st,
    principal: JSON.stringify(st.Principal ?? null),
    condition: JSON.stringify(st.Condition ?? null),
    literals: new Set(actions.filter((a) => !isPattern(a)).map((a) => a.toLowerCase())),
    patterns: actions.filter(isPattern),
  };
}

/** Whether every request `inner` matches, `outer` matches too (same effect and principal, no narrower condition). */
function covers(outer: Shape, inner: Shape): boolean {
  const o = outer.st;
  const i = inner.st;
  if (o.Effect !== i.Effect || !o.Action || !i.Action || !o.Resource || !i.Resource) return false;
  if (o.NotPrincipal || i.NotPrincipal || outer.principal !== inner.principal) return false;
  if (o.Condition && outer.condition !== inner.condition) return false;
  if (!i.Resource.every((r) => o.Resource!.some((x) => globMatches(x, r)))) return false;
  return i.Action.every((a) => outer.literals.has(a.toLowerCase()) || outer.patterns.some((p) => actionMatches(p, a)));
}

export const redundantStatement: DocumentRule = {
  scope: "document",
  meta: {
    id: "redundant-statement",
    severity: "suggestion",
    category: "grammar",
    description: "A statement whose every action and resource another statement of the policy already covers.",
    explanation:
      "A statement that is a subset of another one with the same effect (and no narrower condition on the " +
      "other) changes no decision: it only costs policy size. Often it is a leftover of an edit that widened " +
      "another statement. Fix: delete it, or narrow the wider statement if that was the mistake.",
    equivalents: { accessAnalyzer: "REDUNDANT_STATEMENT" },
  },
  check(ctx) {
    const out: Report[] = [];
    const shapes = (ctx.document.Statement ?? []).map(shape);
    for (const [i] of statements(ctx)) {
      const by = shapes.findIndex((o, k) => k !== i && covers(o, shapes[i]) && (!covers(shapes[i], o) || k < i));
      if (by >= 0)
        out.push({ message: `statement ${i} is already covered by statement ${by}`, path: statementPath(i) });
    }
    return out;
  },
};
