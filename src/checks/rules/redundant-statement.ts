import { arnMatches } from "../../policy/arn.js";
import type { Statement } from "../../policy/types.js";
import { actionMatches } from "../actions.js";
import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Whether every request `inner` matches, `outer` matches too (same effect, principal and conditions). */
function covers(outer: Statement, inner: Statement): boolean {
  if (outer.Effect !== inner.Effect) return false;
  if (!outer.Action || !inner.Action || !outer.Resource || !inner.Resource) return false;
  if (outer.NotPrincipal || inner.NotPrincipal || !sameJson(outer.Principal, inner.Principal)) return false;
  if (outer.Condition && !sameJson(outer.Condition, inner.Condition)) return false;
  const actions = inner.Action.every((a) => outer.Action!.some((b) => actionMatches(b, a)));
  if (!actions) return false;
  return inner.Resource.every((r) => outer.Resource!.some((o) => o === r || arnMatches(o, r)));
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
    const list = ctx.document.Statement ?? [];
    for (const [i, st] of statements(ctx)) {
      const by = list.findIndex((o, k) => k !== i && covers(o, st) && (!covers(st, o) || k < i));
      if (by >= 0)
        out.push({ message: `statement ${i} is already covered by statement ${by}`, path: statementPath(i) });
    }
    return out;
  },
};
