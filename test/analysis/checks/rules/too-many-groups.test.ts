import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, model, policy, principal, rule } from "./build.js";

// AWS: IAM User Guide, "IAM and AWS STS quotas".
const ids = (n: number) => Array.from({ length: n }, (_, i) => `g${i}`);
const user = (groups: number) =>
  model([principal("u", "user", { groups: ids(groups) })], [policy("p", doc(allow(["s3:ListAllMyBuckets"])))]);

ruleTester.run(rule("too-many-groups"), {
  valid: [{ name: "10 groups is within the quota", model: user(10) }],
  invalid: [
    {
      name: "11 groups for a user",
      model: user(11),
      errors: [{ messageId: "tooManyGroups", data: { name: "u", count: 11, quota: 10 }, principal: "u" }],
    },
  ],
});
