import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

export const duplicateSid: DocumentRule = {
  scope: "document",
  meta: {
    id: "duplicate-sid",
    severity: "error",
    category: "grammar",
    description: "Two statements of one policy share a Sid.",
    explanation:
      "IAM requires every `Sid` in a policy to be unique and rejects the document otherwise. Fix: rename one " +
      'of the statements. AWS: IAM User Guide, "IAM JSON policy elements: Sid".',
    equivalents: { accessAnalyzer: "UNIQUE_SIDS_REQUIRED" },
    messages: {
      duplicate: "the Sid {{sid}} is also used by statement {{first}}",
    },
  },
  check(ctx) {
    const seen = new Map<string, number>();
    const out: Report[] = [];
    for (const [i, st] of statements(ctx)) {
      if (st.Sid === undefined || st.Sid === "") continue;
      const first = seen.get(st.Sid);
      if (first === undefined) seen.set(st.Sid, i);
      else
        out.push({
          messageId: "duplicate",
          data: { sid: JSON.stringify(st.Sid), first },
          path: statementPath(i, "Sid"),
        });
    }
    return out;
  },
};
