import assert from "node:assert/strict";
import type { ModelPrincipal } from "../../../../src/model/types.js";
import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, model, policy, principal, rule } from "./build.js";

// AWS: IAM User Guide, "IAM and AWS STS quotas": a user's inline policies are limited together
// (2,048 characters), not one by one; a role's to 10,240.
const big = (n: number) => doc(allow(Array.from({ length: n }, (_, i) => `s3:GetObject${"x".repeat(i % 3)}`)));
const two = (kind: ModelPrincipal["kind"]) => {
  const one = policy("i1", big(80), { kind: "inline-user" });
  assert.ok(JSON.stringify(one.document).length < 2048, "each fits alone");
  return model(
    [principal("u", kind, { inlinePolicies: ["i1", "i2"] })],
    [one, policy("i2", big(80), { kind: "inline-user" })],
  );
};

ruleTester.run(rule("inline-policies-size"), {
  valid: [{ name: "a role's quota is larger", model: two("role") }],
  invalid: [
    {
      name: "two inline policies of a user that fit alone, not together",
      model: two("user"),
      errors: [{ messageId: "tooLarge", data: { kind: "user", name: "u", count: 2, quota: 2048 }, principal: "u" }],
    },
  ],
});
