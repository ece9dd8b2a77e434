import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("data-exfiltration"), {
  valid: [
    { name: "s3:GetObject on a named bucket", document: doc(allow(["s3:GetObject"], ["arn:aws:s3:::team-data/*"])) },
    {
      name: "kms:Decrypt scoped by a condition on the resource tag",
      document: doc(
        allow(["kms:Decrypt"], ["*"], { Condition: { StringEquals: { "aws:ResourceTag/team": ["vision"] } } }),
      ),
    },
  ],
  invalid: [
    {
      name: "s3:GetObject on *",
      document: doc(allow(["s3:GetObject"])),
      errors: [{ messageId: "anyResource", data: { actions: "s3:GetObject" }, statement: 0 }],
    },
    {
      name: "kms:Decrypt on * (the default key policy assumed)",
      document: doc(allow(["kms:Decrypt"])),
      errors: [{ messageId: "anyResource", data: { actions: "kms:Decrypt" } }],
    },
  ],
});
