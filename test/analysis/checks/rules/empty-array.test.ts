import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule, V } from "./build.js";

ruleTester.run(rule("empty-array"), {
  valid: [{ document: doc(allow(["s3:ListAllMyBuckets"])) }],
  invalid: [
    {
      document: doc(allow([], ["*"])),
      errors: [{ messageId: "emptyElement", data: { element: "Action" }, line: 6, column: 7 }],
    },
    {
      document: doc(
        allow(["s3:ListAllMyBuckets"], ["*"], { Condition: { StringEquals: { "aws:PrincipalTag/team": [] } } }),
      ),
      errors: [{ messageId: "keyWithoutValues", line: 14, column: 11 }],
    },
    { document: { Version: V, Statement: [] }, errors: [{ messageId: "emptyStatement", line: 3, column: 3 }] },
    {
      name: "an empty NotAction matches everything",
      document: doc({ Effect: "Deny", NotAction: [], Resource: ["*"] }),
      errors: [{ messageId: "emptyNotElement", data: { element: "NotAction" } }],
    },
    {
      name: "an operator with no keys",
      document: doc(allow(["s3:ListAllMyBuckets"], ["*"], { Condition: { StringEquals: {} } })),
      errors: [{ messageId: "operatorWithoutKeys", data: { operator: "StringEquals" } }],
    },
  ],
});
