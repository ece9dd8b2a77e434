import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("resource-type-mismatch"), {
  valid: [
    { document: doc(allow(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3:::b", "arn:aws:s3:::b/*"])) },
    { document: doc(allow(["s3:ListAllMyBuckets"], ["arn:aws:s3:::*"])) },
  ],
  invalid: [
    {
      document: doc(allow(["s3:GetObject"], ["arn:aws:s3:::b"])),
      errors: [{ messageId: "actionMismatch", data: { action: '"s3:GetObject"' }, line: 7, column: 9 }],
    },
    {
      name: "a pattern none of whose actions acts on the resources",
      document: doc(allow(["s3:GetObjectT*"], ["arn:aws:s3:::b"])),
      errors: [{ messageId: "patternMismatch", data: { pattern: '"s3:GetObjectT*"' } }],
    },
  ],
});
