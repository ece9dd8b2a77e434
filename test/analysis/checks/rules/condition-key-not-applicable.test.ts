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
