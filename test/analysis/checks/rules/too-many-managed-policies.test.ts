import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, model, policy, principal, rule } from "./build.js";

// AWS: IAM User Guide, "IAM and AWS STS quotas".
const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i}`);
const policies = ids(11).map((id) => policy(id, doc(allow(["s3:ListAllMyBuckets"]))));
const group = (n: number) => ({
  id: "g",
  name: "g",
  arn: "arn:aws:iam::111122223333:group/g",
  managedPolicies: ids(n),
  inlinePolicies: [],
});

ruleTester.run(rule("too-many-managed-policies"), {
  valid: [
    {
      name: "10 on a role, a user and a group",
      model: model(
        [principal("r", "role", { managedPolicies: ids(10) }), principal("u", "user", { managedPolicies: ids(10) })],
        policies,
        [group(10)],
      ),
    },
  ],
  invalid: [
    {
      name: "11 managed policies on a role",
      model: model([principal("r", "role", { managedPolicies: ids(11) })], policies),
      errors: [{ messageId: "tooMany", data: { kind: "role", name: "r", count: 11, quota: 10 }, principal: "r" }],
    },
    {
      name: "users and groups too",
      model: model([principal("u", "user", { managedPolicies: ids(11) })], policies, [group(11)]),
      errors: [
        { messageId: "tooMany", data: { kind: "group", name: "g", count: 11, quota: 10 } },
        { messageId: "tooMany", data: { kind: "user", name: "u", count: 11, quota: 10 }, principal: "u" },
      ],
    },
  ],
});
