// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables, not templates
import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

const passedTo = (service: string) =>
  allow(["iam:PassRole"], ["*"], { Condition: { StringEquals: { "iam:PassedToService": [service] } } });

ruleTester.run(rule("ai-privilege-escalation"), {
  valid: [
    {
      name: "PassRole to another service only: no SageMaker path",
      document: doc(passedTo("lambda.amazonaws.com"), allow(["sagemaker:CreateTrainingJob"])),
    },
    {
      name: "a presigned domain URL on one's own profile",
      document: doc(
        allow(
          ["sagemaker:CreatePresignedDomainUrl"],
          ["arn:aws:sagemaker:us-east-1:123456789012:user-profile/*/${aws:username}"],
        ),
      ),
    },
  ],
  invalid: [
    {
      name: "CreateTrainingJob + PassRole to SageMaker, on any role",
      document: doc(passedTo("sagemaker.amazonaws.com"), allow(["sagemaker:CreateTrainingJob"])),
      errors: [
        {
          messageId: "escalation",
          data: {
            count: "1 method",
            methods:
              "sagemaker-job-passrole (iam:PassRole + sagemaker:CreateTrainingJob/CreateProcessingJob) on any role",
          },
          details: { methods: ["sagemaker-job-passrole"] },
        },
      ],
    },
    {
      name: "a lone policy's holder is unknown: passing a named role is reported, by name",
      document: doc(
        allow(["iam:PassRole"], ["arn:aws:iam::123456789012:role/team-exec"]),
        allow(["sagemaker:CreateTrainingJob"]),
      ),
      errors: [
        {
          messageId: "escalation",
          data: {
            methods:
              "sagemaker-job-passrole (iam:PassRole + sagemaker:CreateTrainingJob/CreateProcessingJob) on role/team-exec",
          },
        },
      ],
    },
    {
      name: "a presigned domain URL on any profile",
      document: doc(allow(["sagemaker:CreatePresignedDomainUrl"])),
      errors: [{ messageId: "escalation" }],
    },
    {
      name: "a presigned domain URL on someone else's profile",
      document: doc(
        allow(
          ["sagemaker:CreatePresignedDomainUrl"],
          ["arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-1/bob"],
        ),
      ),
      errors: [
        {
          messageId: "escalation",
          data: {
            methods: "sagemaker-presigned-domain-url (sagemaker:CreatePresignedDomainUrl) on user-profile/d-1/bob",
          },
        },
      ],
    },
  ],
});
