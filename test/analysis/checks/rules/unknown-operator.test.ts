import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("unknown-operator"), {
  valid: [
    {
      document: doc(
        allow(["s3:ListAllMyBuckets"], ["*"], {
          Condition: { StringEqualsIfExists: { "aws:PrincipalTag/team": ["a"] } },
        }),
      ),
    },
  ],
  invalid: [
    {
      document: doc(
        allow(["s3:ListAllMyBuckets"], ["*"], { Condition: { StringEqual: { "aws:PrincipalTag/team": ["a"] } } }),
      ),
      errors: [{ messageId: "unknownOperator", data: { operator: '"StringEqual"' } }],
    },
  ],
});
