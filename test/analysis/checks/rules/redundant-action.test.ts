import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("redundant-action"), {
  valid: [{ document: doc(allow(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::b/*"])) }],
  invalid: [
    {
      document: doc(allow(["s3:GetObject", "s3:Get*"], ["arn:aws:s3:::b/*"])),
      errors: [{ messageId: "covered", data: { by: '"s3:Get*"' }, line: 7, column: 9 }],
    },
    {
      document: doc(allow(["s3:GetObject", "s3:getobject"], ["arn:aws:s3:::b/*"])),
      errors: [{ messageId: "covered", line: 8, column: 9 }],
    },
  ],
});
