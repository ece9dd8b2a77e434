import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

// AWS: IAM User Guide, "IAM policy elements: Variables and tags" — variables in Resource and condition values only.
ruleTester.run(rule("variable-in-condition-key"), {
  valid: [
    {
      document: doc(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
        allow(["s3:GetObject"], ["arn:aws:s3:::b/home/${aws:username}/*"], {
          Condition: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
            StringEquals: { "aws:ResourceTag/owner": ["${aws:username}"] },
            // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
            StringLike: { "s3:prefix": ["home/${aws:username}/*"] },
          },
        }),
      ),
    },
  ],
  invalid: [
    {
      document: doc(
        allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], {
          Condition: { StringEquals: { "aws:ResourceTag/${aws:username}": ["owner"] } },
        }),
      ),
      errors: [
        {
          messageId: "allowNever",
          data: { key: '"aws:ResourceTag/${aws:username}"', variable: "${aws:username}", operator: "StringEquals" },
          line: 14,
          column: 11,
        },
      ],
    },
    {
      document: doc(
        allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], {
          Condition: { StringNotEquals: { "aws:PrincipalTag/${aws:PrincipalTag/team}": ["none"] } },
        }),
      ),
      errors: [
        {
          messageId: "allowUnconstrained",
          data: {
            key: '"aws:PrincipalTag/${aws:PrincipalTag/team}"',
            variable: "${aws:PrincipalTag/team}",
            operator: "StringNotEquals",
          },
          line: 14,
          column: 11,
        },
      ],
    },
    {
      document: doc({
        Effect: "Deny",
        Action: ["s3:GetObject"],
        Resource: ["*"],
        Condition: {
          "ForAnyValue:StringEquals": { "aws:RequestTag/${aws:username}": ["x"] },
          Null: { "s3:ExistingObjectTag/${aws:username}": ["true"] },
        },
      }),
      errors: [
        {
          messageId: "denyNever",
          data: {
            key: '"aws:RequestTag/${aws:username}"',
            variable: "${aws:username}",
            operator: "ForAnyValue:StringEquals",
          },
          line: 14,
          column: 11,
        },
        {
          messageId: "denyNotNarrowed",
          data: { key: '"s3:ExistingObjectTag/${aws:username}"', variable: "${aws:username}", operator: "Null" },
          line: 19,
          column: 11,
        },
      ],
    },
  ],
});
