import type { Statement } from "../../../../src/policy/types.js";
import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, model, policy, principal, rule } from "./build.js";

// The documented guardrail: deny everything but MFA set-up unless MFA is present (IAM User Guide,
// "AWS: Allows MFA-authenticated IAM users to manage their own credentials").
const guardrail: Statement = {
  Effect: "Deny",
  NotAction: ["iam:ChangePassword", "iam:EnableMFADevice", "sts:GetSessionToken"],
  Resource: ["*"],
  Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } },
};
const user = (...statements: Statement[]) =>
  model([principal("u", "user", { managedPolicies: ["p"], human: true })], [policy("p", doc(...statements))]);

ruleTester.run(rule("no-mfa-guardrail"), {
  valid: [
    { name: "with the guardrail", model: user(allow(["s3:ListAllMyBuckets"]), guardrail) },
    {
      name: "roles are not asked",
      model: model(
        [principal("r", "role", { managedPolicies: ["p"] })],
        [policy("p", doc(allow(["s3:ListAllMyBuckets"])))],
      ),
    },
  ],
  invalid: [
    {
      name: "a user without the guardrail",
      model: user(allow(["s3:ListAllMyBuckets"])),
      errors: [{ messageId: "noMfa", data: { name: "u", examples: "s3:ListAllMyBuckets" }, principal: "u" }],
    },
    {
      name: "a grant scoped to one bucket (the seed program's user) is open without MFA too",
      model: user(allow(["s3:ListBucket", "s3:GetObject"], ["arn:aws:s3:::team", "arn:aws:s3:::team/*"])),
      errors: [{ messageId: "noMfa", data: { examples: "s3:ListBucket on arn:aws:s3:::team" }, principal: "u" }],
    },
  ],
});
