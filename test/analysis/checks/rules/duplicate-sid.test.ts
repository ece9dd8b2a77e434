import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("duplicate-sid"), {
  valid: [
    {
      document: doc(
        allow(["s3:ListAllMyBuckets"], ["*"], { Sid: "A" }),
        allow(["s3:ListBucket"], ["arn:aws:s3:::b"], { Sid: "B" }),
      ),
    },
  ],
  invalid: [
    {
      document: doc(
        allow(["s3:ListAllMyBuckets"], ["*"], { Sid: "A" }),
        allow(["s3:ListBucket"], ["arn:aws:s3:::b"], { Sid: "A" }),
      ),
      errors: [{ messageId: "duplicate", data: { sid: '"A"', first: 0 } }],
    },
  ],
});
