import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("credentials-exposure"), {
  valid: [
    {
      name: "ecr:GetAuthorizationToken carries only the caller's own access",
      document: doc(allow(["ecr:GetAuthorizationToken"])),
    },
  ],
  invalid: [
    {
      name: "iam:CreateAccessKey on any user and sts:GetFederationToken, one statement: one report",
      document: doc(allow(["iam:CreateAccessKey", "sts:GetFederationToken"])),
      errors: [{ messageId: "othersResources", data: { actions: "iam:CreateAccessKey, sts:GetFederationToken" } }],
    },
  ],
});
