import type { Report, SuppressionRule } from "../types.js";

export const invalidSuppression: SuppressionRule = {
  scope: "suppressions",
  meta: {
    id: "invalid-suppression",
    severity: "error",
    category: "suppression",
    description: "A suppression without a reason, or for a rule that does not exist.",
    explanation:
      "Every suppression (a spec's `suppress:` entry or a `.ai-iam-ignore.yaml` entry) must say why the " +
      "finding is acceptable, so that reviewers can judge it later; one without a `reason` suppresses nothing. " +
      "A suppression naming an unknown rule id is most likely a typo and would silently suppress nothing. Fix: " +
      "add `reason: ...`, or correct the rule id (see the rules table).",
    equivalents: { cdkNag: "suppressions require a reason" },
    messages: {
      noReason: "the suppression of {{rule}} has no reason: say why the finding is acceptable",
      unknownRule: "the suppression names the unknown rule {{rule}}",
    },
  },
  check({ suppressions, ruleIds }) {
    const out: Report[] = [];
    for (const s of suppressions) {
      const at: Partial<Report> = { ...s.source };
      if (!s.reason || s.reason.trim() === "") {
        out.push({ messageId: "noReason", data: { rule: s.rule }, ...at });
      }
      if (!ruleIds.has(s.rule)) {
        out.push({ messageId: "unknownRule", data: { rule: JSON.stringify(s.rule) }, ...at });
      }
    }
    return out;
  },
};
