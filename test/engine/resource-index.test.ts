/**
 * The evaluator tests a request only against the statements of its action that can name its
 * resource (issue 14: `can` on a role whose 1 MB inline policy names thousands of buckets for the
 * same actions). Work is counted, not timed: each call of a statement's resource matcher is
 * counted at n and 2n statements. And the index changes no decision: the same set with the index
 * disabled (every statement "may match any resource") decides and explains every request the same
 * (IAM User Guide, "IAM JSON policy elements: Resource": ARNs compare case-sensitively, `*` and `?`
 * within each ARN part; "IAM policy elements: Variables and tags").
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type CompiledPolicySet, compileSet } from "../../src/engine/compile.js";
import { CompiledEvaluator } from "../../src/engine/evaluate.js";
import type { PolicySet } from "../../src/policy/policy-set.js";
import type { Statement } from "../../src/policy/types.js";

const PRINCIPAL = "arn:aws:iam::111122223333:user/alice";

/** An IAM policy variable, `${key}`. */
const v = (key: string) => `$\{${key}}`;

function compiled(statements: Statement[], extra: Partial<PolicySet> = {}): CompiledPolicySet {
  const set: PolicySet = {
    identityPolicies: [{ name: "p", document: { Version: "2012-10-17", Statement: statements } }],
    ...extra,
  };
  const diagnostics: Parameters<typeof compileSet>[1] = [];
  const c = compileSet(set, diagnostics);
  assert.deepEqual(diagnostics, []);
  return c;
}

/** Resource-matcher calls made deciding `resources` (one action) against n statements on `bucket-<i>/*`. */
function matcherCalls(n: number, resources: string[]): number {
  const c = compiled(
    Array.from({ length: n }, (_, i) => ({
      Effect: i % 7 === 0 ? "Deny" : "Allow",
      Action: ["s3:GetObject"],
      Resource: [`arn:aws:s3:::bucket-${i}/*`],
    })),
  );
  let calls = 0;
  for (const st of c.statements) {
    st.resources = st.resources?.map((m) => (s, vars) => {
      calls++;
      return m(s, vars);
    });
  }
  const ev = new CompiledEvaluator(c);
  for (const resource of resources) ev.evaluate({ principal: PRINCIPAL, action: "s3:GetObject", resource });
  return calls;
}

