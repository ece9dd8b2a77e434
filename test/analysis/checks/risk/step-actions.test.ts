/**
 * Which methods may hold is told from what the principal's Allow statements name, each
 * statement's named step actions made once (issue 14: a model of 750 principals built an index
 * of each principal's statements to look up the steps of 55 methods, most naming none). The
 * answer is the one looking each action up gives (`RiskOracle.grants`).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { analyzeMethods } from "../../../../src/analysis/checks/risk/analysis.js";
import { ESCALATION_METHODS } from "../../../../src/analysis/checks/risk/methods.js";
import { riskOracle } from "../../../../src/analysis/checks/risk/oracle.js";
import { getCatalog } from "../../../../src/catalog/index.js";
import type { Statement } from "../../../../src/policy/types.js";

const ENTRIES = [
  "*",
  "iam:*",
  "iam:Pass*",
  "IAM:passrole",
  "iam:PassRole",
  "iam:CreatePolicyVersion",
  "iam:Attach*Policy",
  "i?m:PutUserPolicy",
  "*:CreateAccessKey",
  "ec2:RunInstances",
  "lambda:*",
  "lambda:CreateFunction",
  "sagemaker:Create*",
  "s3:GetObject",
  "sts:AssumeRole",
  "iam*",
];

function analysis(statements: Statement[], withStatements: boolean) {
  const policies = [{ name: "p", document: { Version: "2012-10-17", Statement: statements } }];
  const oracle = riskOracle({
    catalog: getCatalog(),
    identityPolicies: policies,
    layers: policies,
    allowed: () => true,
  });
  if (!withStatements) delete (oracle as { allowStatements?: unknown }).allowStatements;
  const subject = {
    arn: "arn:aws:iam::111122223333:user/alice",
    partition: "aws",
    account: "111122223333",
    region: "us-east-1",
    kind: "user" as const,
    known: false,
    keys: {},
    groups: [],
    managedPolicies: [],
  };
  return analyzeMethods(ESCALATION_METHODS, { subject, oracle, now: new Date("2026-01-01T00:00:00Z") }).map((r) => ({
    id: r.method.id,
    targets: r.targets,
    conditions: r.conditions,
    grant: r.grant && [r.grant.policy, r.grant.index],
  }));
}

describe("methods named by the Allow statements", () => {
  test("the same methods hold as when each step's actions are looked up", () => {
    const statement = fc.record({
      Effect: fc.constantFrom("Allow", "Allow", "Deny"),
      not: fc.boolean(),
      actions: fc.array(fc.constantFrom(...ENTRIES), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 6 }), (raw) => {
        const statements: Statement[] = raw.map((r) => ({
          Effect: r.Effect,
          ...(r.not ? { NotAction: r.actions } : { Action: r.actions }),
          Resource: ["*"],
        }));
        assert.deepEqual(analysis(statements, true), analysis(statements, false));
      }),
      {
        numRuns: 60,
        examples: [
          [[{ Effect: "Allow", not: false, actions: ["IAM:passrole", "ec2:RunInstances"] }]],
          [[{ Effect: "Allow", not: false, actions: ["i?m:PassRole", "lambda:CreateFunction"] }]],
          [[{ Effect: "Allow", not: true, actions: ["iam:Pass*", "s3:GetObject"] }]],
          [
            [
              { Effect: "Allow", not: false, actions: ["iam:PassRole"] },
              { Effect: "Deny", not: false, actions: ["ec2:RunInstances"] },
              { Effect: "Allow", not: false, actions: ["*:CreateAccessKey", "sagemaker:Create*"] },
            ],
          ],
        ],
      },
    );
  });
});
