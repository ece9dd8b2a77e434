import assert from "node:assert/strict";
import { test } from "node:test";
import type { DocumentRule, EffectiveAccess } from "../../../../src/analysis/checks/types.js";
import { getCatalog } from "../../../../src/catalog/index.js";
import { ruleTester } from "../../../helpers/rule-tester.js";
import { allow, doc, rule } from "./build.js";

// AWS: IAM User Guide, "Granting a user permissions to pass a role to an AWS service".
ruleTester.run(rule("pass-role-unconstrained"), {
  valid: [
    {
      document: doc(
        allow(["iam:PassRole"], ["arn:aws:iam::111122223333:role/team-exec"], {
          Condition: { StringEquals: { "iam:PassedToService": ["sagemaker.amazonaws.com"] } },
        }),
      ),
    },
    { document: doc(allow(["iam:GetRole"], ["*"])) },
    // The document's own Deny removes PassRole: nothing to constrain.
    { document: doc(allow(["iam:PassRole"], ["*"]), { Effect: "Deny", Action: ["iam:*"], Resource: ["*"] }) },
    // The Deny closes the only path that would use the role (no PassRole path is left).
    {
      document: doc(allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], ["*"]), {
        Effect: "Deny",
        Action: ["lambda:CreateFunction"],
        Resource: ["*"],
      }),
    },
  ],
  invalid: [
    { document: doc(allow(["iam:PassRole"], ["*"])), errors: [{ messageId: "everyRole", line: 9, column: 7 }] },
    // A Deny of something else leaves PassRole and its Lambda path open.
    {
      document: doc(allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], ["*"]), {
        Effect: "Deny",
        Action: ["s3:DeleteBucket"],
        Resource: ["*"],
      }),
      errors: [{ messageId: "everyRole", line: 11, column: 7 }],
    },
    {
      document: doc(allow(["iam:Pass*"], ["arn:aws:iam::111122223333:role/team-exec"])),
      errors: [{ messageId: "anyService", line: 4, column: 5 }],
    },
  ],
});

// Guarded holders with no PassRole path settle every statement of the document at once: the
// statements' roles are not asked about (each `survives` question is an analysis of the holders).
test("pass-role-unconstrained: guarded holders without a PassRole path ask survives nothing", () => {
  const holder = { restricted: () => true, escalations: () => [] } as unknown as EffectiveAccess;
  let asked = 0;
  const reports = (rule("pass-role-unconstrained") as DocumentRule).check({
    document: doc(allow(["iam:PassRole"], ["*"]), allow(["iam:PassRole"], ["arn:aws:iam::111122223333:role/a*"])),
    kind: "identity",
    catalog: getCatalog(),
    holders: () => [holder],
    survives: () => {
      asked++;
      return true;
    },
  });
  assert.deepEqual(reports, []);
  assert.equal(asked, 0);
});
