import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("invalid-version"), {
  valid: [{ document: doc(allow(["s3:ListAllMyBuckets"])) }],
  invalid: [
    {
      document: { Version: "2012-10-18", Statement: [allow(["s3:ListAllMyBuckets"])] },
      errors: [{ messageId: "invalidVersion", data: { version: '"2012-10-18"' } }],
    },
  ],
});
