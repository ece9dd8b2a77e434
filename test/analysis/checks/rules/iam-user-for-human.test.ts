import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, model, policy, principal, rule } from "./build.js";

const list = [policy("p", doc(allow(["s3:ListAllMyBuckets"])))];

ruleTester.run(rule("iam-user-for-human"), {
  valid: [
    { name: "a role", model: model([principal("r", "role", { managedPolicies: ["p"] })], list) },
    { name: "a user for a machine", model: model([principal("u", "user", { human: false })], list) },
  ],
  invalid: [
    {
      name: "an IAM user for a person",
      model: model([principal("u", "user", { managedPolicies: ["p"], human: true })], list),
      errors: [{ messageId: "iamUser", data: { name: "u" }, principal: "u" }],
    },
  ],
});
