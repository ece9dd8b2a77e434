import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("action-matches-nothing"), {
  valid: [{ document: doc(allow(["s3:Get*"], ["arn:aws:s3:::b/*"])) }],
  invalid: [
    {
      document: doc(allow(["s3:Get*Objekt"], ["arn:aws:s3:::b/*"])),
      errors: [{ messageId: "noMatch", data: { pattern: '"s3:Get*Objekt"' }, line: 7, column: 9 }],
    },
  ],
});
