// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not templates
import assert from "node:assert/strict";
import { test } from "node:test";
import { simulate } from "../../../../src/engine/index.js";
import { ruleTester, runRule } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

// AWS: IAM User Guide, "IAM policy elements: Variables and tags" — variables in Resource and condition values only.
ruleTester.run(rule("variable-in-condition-key"), {
  valid: [
    {
      document: doc(
        allow(["s3:GetObject"], ["arn:aws:s3:::b/home/${aws:username}/*"], {
          Condition: {
            StringEquals: { "aws:ResourceTag/owner": ["${aws:username}"] },
            StringLike: { "s3:prefix": ["home/${aws:username}/*"] },
          },
        }),
      ),
    },
  ],
  invalid: [
    {
      document: doc(
        allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], {
          Condition: { StringEquals: { "aws:ResourceTag/${aws:username}": ["owner"] } },
        }),
      ),
      errors: [
        {
          messageId: "allowNever",
          data: { key: '"aws:ResourceTag/${aws:username}"', variable: "${aws:username}", operator: "StringEquals" },
          line: 14,
          column: 11,
        },
      ],
    },
    {
      document: doc(
        allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], {
          Condition: { StringNotEquals: { "aws:PrincipalTag/${aws:PrincipalTag/team}": ["none"] } },
        }),
      ),
      errors: [
        {
          messageId: "allowUnconstrained",
          data: {
            key: '"aws:PrincipalTag/${aws:PrincipalTag/team}"',
            variable: "${aws:PrincipalTag/team}",
            operator: "StringNotEquals",
          },
          line: 14,
          column: 11,
        },
      ],
    },
    {
      document: doc({
        Effect: "Deny",
        Action: ["s3:GetObject"],
        Resource: ["*"],
        Condition: {
          "ForAnyValue:StringEquals": { "aws:RequestTag/${aws:username}": ["x"] },
          Null: { "s3:ExistingObjectTag/${aws:username}": ["true"] },
        },
      }),
      errors: [
        {
          messageId: "denyNever",
          data: {
            key: '"aws:RequestTag/${aws:username}"',
            variable: "${aws:username}",
            operator: "ForAnyValue:StringEquals",
          },
          line: 14,
          column: 11,
        },
        {
          messageId: "denyNotNarrowed",
          data: { key: '"s3:ExistingObjectTag/${aws:username}"', variable: "${aws:username}", operator: "Null" },
          line: 19,
          column: 11,
        },
      ],
    },
    {
      name: "an operator IAM does not know: no claim about a missing key",
      document: doc(
        allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], {
          Condition: { StringEqualz: { "aws:ResourceTag/${aws:username}": ["owner"] } },
        }),
      ),
      errors: [{ messageId: "variable", data: { variable: "${aws:username}" } }],
    },
  ],
});

test("what the message says a missing key does is what the engine decides", () => {
  // The author meant the tag named after the caller, which the request carries with the value "owner".
  const key = "aws:PrincipalTag/${aws:username}";
  const request = {
    principal: "arn:aws:iam::111122223333:user/alice",
    action: "s3:GetObject",
    resource: "arn:aws:s3:::b/x",
    context: { "aws:username": "alice", "aws:PrincipalTag/alice": "owner" },
  };
  for (const [operator, messageId, decision] of [
    // Meant to allow the owner: allows nobody.
    ["StringEquals", "allowNever", "ImplicitlyDenied"],
    // Meant to allow everyone but the owner: allows the owner too.
    ["StringNotEquals", "allowUnconstrained", "Allowed"],
  ] as const) {
    const d = doc(allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], { Condition: { [operator]: { [key]: ["owner"] } } }));
    const reports = runRule(rule("variable-in-condition-key"), { document: d });
    assert.deepEqual(
      reports.map((r) => r.finding.messageId),
      [messageId],
    );
    assert.equal(simulate({ identityPolicies: [{ document: d }] }, request).decision, decision, operator);
  }
});
