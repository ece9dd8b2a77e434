import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("resource-exposure"), {
  valid: [{ name: "on the team's bucket", document: doc(allow(["s3:PutBucketPolicy"], ["arn:aws:s3:::team"])) }],
  invalid: [
    {
      name: "s3:PutBucketPolicy on *",
      document: doc(allow(["s3:PutBucketPolicy"])),
      errors: [
        {
          messageId: "permissionsOnAnyResource",
          data: { count: "1 permissions-management action", actions: "s3:PutBucketPolicy" },
        },
      ],
    },
  ],
});
