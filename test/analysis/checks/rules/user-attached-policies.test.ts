import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, model, policy, principal, rule } from "./build.js";

const list = [policy("p", doc(allow(["s3:ListAllMyBuckets"])))];

ruleTester.run(rule("user-attached-policies"), {
  valid: [{ name: "a role's policies", model: model([principal("r", "role", { managedPolicies: ["p"] })], list) }],
  invalid: [
    {
      name: "a policy attached to a user",
      model: model([principal("u", "user", { managedPolicies: ["p"], human: true })], list),
      errors: [{ messageId: "attached", data: { name: "u", count: "1 policy" }, principal: "u" }],
    },
  ],
});
