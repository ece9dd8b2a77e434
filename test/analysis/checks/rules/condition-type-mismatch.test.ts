import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("condition-type-mismatch"), {
  valid: [
    {
      document: doc(
        allow(["s3:ListAllMyBuckets"], ["*"], {
          Condition: {
            DateLessThan: { "aws:CurrentTime": ["2030-01-01T00:00:00Z"] },
            IpAddress: { "aws:SourceIp": ["10.0.0.0/8"] },
          },
        }),
      ),
    },
  ],
  invalid: [
    {
      document: doc(
        allow(["s3:ListAllMyBuckets"], ["*"], { Condition: { StringEquals: { "aws:CurrentTime": ["2030-01-01"] } } }),
      ),
      errors: [{ messageId: "mismatch", data: { keyType: "Date" }, line: 14, column: 11 }],
    },
    {
      document: doc(
        allow(["s3:ListAllMyBuckets"], ["*"], { Condition: { Bool: { "aws:PrincipalTag/team": ["true"] } } }),
      ),
      errors: [{ messageId: "mismatch", data: { keyType: "String" }, line: 14, column: 11 }],
    },
  ],
});
