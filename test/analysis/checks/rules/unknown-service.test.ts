import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

ruleTester.run(rule("unknown-service"), {
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
  ],
});
