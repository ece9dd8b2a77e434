import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("missing-version"), {
  valid: [{ document: doc(allow(["s3:ListAllMyBuckets"])) }],
  invalid: [
    {
      document: { Statement: [allow(["s3:ListAllMyBuckets"])] },
      errors: [{ messageId: "missing", line: 1, column: 1 }],
    },
    {
      document: { Version: "2008-10-17", Statement: [allow(["s3:ListAllMyBuckets"])] },
      errors: [{ messageId: "oldVersion", line: 2, column: 3 }],
    },
  ],
});
