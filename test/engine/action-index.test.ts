/**
 * The evaluator tests an action only against the statements that can name it (issue 14: a 1 MB
 * policy asked about every action of the catalog by the risk checks). Work is counted, not timed:
 * each call of a statement's action matcher is counted at n and 2n statements. And the index
 * changes no decision: the same set with the index disabled (every statement "may name any
 * action") decides and explains every request the same (IAM User Guide, "IAM JSON policy
 * elements: Action": case-insensitive, `*` and `?` anywhere).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type CompiledPolicySet, compileSet } from "../../src/engine/compile.js";
import { CompiledEvaluator } from "../../src/engine/evaluate.js";
import type { PolicySet } from "../../src/policy/policy-set.js";
import type { Statement } from "../../src/policy/types.js";

const PRINCIPAL = "arn:aws:iam::111122223333:user/alice";

function compiled(statements: Statement[]): CompiledPolicySet {
  const set: PolicySet = {
    identityPolicies: [{ name: "p", document: { Version: "2012-10-17", Statement: statements } }],
  };
  const diagnostics: Parameters<typeof compileSet>[1] = [];
  const c = compileSet(set, diagnostics);
  assert.deepEqual(diagnostics, []);
  return c;
}

/** Wraps every statement's action matcher of `c` to count its calls: `count()` reads the count. */
function countingMatchers(c: CompiledPolicySet): { count: () => number } {
  let calls = 0;
  for (const st of c.statements) {
    const test = st.action;
    st.action = (a) => {
      calls++;
      return test(a);
    };
  }
  return { count: () => calls };
}

/** Statements from generated records: Allow or Deny, Action or NotAction, one resource, a team condition or none. */
function generated(
  list: ReadonlyArray<{ deny: boolean; not: boolean; action: string[]; resource: string; team?: string }>,
): Statement[] {
  return list.map((s) => ({
    Effect: s.deny ? "Deny" : "Allow",
    ...(s.not ? { NotAction: s.action } : { Action: s.action }),
    Resource: [s.resource],
    ...(s.team ? { Condition: { StringEquals: { "aws:PrincipalTag/team": [s.team] } } } : {}),
  }));
}

/** Action-matcher calls made deciding `actions` against n statements `svc<i>:Get*`. */
function matcherCalls(n: number, actions: string[]): number {
  const c = compiled(
    Array.from({ length: n }, (_, i) => ({ Effect: "Allow", Action: [`svc${i}:Get*`], Resource: ["*"] })),
  );
  const calls = countingMatchers(c);
  const ev = new CompiledEvaluator(c);
  for (const action of actions) ev.evaluate({ principal: PRINCIPAL, action, resource: "*" });
  return calls.count();
}

