/**
 * The risk oracle's statement lookups (issue 14: a 1 MB policy of 21,000 `"Action": "*"`
 * statements made the escalation analysis read 21,000 grants for each of hundreds of actions).
 * The analysis reads the statements naming an action for their resources, conditions and the
 * first one's place, so equal statements are one: the first of each, in policy order.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { listNames } from "../../../../src/analysis/checks/action-index.js";
import { firstOfEach, riskOracle } from "../../../../src/analysis/checks/risk/oracle.js";
import { getCatalog } from "../../../../src/catalog/index.js";
import type { NamedPolicy, Statement } from "../../../../src/policy/types.js";

function oracleOf(policies: NamedPolicy[]) {
  return riskOracle({ catalog: getCatalog(), identityPolicies: policies, layers: policies, allowed: () => true });
}

describe("riskOracle", () => {
  test("names each distinct statement once, the first of equal ones", () => {
    const star: Statement = { Effect: "Allow", Action: ["*"], Resource: ["*"] };
    const s3: Statement = { Effect: "Allow", Action: ["s3:*"], Resource: ["arn:aws:s3:::b/*"] };
    const statements = Array.from({ length: 1000 }, (_, i) => ({ ...(i % 2 ? s3 : star) }));
    const oracle = oracleOf([{ name: "p", document: { Version: "2012-10-17", Statement: statements } }]);
    const grants = oracle.grants("s3:GetObject");
    assert.deepEqual(
      grants.map((g) => [g.policy, g.index]),
      [
        ["p", 0],
        ["p", 1],
      ],
    );
    assert.equal(oracle.grants("ec2:RunInstances").length, 1);
    assert.equal(oracle.statements("s3:GetObject").length, 2);
  });

  test("grants are the distinct Allow statements naming the action, in order (brute force)", () => {
    const statement = fc.record({
      Effect: fc.constantFrom("Allow", "Deny"),
      not: fc.boolean(),
      actions: fc.array(fc.constantFrom("*", "s3:*", "s3:Get*", "iam:PassRole", "s3:GetObject"), {
        minLength: 1,
        maxLength: 2,
      }),
      Resource: fc.constantFrom("*", "arn:aws:s3:::b/*"),
    });
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 64, maxLength: 90 }),
        fc.constantFrom("s3:GetObject", "iam:PassRole"),
        (raw, a) => {
          const statements: Statement[] = raw.map((r) => ({
            Effect: r.Effect,
            ...(r.not ? { NotAction: r.actions } : { Action: r.actions }),
            Resource: [r.Resource],
          }));
          const oracle = oracleOf([{ name: "p", document: { Version: "2012-10-17", Statement: statements } }]);
          const names = (st: Statement) => (st.Action ? listNames(st.Action, a) : !listNames(st.NotAction!, a));
          // Equal statements are one from 64 statements on (fewer are read as they are).
          const dedupe = statements.filter((st) => st.Effect === "Allow").length >= 64;
          const seen = new Set<string>();
          const want: number[] = [];
          statements.forEach((st, i) => {
            const key = JSON.stringify(st);
            if (st.Effect !== "Allow" || (dedupe && seen.has(key))) return;
            seen.add(key);
            if (names(st)) want.push(i);
          });
          assert.deepEqual(
            oracle.grants(a).map((g) => g.index),
            want,
          );
          assert.deepEqual(oracle.statements(a), firstOfEach(statements, (st) => st).filter(names));
        },
      ),
      { numRuns: 300 },
    );
  });

  test("the first actions asked (read from the statements) and later ones (indexed) are answered alike", () => {
    const statement = fc.record({
      Effect: fc.constantFrom("Allow", "Deny"),
      not: fc.boolean(),
      actions: fc.array(fc.constantFrom("*", "s3:*", "s3:Get*", "iam:PassRole", "s3:GetObject", "iam:*Role"), {
        minLength: 1,
        maxLength: 2,
      }),
      Resource: fc.constantFrom("*", "arn:aws:s3:::b/*"),
    });
    const asked = ["s3:GetObject", "iam:PassRole", "iam:GetRole", "s3:PutObject", "ec2:RunInstances"];
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 90 }), (raw) => {
        const statements: Statement[] = raw.map((r) => ({
          Effect: r.Effect,
          ...(r.not ? { NotAction: r.actions } : { Action: r.actions }),
          Resource: [r.Resource],
        }));
        const policies = [{ name: "p", document: { Version: "2012-10-17", Statement: statements } }];
        // One oracle answers the actions among the first it is asked, the other after others.
        const early = oracleOf(policies);
        const late = oracleOf(policies);
        for (let i = 0; i < 10; i++) {
          for (const a of [`s3:Other${i}`, `iam:Other${i}`]) {
            late.grants(a);
            late.statements(a);
          }
        }
        for (const a of asked) {
          assert.deepEqual(late.grants(a), early.grants(a));
          assert.deepEqual(late.statements(a), early.statements(a));
        }
      }),
      { numRuns: 200 },
    );
  });
});
