import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("unknown-action"), {
  valid: [{ document: doc(allow(["s3:GetObject"], ["arn:aws:s3:::b/*"])) }],
  invalid: [
    {
      document: doc(allow(["s3:GetObjects"], ["arn:aws:s3:::b/*"])),
      errors: [{ messageId: "unknownAction", data: { action: '"s3:GetObjects"' }, line: 7, column: 9 }],
    },
  ],
});
