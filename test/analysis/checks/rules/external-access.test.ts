import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

// AWS: IAM Access Analyzer User Guide, "Findings for external and unused access"; IAM User Guide,
// "The confused deputy problem"; GitHub Docs, "Configuring OpenID Connect in Amazon Web Services".
ruleTester.run(rule("external-access"), {
  valid: [
    // An identity policy has no Principal: nothing to share.
    { document: doc(allow(["s3:GetObject"])) },
    // Everyone, but only principals of the owning account.
    {
      document: doc({
        ...allow(["kms:Decrypt"], ["arn:aws:kms:us-east-1:111122223333:key/k"]),
        Principal: "*",
        Condition: { StringEquals: { "kms:CallerAccount": ["111122223333"] } },
      }),
      kind: "resource",
    },
    // A service principal pinned to the source account.
    {
      document: doc({
        ...allow(["sqs:SendMessage"], ["arn:aws:sqs:us-east-1:111122223333:q"]),
        Principal: { Service: ["sns.amazonaws.com"] },
        Condition: { ArnEquals: { "aws:SourceArn": ["arn:aws:sns:us-east-1:111122223333:t"] } },
      }),
      kind: "resource",
    },
    // GitHub Actions pinned to one repository's branch.
    {
      document: doc({
        Effect: "Allow",
        Action: ["sts:AssumeRoleWithWebIdentity"],
        Principal: { Federated: ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"] },
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"],
            "token.actions.githubusercontent.com:sub": ["repo:acme/ml:ref:refs/heads/main"],
          },
        },
      }),
      kind: "trust",
    },
  ],
  invalid: [
    {
      document: doc({ ...allow(["s3:*"], ["arn:aws:s3:::b/*"]), Principal: "*" }),
      kind: "resource",
      errors: [
        { messageId: "resource", data: { who: "everyone (any AWS account, any identity)" }, line: 12, column: 7 },
      ],
    },
    {
      document: doc({
        Effect: "Allow",
        Action: ["sts:AssumeRole"],
        Principal: { AWS: ["arn:aws:iam::444455556666:root"] },
      }),
      kind: "trust",
      errors: [{ messageId: "trust", data: { who: "account 444455556666" }, line: 9, column: 7 }],
    },
    {
      document: doc({
        Effect: "Allow",
        Action: ["sts:AssumeRoleWithWebIdentity"],
        Principal: { Federated: ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"] },
        Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"] } },
      }),
      kind: "trust",
      errors: [
        {
          messageId: "trust",
          data: {
            who: "any identity of token.actions.githubusercontent.com",
            actions: "sts:AssumeRoleWithWebIdentity",
            limits:
              'no "token.actions.githubusercontent.com:sub" condition pins the subject (for GitHub Actions, any repository\'s workflow); limited by token.actions.githubusercontent.com:aud',
          },
          line: 9,
          column: 7,
        },
      ],
    },
    {
      document: doc({
        ...allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]),
        Principal: "*",
        Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-abc"] } },
      }),
      kind: "resource",
      errors: [{ messageId: "resource", data: { limits: "limited by aws:PrincipalOrgID" }, line: 12, column: 7 }],
    },
    {
      document: doc({
        ...allow(["s3:PutObject"], ["arn:aws:s3:::b/*"]),
        Principal: { Service: ["cloudtrail.amazonaws.com"] },
      }),
      kind: "resource",
      errors: [
        {
          messageId: "resource",
          data: { limits: 'no "aws:SourceAccount" or "aws:SourceArn" condition (confused deputy)' },
          line: 12,
          column: 7,
        },
      ],
    },
  ],
});
