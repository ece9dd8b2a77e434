import type { DocumentRule } from "../types.js";

export const invalidVersion: DocumentRule = {
  scope: "document",
  meta: {
    id: "invalid-version",
    severity: "error",
    category: "grammar",
    description: '"Version" is neither "2012-10-17" nor "2008-10-17".',
    explanation:
      "IAM accepts only the two policy language versions and rejects the document otherwise (a date such as " +
      'today\'s, or `2012-10-18`, is a common typo). Fix: use `"Version": "2012-10-17"`. ' +
      'AWS: IAM User Guide, "IAM JSON policy elements: Version".',
    equivalents: { accessAnalyzer: "INVALID_VERSION" },
    messages: {
      invalidVersion: '"Version" must be "2012-10-17", not {{version}}',
    },
  },
  check({ document }) {
    const v = document.Version;
    if (v === undefined || v === "2012-10-17" || v === "2008-10-17") return [];
    return [{ messageId: "invalidVersion", data: { version: JSON.stringify(v) }, path: "/Version" }];
  },
};
