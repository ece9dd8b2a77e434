import assert from "node:assert/strict";
import { test } from "node:test";
import type { DocumentRule } from "../../../../src/analysis/checks/types.js";
import { getCatalog } from "../../../../src/catalog/index.js";
import type { PolicyDocument } from "../../../../src/policy/types.js";
import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("condition-key-not-applicable"), {
  valid: [
    {
      document: doc(
        allow(["sagemaker:CreateTrainingJob"], ["*"], {
          Condition: { "ForAllValues:StringLike": { "sagemaker:InstanceTypes": ["ml.m5.*"] } },
        }),
      ),
    },
    {
      document: doc(
        allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], {
          Condition: { StringEquals: { "aws:PrincipalTag/team": ["a"] } },
        }),
      ),
    },
  ],
  invalid: [
    {
      document: doc(
        allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], {
          Condition: { "ForAllValues:StringLike": { "sagemaker:InstanceTypes": ["ml.m5.*"] } },
        }),
      ),
      errors: [{ messageId: "notSupported", line: 14, column: 11 }],
    },
    {
      document: doc(
        allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], { Condition: { StringEquals: { "s3:NoSuchKey": ["x"] } } }),
      ),
      errors: [{ messageId: "unknownKey", line: 14, column: 11 }],
    },
    {
      // The answer for an Action list and a key is remembered: each statement asking it again is
      // still reported, and the same key under another list is asked afresh (supported there).
      document: doc(
        allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], { Condition: { StringLike: { "s3:prefix": ["a/*"] } } }),
        allow(["s3:ListBucket"], ["arn:aws:s3:::b"], { Condition: { StringLike: { "s3:prefix": ["a/*"] } } }),
        allow(["s3:GetObject"], ["arn:aws:s3:::c/*"], { Condition: { StringLike: { "s3:prefix": ["b/*"] } } }),
      ),
      errors: [
        { messageId: "notSupported", line: 14, column: 11 },
        { messageId: "notSupported", line: 46, column: 11 },
      ],
    },
  ],
});

// A model's documents share statement objects (a team's principals): the rule remembers a
// statement's unsupported keys across documents, each document locating them where it has them.
test("condition-key-not-applicable: a statement shared by documents is reported at its place in each", () => {
  const shared = allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], {
    Condition: { StringEquals: { "s3:NoSuchKey": ["x"], "sagemaker:InstanceTypes": ["ml.m5.large"] } },
  });
  const run = {};
  const check = (document: PolicyDocument) =>
    (rule("condition-key-not-applicable") as DocumentRule).check({
      document,
      kind: "identity",
      catalog: getCatalog(),
      run,
    });
  const first = check(doc(shared));
  const second = check(doc(allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]), shared));
  assert.deepEqual(
    first.map((r) => [r.messageId, r.path]),
    [
      ["unknownKey", "/Statement/0/Condition/StringEquals/s3:NoSuchKey"],
      ["notSupported", "/Statement/0/Condition/StringEquals/sagemaker:InstanceTypes"],
    ],
  );
  assert.deepEqual(
    second.map((r) => [r.messageId, r.path]),
    [
      ["unknownKey", "/Statement/1/Condition/StringEquals/s3:NoSuchKey"],
      ["notSupported", "/Statement/1/Condition/StringEquals/sagemaker:InstanceTypes"],
    ],
  );
});
