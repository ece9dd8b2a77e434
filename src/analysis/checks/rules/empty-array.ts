import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

const ELEMENTS = ["Action", "NotAction", "Resource", "NotResource"] as const;

export const emptyArray: DocumentRule = {
  scope: "document",
  meta: {
    id: "empty-array",
    severity: "warning",
    category: "grammar",
    description: "An empty Statement, Action, Resource or condition list.",
    explanation:
      "An empty `Action` or `Resource` list matches nothing, so the statement does nothing (an empty " +
      "`NotAction` or `NotResource` matches everything, which is rarely meant); an empty condition operator " +
      "or value list is almost always a template that was not filled in. Fix: fill in the list or remove the " +
      "element.",
    equivalents: { accessAnalyzer: "EMPTY_ARRAY_ACTION / EMPTY_ARRAY_RESOURCE / EMPTY_ARRAY_CONDITION" },
    messages: {
      emptyStatement: '"Statement" is empty: the policy grants and denies nothing',
      emptyElement: '"{{element}}" is an empty list: it matches nothing',
      emptyNotElement: '"{{element}}" is an empty list: it matches everything',
      operatorWithoutKeys: "the condition operator {{operator}} has no keys",
      keyWithoutValues: "the condition key {{key}} has no values",
    },
  },
  check(ctx) {
    const out: Report[] = [];
    if ((ctx.document.Statement ?? []).length === 0) {
      out.push({ messageId: "emptyStatement", path: "/Statement" });
    }
    for (const [i, st] of statements(ctx)) {
      for (const el of ELEMENTS) {
        const v = st[el];
        if (v && v.length === 0) {
          const messageId = el.startsWith("Not") ? "emptyNotElement" : "emptyElement";
          out.push({ messageId, data: { element: el }, path: statementPath(i, el) });
        }
      }
      for (const [op, keys] of Object.entries(st.Condition ?? {})) {
        const entries = Object.entries(keys);
        if (entries.length === 0) {
          out.push({
            messageId: "operatorWithoutKeys",
            data: { operator: op },
            path: statementPath(i, "Condition", op),
          });
        }
        for (const [key, values] of entries) {
          if (values.length === 0) {
            out.push({
              messageId: "keyWithoutValues",
              data: { key },
              path: statementPath(i, "Condition", op, key),
            });
          }
        }
      }
    }
    return out;
  },
};
