import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, model, policy, principal, rule } from "./build.js";

const trustSageMaker = policy(
  "exec/trust",
  doc({ Effect: "Allow", Principal: { Service: ["sagemaker.amazonaws.com"] }, Action: ["sts:AssumeRole"] }),
  { kind: "trust", policyType: "trust" },
);

/** alice may pass vision/exec (trusted by SageMaker) and reads `aliceReads`; the role reads `execReads`. */
const scientist = (execReads: string[], aliceReads = ["arn:aws:s3:::vision/*"]) =>
  model(
    [
      principal("vision/alice", "user", { managedPolicies: ["alice"] }),
      principal("vision/exec", "role", { managedPolicies: ["exec"], trustPolicy: "exec/trust", service: "sagemaker" }),
    ],
    [
      policy(
        "alice",
        doc(
          allow(["iam:PassRole"], ["arn:aws:iam::111122223333:role/vision-exec"]),
          allow(["s3:GetObject"], aliceReads),
        ),
      ),
      policy("exec", doc(allow(["s3:GetObject"], execReads))),
      trustSageMaker,
    ],
  );

// AWS: IAM User Guide, "Grant a user permissions to pass a role to an AWS service".
ruleTester.run(rule("pass-role-to-more-privileged"), {
  valid: [
    { name: "same access on both sides: nothing to gain", model: scientist(["arn:aws:s3:::vision/*"]) },
    {
      name: "the passer reads the role's bucket too",
      model: scientist(["arn:aws:s3:::secret-datasets/*"], ["arn:aws:s3:::vision/*", "arn:aws:s3:::secret-*"]),
    },
  ],
  invalid: [
    {
      name: "a scientist passing an execution role that reads every bucket",
      model: scientist(["*"]),
      errors: [
        {
          messageId: "morePrivileged",
          data: { passer: "vision-alice", role: "vision-exec", actions: "s3:GetObject" },
          principal: "vision/alice",
        },
      ],
    },
    {
      name: "a role scoped to a bucket the passer cannot read is more privileged",
      model: scientist(["arn:aws:s3:::secret-datasets/*"]),
      errors: [{ messageId: "morePrivileged", data: { count: "1 action", actions: "s3:GetObject" } }],
    },
  ],
});
