import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { actionClasses, literalActionNames } from "../../../src/analysis/prover/actions.js";
import { readSet } from "../../../src/analysis/prover/statements.js";
import { compileActions } from "../../../src/engine/compile.js";
import type { PolicySet } from "../../../src/policy/policy-set.js";
import type { Statement } from "../../../src/policy/types.js";

/**
 * A property's action pattern without wildcards (`expect: never` tests name one action) selects
 * its candidate actions by name — the catalog's actions of that name and the hypothetical future
 * ones of their services — instead of listing the whole catalog and filtering it (issue 14: 10,000
 * never tests loaded all 437 services). The classes must be exactly those of the filtered list.
 */

const PATTERNS = [
  "*",
  "s3:*",
  "s3:Get*",
  "s3:GetObject",
  "s3:getobject",
  "s3:Put?bject",
  "iam:PassRole",
  "iam:*",
  "sts:AssumeRole",
  "kms:Decrypt",
  "s3:Future",
  "futureservice:*",
  "*:Get*",
  "bedrock:Invoke*",
  // Made up as `aoss:GetIndeX`, which the catalog has (`aoss:GetIndex`): `aoss:GetIndeX2` instead.
  "aoss:GetInde?",
];
const NAMES = [
  "s3:GetObject",
  "S3:GETOBJECT",
  "s3:PutObject",
  "s3:DeleteObject",
  "s3:NoSuchAction",
  "s3:Future",
  "s3:GetFuture",
  "s3:PutFuturebject",
  "iam:PassRole",
  "iam:Future",
  "sts:AssumeRole",
  "kms:Decrypt",
  "futureservice:Future",
  "nosuchservice:Get",
  "bedrock:InvokeModel",
  "bedrock:InvokeFuture",
  "no-colon",
  "aoss:GetIndex",
  "aoss:GetIndeX2",
];

const statement = fc.record({
  not: fc.boolean(),
  effect: fc.constantFrom("Allow", "Deny"),
  patterns: fc.subarray(PATTERNS, { minLength: 1, maxLength: 3 }),
});

test("prover: action classes of a literal action pattern, looked up by name, are those of the whole catalog filtered", () => {
  fc.assert(
    fc.property(
      fc.array(statement, { minLength: 1, maxLength: 5 }),
      fc.subarray(NAMES, { minLength: 1, maxLength: 3 }),
      fc.boolean(),
      (sts, names, hypothetical) => {
        const set: PolicySet = {
          identityPolicies: [
            {
              name: "p",
              document: {
                Version: "2012-10-17",
                Statement: sts.map(
                  (s): Statement =>
                    s.not
                      ? { Effect: s.effect as "Allow", NotAction: s.patterns, Resource: ["*"] }
                      : { Effect: s.effect as "Allow", Action: s.patterns, Resource: ["*"] },
                ),
              },
            },
          ],
        } as PolicySet;
        const statements = readSet(set).statements;
        const filter = compileActions(names);
        const lookedUp = actionClasses(statements, { filter, names: literalActionNames(names), hypothetical });
        const listed = actionClasses(statements, { filter, hypothetical });
        assert.deepEqual(lookedUp, listed);
      },
    ),
    { numRuns: 150 },
  );
});

test("prover: literalActionNames names an action list without wildcards only", () => {
  assert.deepEqual(literalActionNames(["s3:GetObject", "IAM:PassRole"]), ["s3:getobject", "iam:passrole"]);
  assert.deepEqual(literalActionNames(["s3:GetObject", "nocolon"]), ["s3:getobject"]);
  assert.equal(literalActionNames(["s3:Get*"]), undefined);
  assert.equal(literalActionNames(["s3:GetObject", "s3:?"]), undefined);
});
