import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

// AWS: IAM User Guide, "IAM and AWS STS quotas".
ruleTester.run(rule("policy-size"), {
  valid: [{ document: doc(allow(Array.from({ length: 100 }, (_, i) => `s3:GetObject${"x".repeat(i % 3)}`))) }],
  invalid: [
    {
      document: doc(allow(Array.from({ length: 400 }, (_, i) => `s3:Get${i}Object`))),
      errors: [{ messageId: "tooLarge", data: { quota: 6144 }, line: 1, column: 1 }],
    },
    {
      document: doc(allow(Array.from({ length: 120 }, (_, i) => `s3:Get${i}Object`))),
      storage: "inline-user",
      errors: [{ messageId: "tooLarge", data: { quota: 2048 }, line: 1, column: 1 }],
    },
  ],
});
