import assert from "node:assert/strict";
import { test } from "node:test";
import { parseConditionOperator } from "../../../../src/policy/conditions.js";
import { ruleTester, runRule } from "../../../helpers/rule-tester.js";
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
    {
      name: "an unknown set operator",
      document: doc(
        allow(["s3:ListAllMyBuckets"], ["*"], {
          Condition: { "ForAllValue:StringEquals": { "aws:PrincipalTag/team": ["a"] } },
        }),
      ),
      errors: [{ messageId: "unknownSetOperator", data: { qualifier: '"ForAllValue"' } }],
    },
    {
      name: "NullIfExists",
      document: doc(
        allow(["s3:ListAllMyBuckets"], ["*"], { Condition: { NullIfExists: { "aws:TagKeys": ["true"] } } }),
      ),
      errors: [{ messageId: "nullIfExists" }],
    },
  ],
});

test("the rule's messages are the parser's own words for each way an operator is rejected", () => {
  for (const op of [
    "StringEqual",
    "ForAllValue:StringEquals",
    "forallvalues:StringEquals",
    "NullIfExists",
    "ForAnyValue:NullIfExists",
  ]) {
    const parsed = parseConditionOperator(op);
    assert.ok(!parsed.ok);
    const document = doc(allow(["s3:ListAllMyBuckets"], ["*"], { Condition: { [op]: { "aws:TagKeys": ["a"] } } }));
    const [report] = runRule(rule("unknown-operator"), { document, raw: true });
    assert.equal(report?.finding.message, parsed.message, op);
  }
});
