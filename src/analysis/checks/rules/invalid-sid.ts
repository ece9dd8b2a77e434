import type { DocumentRule } from "../types.js";
import { statementPath, statements } from "../util.js";

/** Policies IAM itself stores (identity, boundary, trust) accept only A-Z, a-z and 0-9 in a Sid. */
const IAM_KINDS = new Set(["identity", "boundary", "trust", "session"]);

export const invalidSid: DocumentRule = {
  scope: "document",
  meta: {
    id: "invalid-sid",
    severity: "error",
    category: "grammar",
    description: "A Sid of an IAM policy contains characters other than A-Z, a-z and 0-9.",
    explanation:
      "IAM rejects identity, boundary and trust policies whose `Sid` has spaces, dashes or underscores " +
      "(other services' resource policies are more lenient). Fix: use only letters and digits, e.g. " +
      '`ReadTeamBucket`. AWS: IAM User Guide, "IAM JSON policy elements: Sid".',
    equivalents: { accessAnalyzer: "INVALID_SID_VALUE" },
    messages: {
      invalidSid: "the Sid {{sid}} may hold only A-Z, a-z and 0-9",
    },
  },
  check(ctx) {
    if (!IAM_KINDS.has(ctx.kind)) return [];
    const out = [];
    for (const [i, st] of statements(ctx)) {
      if (st.Sid !== undefined && !/^[A-Za-z0-9]*$/.test(st.Sid)) {
        out.push({
          messageId: "invalidSid",
          data: { sid: JSON.stringify(st.Sid) },
          path: statementPath(i, "Sid"),
        });
      }
    }
    return out;
  },
};
