import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

export const allowWithNotAction: DocumentRule = {
  scope: "document",
  meta: {
    id: "allow-with-not-action",
    severity: "security",
    category: "grammar",
    description: '"Allow" with "NotAction" grants every action not listed, including future ones.',
    explanation:
      "`Effect: Allow` with `NotAction` allows every action of every service except those listed — and every " +
      "action AWS adds later. It is how `PowerUserAccess` is written, and almost never what a least-privilege " +
      "policy means. Fix: list the actions to allow in `Action`; use `NotAction` only with `Deny` (guardrails).",
    equivalents: { accessAnalyzer: "ALLOW_WITH_NOT_ACTION", checkov: "CKV_AWS_62 (related)" },
    messages: {
      allowNotAction: 'statement allows every action except those in "NotAction"',
    },
  },
  check(ctx) {
    const out: Report[] = [];
    for (const [i, st] of statements(ctx)) {
      if (st.Effect === "Allow" && st.NotAction) {
        out.push({
          messageId: "allowNotAction",
          path: statementPath(i, "NotAction"),
        });
      }
    }
    return out;
  },
};