describe("the evaluator's resource index", () => {
  it("tests a request against the statements that may name its resource, not all of them", () => {
    const resources = Array.from({ length: 300 }, (_, i) => `arn:aws:s3:::bucket-${i}/key`);
    const small = matcherCalls(300, resources);
    const big = matcherCalls(600, resources);
    assert.ok(small >= 300, `each resource is tested against its statement (${small})`);
    assert.ok(small < 300 * 10, `not against every statement (${small})`);
    assert.ok(big <= small * 1.2, `${small} -> ${big} matcher calls for twice the statements`);
  });

  it("decides and explains as a full scan does", () => {
    const patterns = [
      "*",
      "arn:aws:s3:::b/*",
      "arn:aws:s3:::b/k",
      "arn:aws:s3:::b*",
      "arn:aws:s3:::B/*",
      "arn:aws:s3:::b/?",
      "arn:aws:s3:::?/k",
      `arn:aws:s3:::b/${v("aws:username")}/*`,
      `arn:aws:s3:::b/${v("aws:username")}`,
      `arn:aws:s3:::${v("aws:PrincipalTag/team")}/*`,
      `arn:aws:s3:::b/${v("aws:PrincipalTag/none")}`,
      `arn:aws:s3:::b/${v("aws:PrincipalTag/none, 'k'")}`,
      "arn:aws:*:*:*:*",
      "arn:*:s3:::b/k",
      "arn:aws:s3:*:*:b/*",
      "arn:aws:iam::111122223333:role/*",
      "arn:aws:iam::*:role/r",
      "arn:aws:iam::111122223333:role/r",
      "arn:aws:s3:::b/k$",
      "arn:aws:s3:::",
    ];
    const resources = [
      "*",
      "arn:aws:s3:::b/k",
      "arn:aws:s3:::B/k",
      "arn:aws:s3:::b/alice",
      "arn:aws:s3:::b/alice/x",
      "arn:aws:s3:::data/x",
      "arn:aws:s3:::bb",
      "arn:aws:s3:::b/k$",
      "arn:aws:iam::111122223333:role/r",
      "arn:aws:iam::444455556666:role/r",
      "arn:aws:s3:::",
      "not-an-arn",
      "",
    ];
    const statement = fc.record({
      deny: fc.boolean(),
      not: fc.boolean(),
      action: fc.constantFrom("s3:GetObject", "s3:*", "*", "iam:PassRole", "s3:Get*"),
      resource: fc.uniqueArray(fc.constantFrom(...patterns), { minLength: 1, maxLength: 3 }),
      team: fc.constantFrom(undefined, "a"),
      version: fc.constantFrom("2012-10-17", "2008-10-17"),
    });
    const policyOf = (list: Array<{ st: Statement; version: string }>, name: string) =>
      list.map((x, i) => ({ name: `${name}${i}`, document: { Version: x.version, Statement: [x.st] } }));
    fc.assert(
      fc.property(
        fc.array(statement, { minLength: 32, maxLength: 90 }),
        fc.array(statement, { minLength: 0, maxLength: 40 }),
        (list, bound) => {
          const toStatement = (s: (typeof list)[number]) => ({
            st: {
              Effect: s.deny ? "Deny" : "Allow",
              Action: [s.action],
              ...(s.not ? { NotResource: s.resource } : { Resource: s.resource }),
              ...(s.team ? { Condition: { StringEquals: { "aws:PrincipalTag/team": [s.team] } } } : {}),
            } as Statement,
            version: s.version,
          });
          const set: PolicySet = {
            identityPolicies: policyOf(list.map(toStatement), "p"),
            ...(bound.length > 0
              ? {
                  permissionBoundaries: [
                    { name: "b", document: { Version: "2012-10-17", Statement: bound.map((s) => toStatement(s).st) } },
                  ],
                }
              : {}),
          };
          const diagnostics: Parameters<typeof compileSet>[1] = [];
          const indexed = new CompiledEvaluator(compileSet(set, diagnostics));
          const plain = compileSet(set, diagnostics);
          assert.deepEqual(diagnostics, []);
          for (const st of plain.statements) st.resourcePrefixes = undefined;
          const scan = new CompiledEvaluator(plain);
          for (const action of ["s3:GetObject", "s3:PutObject", "iam:PassRole"])
            for (const resource of resources)
              for (const context of [undefined, { "aws:PrincipalTag/team": "a", "aws:username": "alice" }]) {
                const req = { principal: PRINCIPAL, action, resource, ...(context ? { context } : {}) };
                assert.deepEqual(indexed.evaluate(req), scan.evaluate(req), JSON.stringify(req));
                assert.deepEqual(indexed.evaluate(req, { explain: true }), scan.evaluate(req, { explain: true }));
              }
        },
      ),
      { numRuns: 40, seed: 14 },
    );
  });

  it("keeps one plan per distinct list of statements, however many resources narrow to it", () => {
    // 40 statements of one action on 40 buckets, asked about 2,000 objects of 1,000 buckets:
    // most requests narrow to no statement, the others to one each: 41 lists, not 2,000 plans.
    const c = compiled(
      Array.from({ length: 40 }, (_, i) => ({
        Effect: "Allow" as const,
        Action: ["s3:GetObject"],
        Resource: [`arn:aws:s3:::b-${i}/*`],
      })),
    );
    const ev = new CompiledEvaluator(c);
    for (let i = 0; i < 2000; i++) {
      const resource = `arn:aws:s3:::b-${i % 1000}/k${i}`;
      const d = ev.evaluate({ principal: PRINCIPAL, action: "s3:GetObject", resource }).decision;
      assert.equal(d, i % 1000 < 40 ? "Allowed" : "ImplicitlyDenied", resource);
    }
    // The action's plan, and the plans it narrowed to (the last 256 resources' at most).
    const plan = ev.actionClass("s3:GetObject") as { byResource?: { narrowed: Map<string, object> } };
    const narrowed = [...(plan.byResource?.narrowed.values() ?? [])];
    assert.ok(narrowed.length >= 200, `${narrowed.length} resources narrowed`);
    const distinct = new Set(narrowed).size;
    assert.ok(distinct <= 41, `${distinct} plans`);
  });
});
