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

/**
 * alice's PassRole statement names `passes` (its Action `iam:PassRole` unless `action` says);
 * the role reads every bucket, alice only hers. Only roles her PassRole patterns can match are
 * compared, so the patterns must be matched as IAM matches a Resource.
 */
const passing = (passes: string[], action = "iam:PassRole") =>
  model(
    [
      principal("vision/alice", "user", { managedPolicies: ["alice"], tags: { job: "exec" } }),
      principal("vision/exec", "role", { managedPolicies: ["exec"], trustPolicy: "exec/trust", service: "sagemaker" }),
    ],
    [
      policy("alice", doc(allow([action], passes), allow(["s3:GetObject"], ["arn:aws:s3:::vision/*"]))),
      policy("exec", doc(allow(["s3:GetObject"], ["*"]))),
      trustSageMaker,
    ],
  );

// AWS: IAM User Guide, "Grant a user permissions to pass a role to an AWS service".
ruleTester.run(rule("pass-role-to-more-privileged"), {
  valid: [
    { name: "same access on both sides: nothing to gain", model: scientist(["arn:aws:s3:::vision/*"]) },
    { name: "PassRole on another role only", model: passing(["arn:aws:iam::111122223333:role/other-exec"]) },
    {
      name: "PassRole on the role's name in another case (a Resource matches case-sensitively)",
      model: passing(["arn:aws:iam::111122223333:role/VISION-exec"]),
    },
    {
      name: "the passer reads the role's bucket too",
      model: scientist(["arn:aws:s3:::secret-datasets/*"], ["arn:aws:s3:::vision/*", "arn:aws:s3:::secret-*"]),
    },
  ],
  invalid: [
    ...[
      ["a wildcard role pattern", ["arn:aws:iam::111122223333:role/vision-*"], "iam:PassRole"],
      ["a `?` in the role name", ["arn:aws:iam::111122223333:role/vision-exe?"], "iam:PassRole"],
      ["every role", ["*"], "iam:PassRole"],
      ["an action pattern", ["arn:aws:iam::111122223333:role/vision-exec"], "iam:Pass*"],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
      ["a policy variable", ["arn:aws:iam::111122223333:role/vision-${aws:PrincipalTag/job}"], "iam:PassRole"],
    ].map(([what, passes, action]) => ({
      name: `PassRole through ${what}`,
      model: passing(passes as string[], action as string),
      errors: [{ messageId: "morePrivileged", principal: "vision/alice" }],
    })),
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
