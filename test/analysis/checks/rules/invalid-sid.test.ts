import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

// AWS: IAM User Guide, "IAM JSON policy elements: Sid".
ruleTester.run(rule("invalid-sid"), {
  valid: [
    { document: doc(allow(["s3:ListAllMyBuckets"], ["*"], { Sid: "List1" })) },
    {
      document: doc({ ...allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]), Sid: "public read", Principal: "*" }),
      kind: "resource",
    },
  ],
  invalid: [
    {
      document: doc(allow(["s3:ListAllMyBuckets"], ["*"], { Sid: "list-buckets" })),
      errors: [{ messageId: "invalidSid", data: { sid: '"list-buckets"' } }],
    },
  ],
});
