import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(
  rule("unknown-service"),
  {
    valid: [{ document: doc(allow(["sagemaker:CreateTrainingJob"])) }],
    invalid: [
      {
        document: doc(allow(["sagemkaer:CreateTrainingJob"])),
        errors: [
          {
            messageId: "unknownServiceHint",
            data: { service: '"sagemkaer"', pattern: '"sagemkaer:CreateTrainingJob"' },
            line: 7,
            column: 9,
          },
        ],
      },
      {
        name: "no service is near: the hint says where to look",
        document: doc(allow(["zqxj:GetThing"])),
        errors: [
          {
            messageId: "unknownServiceHint",
            data: { service: '"zqxj"', pattern: '"zqxj:GetThing"', hint: "see `ai-iam explain` with a known prefix" },
          },
        ],
      },
      {
        name: "each finding names its own pattern (the same unknown prefix twice)",
        document: doc(allow(["nosuch:Get", "nosuch:Put"])),
        errors: [
          { messageId: "unknownServiceHint", data: { pattern: '"nosuch:Get"' } },
          { messageId: "unknownServiceHint", data: { pattern: '"nosuch:Put"' } },
        ],
      },
    ],
  },
  {
    untested: {
      unknownService: "the catalog gives every unknown prefix a hint today; the message is kept for one without",
    },
  },
);
