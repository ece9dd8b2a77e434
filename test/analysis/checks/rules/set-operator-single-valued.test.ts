import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

// AWS: IAM User Guide, "Single-valued vs. multivalued context keys".
ruleTester.run(rule("set-operator-single-valued"), {
  valid: [
    {
      document: doc(
        allow(["s3:PutObjectTagging"], ["arn:aws:s3:::b/*"], {
          Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } },
        }),
      ),
    },
  ],
  invalid: [
    {
      document: doc(
        allow(["s3:ListAllMyBuckets"], ["*"], {
          Condition: { "ForAllValues:StringEquals": { "aws:PrincipalTag/team": ["a"] } },
        }),
      ),
      errors: [{ messageId: "forAllValues", line: 14, column: 11 }],
    },
    {
      name: "ForAnyValue on a single-valued key",
      document: doc(
        allow(["s3:ListAllMyBuckets"], ["*"], {
          Condition: { "ForAnyValue:StringEquals": { "aws:PrincipalTag/team": ["a"] } },
        }),
      ),
      errors: [{ messageId: "forAnyValue", data: { key: '"aws:PrincipalTag/team"' } }],
    },
  ],
});