describe("the evaluator's action index", () => {
  it("tests an action against the statements that may name it, not all of them", () => {
    const actions = Array.from({ length: 300 }, (_, i) => `svc${i}:GetThing`);
    const small = matcherCalls(300, actions);
    const big = matcherCalls(600, actions);
    assert.ok(small >= 300, `each action is tested against its statement (${small})`);
    assert.ok(big <= small * 1.2, `${small} -> ${big} matcher calls for twice the statements`);
  });

  it("tests a NotAction statement only against the actions its patterns may exclude", () => {
    // n NotAction statements of n services: an action of another service matches each untested
    // (before: every NotAction statement was tested against every action).
    const calls = (n: number) => {
      const c = compiled(
        Array.from({ length: n }, (_, i) => ({ Effect: "Allow", NotAction: [`svc${i}:Get*`], Resource: ["*"] })),
      );
      const counter = countingMatchers(c);
      const ev = new CompiledEvaluator(c);
      for (let i = 0; i < 300; i++) {
        // Its own service's statement excludes it; every other one allows it.
        const own = ev.evaluate({ principal: PRINCIPAL, action: `svc${i}:GetThing`, resource: "*" }, { explain: true });
        assert.equal(own.explanation?.statements.length, n - 1);
        assert.equal(
          ev.evaluate({ principal: PRINCIPAL, action: `other${i}:GetThing`, resource: "*" }).decision,
          "Allowed",
        );
      }
      return counter.count();
    };
    const small = calls(300);
    const big = calls(600);
    assert.ok(small >= 300 && small <= 600, `each action is tested against its own service's statement (${small})`);
    assert.ok(big <= small * 1.2, `${small} -> ${big} matcher calls for twice the statements`);
  });

  it("tests a NotAction statement only against the actions its patterns' prefix and suffix fit", () => {
    // n statements of `NotAction: [s3:Get<i>*, iam:*<i>]` (issue 14's hostile policy), asked about
    // IAM actions that end with no digit: none is tested (before: all n for every IAM action).
    const calls = (n: number) => {
      const c = compiled(
        Array.from({ length: n }, (_, i) => ({
          Effect: "Allow",
          NotAction: [`s3:Get${i}*`, `iam:*${i}`],
          Resource: ["*"],
        })),
      );
      const counter = countingMatchers(c);
      const ev = new CompiledEvaluator(c);
      for (let i = 0; i < 100; i++) {
        const req = {
          principal: PRINCIPAL,
          action: `iam:Action${String.fromCharCode(65 + (i % 26))}x${i}y`,
          resource: "*",
        };
        assert.equal(ev.evaluate(req).decision, "Allowed");
      }
      // An action one statement's suffix fits: it is excluded by that statement only.
      const own = ev.evaluate({ principal: PRINCIPAL, action: "iam:Action7", resource: "*" }, { explain: true });
      assert.equal(own.explanation?.statements.length, n - 1);
      return counter.count();
    };
    const small = calls(300);
    const big = calls(600);
    assert.ok(small >= 1 && small <= 10, `only the statements a suffix fits are tested (${small})`);
    assert.ok(big <= small * 1.2, `${small} -> ${big} matcher calls for twice the statements`);
  });

  it('does not test statements of "Action": "*" for each action', () => {
    // n statements of `*` (issue 14's star-statements) and one of `ec2:*` that every EC2 action
    // is tested against: the `*` statements match untested, and EC2 actions share one plan.
    const calls = (n: number) => {
      const c = compiled([
        ...Array.from({ length: n }, () => ({ Effect: "Allow" as const, Action: ["*"], Resource: ["*"] })),
        { Effect: "Deny", Action: ["ec2:*"], Resource: ["arn:aws:ec2:*:*:instance/other"] },
      ]);
      const counter = countingMatchers(c);
      const ev = new CompiledEvaluator(c);
      for (let i = 0; i < 100; i++) {
        for (const action of [`ec2:Action${i}`, `s3:Action${i}`]) {
          const req = { principal: PRINCIPAL, action, resource: "arn:aws:ec2:us-east-1:111122223333:instance/i" };
          assert.equal(ev.evaluate(req).decision, "Allowed");
        }
      }
      const denied = {
        principal: PRINCIPAL,
        action: "ec2:RunInstances",
        resource: "arn:aws:ec2:us-east-1:1:instance/other",
      };
      const result = ev.evaluate(denied, { explain: true });
      assert.equal(result.decision, "ExplicitlyDenied");
      assert.equal(result.explanation?.statements.length, n + 1);
      return counter.count();
    };
    const small = calls(300);
    const big = calls(600);
    assert.ok(small <= 101, `only the ec2:* statement is tested, once per EC2 action (${small})`);
    assert.equal(big, small);
  });

  it("decides and explains as a full scan does", () => {
    const patterns = [
      "*",
      "s3:*",
      "S3:Get*",
      "s3:GetObject",
      "s3:getobject*",
      "?3:Get*",
      "s3:Get?bject",
      "s*:*",
      "iam:Pass*",
      "iam:PassRole",
      "sts:AssumeRole",
      "kms:Decrypt",
      "ec2:*Instances",
      "ec2:Run*",
      "s3:G",
      "iam:*0",
      "iam:*Role",
      // An action pattern without a service ("*Object") is no policy IAM accepts: the parser rejects it.
      "*:*Object",
      "*:GetObject",
      "s3:*t",
      "*3:*bject",
      "s?:Get*Object",
    ];
    const actions = [
      "s3:GetObject",
      "S3:GETOBJECT",
      "s3:PutObject",
      "s3:G",
      "s3:Gx",
      "iam:PassRole",
      "sts:AssumeRole",
      "kms:Decrypt",
      "ec2:RunInstances",
      "ec2:DescribeInstances",
      "ssm:GetParameter",
      "lambda:InvokeFunction",
      "iam:Action10",
      "iam:GetRole",
      "s3:GetObject0",
      "s3:Object",
      "s3:getbucketobject",
    ];
    const statement = fc.record({
      deny: fc.boolean(),
      not: fc.boolean(),
      action: fc.uniqueArray(fc.constantFrom(...patterns), { minLength: 1, maxLength: 3 }),
      resource: fc.constantFrom("*", "arn:aws:s3:::b/*", "arn:aws:iam::111122223333:role/*"),
    });
    fc.assert(
      fc.property(fc.array(statement, { minLength: 64, maxLength: 120 }), (list) => {
        const statements = generated(list);
        const indexed = new CompiledEvaluator(compiled(statements));
        const plain = compiled(statements);
        for (const st of plain.statements) {
          st.actionAffixes = undefined;
          st.notActionAffixes = undefined;
          st.everyAction = undefined;
        }
        const scan = new CompiledEvaluator(plain);
        for (const action of actions)
          for (const resource of ["*", "arn:aws:s3:::b/k", "arn:aws:iam::111122223333:role/r"]) {
            const req = { principal: PRINCIPAL, action, resource };
            assert.deepEqual(indexed.evaluate(req, { explain: true }), scan.evaluate(req, { explain: true }));
          }
      }),
      { numRuns: 40, seed: 14 },
    );
  });

  it("decides actions that share a large plan once per request, and each request on its own", () => {
    // 100 statements naming every s3 action, each with a condition: the condition closures are
    // called while deciding the first s3 action, not again for the next 99 of the same request.
    const c = compiled(
      Array.from({ length: 100 }, (_, i) => ({
        Effect: "Allow",
        Action: ["s3:*"],
        Resource: ["*"],
        Condition: { StringEquals: { "aws:PrincipalTag/team": [`t${i}`] } },
      })),
    );
    let calls = 0;
    for (const st of c.statements) {
      const test = st.condition!;
      st.condition = (scope) => {
        calls++;
        return test(scope);
      };
    }
    const ev = new CompiledEvaluator(c);
    const decide = (action: string, team: string) =>
      ev.evaluate({ principal: PRINCIPAL, action, resource: "*", context: { "aws:PrincipalTag/team": team } }).decision;
    const actions = Array.from({ length: 100 }, (_, i) => `s3:Action${i}`);
    for (const a of actions) assert.equal(decide(a, "t99"), "Allowed");
    assert.equal(calls, 100);
    // Another context is another request: decided again, and differently.
    for (const a of actions) assert.equal(decide(a, "nobody"), "ImplicitlyDenied");
    assert.equal(calls, 200);
    for (const a of actions) assert.equal(decide(a, "t0"), "Allowed");
    assert.equal(calls, 201);
  });

  it("remembers nothing that a fresh evaluator would decide otherwise", () => {
    const statement = fc.record({
      deny: fc.boolean(),
      action: fc.constantFrom("s3:*", "*", "s3:Get*", "kms:*", "sts:*"),
      resource: fc.constantFrom("*", "arn:aws:s3:::b/*", "arn:aws:kms:us-east-1:111122223333:key/*"),
      team: fc.constantFrom(undefined, "a", "b"),
    });
    const actions = [
      "s3:GetObject",
      "s3:PutObject",
      "kms:Decrypt",
      "kms:Encrypt",
      "sts:AssumeRole",
      "ec2:RunInstances",
    ];
    const resources = ["*", "arn:aws:s3:::b/k", "arn:aws:kms:us-east-1:111122223333:key/k", "arn:aws:s3:::other/k"];
    const contexts = [undefined, { "aws:PrincipalTag/team": "a" }, { "aws:PrincipalTag/team": "b" }];
    fc.assert(
      fc.property(fc.array(statement, { minLength: 64, maxLength: 100 }), (list) => {
        const statements: Statement[] = list.map((s) => ({
          Effect: s.deny ? "Deny" : "Allow",
          Action: [s.action],
          Resource: [s.resource],
          ...(s.team ? { Condition: { StringEquals: { "aws:PrincipalTag/team": [s.team] } } } : {}),
        }));
        const ev = new CompiledEvaluator(compiled(statements));
        for (const context of contexts)
          for (const resource of resources)
            for (const action of actions) {
              const req = { principal: PRINCIPAL, action, resource, ...(context ? { context } : {}) };
              const fresh = new CompiledEvaluator(compiled(statements)).evaluate(req);
              assert.deepEqual(ev.evaluate(req), fresh, JSON.stringify(req));
            }
      }),
      { numRuns: 15, seed: 14 },
    );
  });

  it("gives two actions the same actionClass only when it decides their requests alike", () => {
    // Callers remember decisions by it (`PrincipalAccess.classify`): two actions of one class must
    // get the same decision for every request otherwise equal — any resource, context, Deny,
    // condition, trust or key policy action — and actions the same statements name share a class.
    const statement = fc.record({
      deny: fc.boolean(),
      not: fc.boolean(),
      action: fc.uniqueArray(
        fc.constantFrom("s3:*", "s3:Get*", "s3:GetObject", "*", "kms:*", "sts:Assume*", "iam:Pass*"),
        {
          minLength: 1,
          maxLength: 2,
        },
      ),
      resource: fc.constantFrom(
        "*",
        "arn:aws:s3:::b/*",
        "arn:aws:s3:::b/k*",
        "arn:aws:kms:us-east-1:111122223333:key/*",
      ),
      team: fc.constantFrom(undefined, "a"),
    });
    const actions = [
      "s3:GetObject",
      "s3:GetObjectAcl",
      "s3:GetBucketPolicy",
      "s3:PutObject",
      "s3:ListBucket",
      "kms:Decrypt",
      "kms:Encrypt",
      "sts:AssumeRole",
      "sts:AssumeRoleWithSAML",
      "iam:PassRole",
      "ec2:RunInstances",
    ];
    const resources = [
      "*",
      "arn:aws:s3:::b/k",
      "arn:aws:s3:::b/kx",
      "arn:aws:s3:::c/k",
      "arn:aws:kms:us-east-1:111122223333:key/k",
    ];
    const contexts = [undefined, { "aws:PrincipalTag/team": "a" }];
    let shared = 0;
    fc.assert(
      fc.property(fc.array(statement, { minLength: 1, maxLength: 80 }), (list) => {
        const statements = generated(list);
        const ev = new CompiledEvaluator(compiled(statements));
        for (const a of actions)
          for (const b of actions) {
            if (a >= b || ev.actionClass(a) !== ev.actionClass(b)) continue;
            shared++;
            for (const resource of resources)
              for (const context of contexts) {
                const req = (action: string) => ({
                  principal: PRINCIPAL,
                  action,
                  resource,
                  ...(context ? { context } : {}),
                });
                const fresh = () => new CompiledEvaluator(compiled(statements));
                assert.equal(
                  fresh().evaluate(req(a)).decision,
                  fresh().evaluate(req(b)).decision,
                  `${a} ${b} ${resource}`,
                );
              }
          }
      }),
      { numRuns: 40, seed: 14 },
    );
    assert.ok(shared > 0, "some actions share a class");
    // Named by the same statements: one class; by others: not.
    const ev = new CompiledEvaluator(
      compiled([
        { Effect: "Allow", Action: ["s3:Get*"], Resource: ["*"] },
        { Effect: "Deny", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] },
      ]),
    );
    assert.equal(ev.actionClass("s3:GetBucketPolicy"), ev.actionClass("s3:GetObjectAcl"));
    assert.notEqual(ev.actionClass("s3:GetObject"), ev.actionClass("s3:GetObjectAcl"));
  });
});
