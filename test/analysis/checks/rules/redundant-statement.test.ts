import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("redundant-statement"), {
  valid: [
    { document: doc(allow(["s3:GetObject"], ["arn:aws:s3:::a/*"]), allow(["s3:GetObject"], ["arn:aws:s3:::b/*"])) },
  ],
  invalid: [
    {
      document: doc(allow(["s3:Get*"], ["arn:aws:s3:::a/*"]), allow(["s3:GetObject"], ["arn:aws:s3:::a/x/*"])),
      errors: [{ messageId: "covered", data: { statement: 1, by: 0 }, line: 13, column: 5 }],
    },
    {
      document: doc(allow(["s3:GetObject"], ["arn:aws:s3:::a/*"]), allow(["s3:GetObject"], ["arn:aws:s3:::a/*"])),
      errors: [{ messageId: "covered", line: 13, column: 5 }],
    },
  ],
});
