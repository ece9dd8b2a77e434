import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("star-resource"), {
  valid: [
    { document: doc(allow(["s3:ListAllMyBuckets", "sagemaker:ListModels"])) },
    // Requests that name no resource: a List action whose resource types are all optional (the
    // resource only filters), and CloudWatch's metric APIs (classic metrics have no ARN).
    { document: doc(allow(["sagemaker:ListModelPackages", "cloudwatch:ListMetrics"])) },
    { document: doc(allow(["cloudwatch:GetMetricData", "cloudwatch:PutMetricData"])) },
    // The same document denies them: nothing is granted on "*".
    { document: doc(allow(["iam:*"]), { Effect: "Deny", Action: ["iam:*"], Resource: ["*"] }) },
  ],
  invalid: [
    {
      document: doc(allow(["s3:GetObject", "s3:ListAllMyBuckets"])),
      errors: [{ messageId: "oneAction", data: { actions: "s3:GetObject" }, line: 11, column: 9 }],
    },
    // Optional resource types on an action that is not a listing: still scopable (translate:GetTerminology).
    {
      document: doc(allow(["translate:GetTerminology", "cloudwatch:ListMetrics"])),
      errors: [
        { messageId: "oneAction", data: { count: 1, actions: "translate:GetTerminology" }, line: 11, column: 9 },
      ],
    },
    {
      document: doc(allow(["cloudwatch:PutMetricAlarm"])),
      errors: [{ messageId: "oneAction", data: { actions: "cloudwatch:PutMetricAlarm" }, line: 10, column: 9 }],
    },
    // Only what the Deny leaves is counted.
    {
      document: doc(allow(["s3:GetObject", "s3:PutObject"]), {
        Effect: "Deny",
        Action: ["s3:PutObject"],
        Resource: ["*"],
      }),
      errors: [{ messageId: "oneAction", data: { count: 1, actions: "s3:GetObject" }, line: 11, column: 9 }],
    },
    {
      name: "several actions, counted",
      document: doc(allow(["s3:GetObject", "s3:PutObject"])),
      errors: [{ messageId: "actions", data: { count: 2, actions: "s3:GetObject, s3:PutObject" } }],
    },
  ],
});
