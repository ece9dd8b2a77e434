import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

// AWS: IAM User Guide, "AWS JSON policy elements: NotPrincipal".
ruleTester.run(rule("allow-with-not-principal"), {
  valid: [
    {
      document: doc({
        ...allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]),
        Principal: { AWS: ["arn:aws:iam::111122223333:root"] },
      }),
      kind: "resource",
    },
  ],
  invalid: [
    {
      document: doc({
        ...allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]),
        NotPrincipal: { AWS: ["arn:aws:iam::111122223333:root"] },
      }),
      kind: "resource",
      errors: [{ messageId: "allowNotPrincipal", line: 12, column: 7 }],
    },
  ],
});
