// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not templates
import assert from "node:assert/strict";
import { test } from "node:test";
import { ruleTester, runRule } from "../../../helpers/rule-tester.js";
import { allow, deny, doc, model, policy, principal, rule } from "./build.js";

const passRoleToSageMaker = allow(["iam:PassRole"], ["*"], {
  Condition: { StringEquals: { "iam:PassedToService": ["sagemaker.amazonaws.com"] } },
});

/** A role with an admin policy, and a boundary that leaves it listing buckets only. */
const bounded = (boundary: string | undefined) =>
  model(
    [principal("r", "role", { managedPolicies: ["admin"], boundary })],
    [
      policy("admin", doc(allow(["*"]))),
      policy("b", doc(allow(["s3:ListAllMyBuckets"])), { kind: "boundary", policyType: "boundary" }),
    ],
  );

ruleTester.run(rule("privilege-escalation"), {
  valid: [
    {
      name: "a Deny on the same action removes the risk (effective, not per statement)",
      document: doc(allow(["iam:*"]), deny(["iam:*"])),
    },
    {
      name: "scoped to the principal's own user (aws:username variable)",
      document: doc(allow(["iam:CreateAccessKey"], ["arn:aws:iam::*:user/${aws:username}"])),
    },
    { name: "RunInstances without PassRole", document: doc(allow(["ec2:RunInstances"])) },
    {
      name: "PassedToService limited to SageMaker is not an EC2 path",
      document: doc(passRoleToSageMaker, allow(["ec2:RunInstances"])),
    },
    { name: "risk rules do not run on a boundary", document: doc(allow(["iam:*"])), kind: "boundary" },
    { name: "a boundary that removes the risk is honoured on a model principal", model: bounded("b") },
  ],
  invalid: [
    {
      name: "iam:CreatePolicyVersion on *, at the granting statement",
      document: doc(allow(["s3:ListAllMyBuckets"]), allow(["iam:CreatePolicyVersion"])),
      errors: [
        {
          messageId: "escalation",
          data: { count: "1 method" },
          statement: 1,
          policy: "policy",
          details: { methods: ["iam-create-policy-version"] },
        },
      ],
    },
    {
      name: "PassRole + RunInstances",
      document: doc(allow(["iam:PassRole", "ec2:RunInstances"])),
      errors: [{ messageId: "escalation", statement: 0 }],
    },
    {
      name: "the model principal without its boundary",
      model: bounded(undefined),
      errors: [{ messageId: "escalation", principal: "r" }],
    },
  ],
});

test("one finding per principal lists every method it can use", () => {
  const [f, ...rest] = runRule(rule("privilege-escalation"), { model: bounded(undefined) });
  assert.equal(rest.length, 0);
  assert.ok(((f.finding.data?.methods as string[]) ?? []).length > 5);
});
