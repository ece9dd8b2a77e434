import type { Statement } from "../../../policy/types.js";
import { ACTION_PATTERN, covers as patternCovers, RESOURCE_PATTERN } from "../../../policy/wildcard.js";
import type { DocumentRule, Report } from "../types.js";
import { isPattern, literalPrefix, statementPath, statements } from "../util.js";

/** What `covers` compares, computed once per statement. */
interface Shape {
  st: Statement;
  principal: string;
  condition: string;
  literals: Set<string>;
  /** Wildcard actions, each with its `literalPrefix`. */
  patterns: Array<[pattern: string, prefix: string]>;
}

function shape(st: Statement): Shape {
  const actions = st.Action ?? [];
  return {
    st,
    principal: JSON.stringify(st.Principal ?? null),
    condition: JSON.stringify(st.Condition ?? null),
    literals: new Set(actions.filter((a) => !isPattern(a)).map((a) => a.toLowerCase())),
    patterns: actions.filter(isPattern).map((p) => [p, literalPrefix(p)]),
  };
}

function mayCover(outer: Shape, lower: string): boolean {
  return outer.literals.has(lower) || outer.patterns.some(([, prefix]) => lower.startsWith(prefix));
}

/** Whether every request `inner` matches, `outer` matches too (same effect and principal, no narrower condition). */
function covers(outer: Shape, inner: Shape): boolean {
  const o = outer.st;
  const i = inner.st;
  if (o.Effect !== i.Effect || !o.Action || !i.Action || !o.Resource || !i.Resource) return false;
  if (o.NotPrincipal || i.NotPrincipal || outer.principal !== inner.principal) return false;
  if (o.Condition && outer.condition !== inner.condition) return false;
  // Cheap and exact first: an action `outer` covers equals one of its literals or starts with the
  // literal prefix of one of its patterns. Most pairs fail here, before any wildcard comparison.
  if (!i.Action.every((a) => mayCover(outer, a.toLowerCase()))) return false;
  if (!i.Resource.every((r) => o.Resource!.some((x) => x === "*" || x === r || patternCovers(x, r, RESOURCE_PATTERN))))
    return false;
  return i.Action.every((a) => {
    const lower = a.toLowerCase();
    return (
      outer.literals.has(lower) ||
      outer.patterns.some(([p, prefix]) => lower.startsWith(prefix) && patternCovers(p, a, ACTION_PATTERN))
    );
  });
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
    messages: {
      covered: "statement {{statement}} is already covered by statement {{by}}",
    },
  },
  check(ctx) {
    const out: Report[] = [];
    const shapes = (ctx.document.Statement ?? []).map(shape);
    for (const [i] of statements(ctx)) {
      const by = shapes.findIndex((o, k) => k !== i && covers(o, shapes[i]) && (!covers(shapes[i], o) || k < i));
      if (by >= 0) out.push({ messageId: "covered", data: { statement: i, by }, path: statementPath(i) });
    }
    return out;
  },
};
