import { ruleTester } from "../../../helpers/rule-tester.js";
import { doc, rule } from "./build.js";

ruleTester.run(rule("allow-with-not-action"), {
  valid: [{ document: doc({ Effect: "Deny", NotAction: ["iam:*"], Resource: ["*"] }) }],
  invalid: [
    {
      document: doc({ Effect: "Allow", NotAction: ["iam:*"], Resource: ["*"] }),
      errors: [{ messageId: "allowNotAction", line: 6, column: 7 }],
    },
  ],
});
