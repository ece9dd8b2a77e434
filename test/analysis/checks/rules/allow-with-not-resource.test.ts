import { ruleTester } from "../../../helpers/rule-tester.js";
import { doc, rule } from "./build.js";

ruleTester.run(rule("allow-with-not-resource"), {
  valid: [{ document: doc({ Effect: "Deny", Action: ["s3:*"], NotResource: ["arn:aws:s3:::b/*"] }) }],
  invalid: [
    {
      document: doc({ Effect: "Allow", Action: ["s3:GetObject"], NotResource: ["arn:aws:s3:::b/*"] }),
      errors: [{ messageId: "allowNotResource", line: 9, column: 7 }],
    },
  ],
});
