import { programModel } from "../../../helpers/program-model.js";
import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, model, rule } from "./build.js";

const stackRef = "the stack reference's output data:bucketArn";
const partly = (principals?: Record<string, string[]>) =>
  programModel(
    [
      {
        id: "data",
        statements: [allow(["s3:GetObject"], ["*"])],
        unknown: {
          whole: false,
          reasons: [stackRef],
          statements: [{ index: 0, elements: ["Resource"], conditions: [] }],
        },
      },
    ],
    principals,
  );

ruleTester.run(rule("capture-incomplete"), {
  valid: [
    {
      name: "a program capture saw whole",
      model: programModel([{ id: "p", statements: [allow(["s3:ListAllMyBuckets"])] }]),
    },
    { name: "not a program: nothing to say", model: model([], []) },
  ],
  invalid: [
    {
      name: "a policy with a part capture could not see, held by a role",
      model: partly(),
      errors: [
        {
          messageId: "unseenFor",
          data: { reason: stackRef, principals: "fn" },
          policy: "data",
          principal: "fn",
        },
      ],
    },
    {
      name: "held by nobody",
      model: partly({ fn: [] }),
      errors: [{ messageId: "unseen", data: { reason: stackRef }, policy: "data" }],
    },
    {
      name: "a value the model lists as unknown, outside any policy",
      model: {
        ...programModel([]),
        unknowns: [{ resource: "bucket", property: "arn", message: "known only after deployment" }],
      },
      errors: [{ messageId: "unseen", data: { reason: "bucket.arn: known only after deployment" } }],
    },
  ],
});
