import type { DocumentRule } from "../types.js";

export const missingVersion: DocumentRule = {
  scope: "document",
  meta: {
    id: "missing-version",
    severity: "warning",
    category: "grammar",
    description: 'The policy has no "Version", or the outdated "2008-10-17".',
    explanation:
      'Without `"Version": "2012-10-17"` IAM evaluates the policy with the 2008 language, in which policy ' +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      "variables such as `${aws:username}` are plain text, so a statement scoped with them matches nothing. " +
      'Fix: add `"Version": "2012-10-17"` at the top of the document.',
    equivalents: { accessAnalyzer: "MISSING_VERSION", parliament: "MALFORMED (Version)" },
    messages: {
      missing: 'the policy has no "Version": add "2012-10-17"',
      oldVersion: '"Version" is "2008-10-17": policy variables are not substituted; use "2012-10-17"',
    },
  },
  check({ document }) {
    if (document.Version === undefined) return [{ messageId: "missing", path: "" }];
    if (document.Version === "2008-10-17") {
      return [{ messageId: "oldVersion", path: "/Version" }];
    }
    return [];
  },
};
