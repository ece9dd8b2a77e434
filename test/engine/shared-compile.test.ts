/**
 * What evaluators share: a statement object's matchers under `withCompileCache`, and the
 * statements each action matches between sets that name the same actions. Sharing must never
 * change a decision or an explanation.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { withCompileCache } from "../../src/engine/compile.js";
import { createEvaluator } from "../../src/engine/index.js";
import type { PolicySet } from "../../src/policy/policy-set.js";
import type { Statement } from "../../src/policy/types.js";

const doc = (...Statement: Statement[]) => ({ Version: "2012-10-17", Statement });
const request = (action: string, resource: string) => ({
  principal: "arn:aws:iam::111122223333:user/alice",
  action,
  resource,
  context: {},
});

describe("evaluators sharing what they learn of actions", () => {
  test("an Action statement and a NotAction statement of the same patterns are not mistaken for each other", () => {
    const allow = createEvaluator({
      identityPolicies: [{ name: "a", document: doc({ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }) }],
    });
    const notAction = createEvaluator({
      identityPolicies: [
        { name: "a", document: doc({ Effect: "Allow", NotAction: ["s3:GetObject"], Resource: ["*"] }) },
      ],
    });
    assert.equal(allow.evaluate(request("s3:GetObject", "arn:aws:s3:::b/k")).decision, "Allowed");
    assert.equal(notAction.evaluate(request("s3:GetObject", "arn:aws:s3:::b/k")).decision, "ImplicitlyDenied");
    assert.equal(notAction.evaluate(request("s3:PutObject", "arn:aws:s3:::b/k")).decision, "Allowed");
    assert.equal(allow.evaluate(request("s3:PutObject", "arn:aws:s3:::b/k")).decision, "ImplicitlyDenied");
  });

  test("sets naming the same actions on other resources decide by their own resources", () => {
    const team = (t: string): PolicySet => ({
      identityPolicies: [
        {
          name: `${t}-policy`,
          document: doc(
            { Effect: "Allow", Action: ["s3:Get*"], Resource: [`arn:aws:s3:::data/${t}/*`] },
            { Effect: "Deny", Action: ["s3:GetObject"], Resource: [`arn:aws:s3:::data/${t}/secret/*`] },
          ),
        },
      ],
    });
    const a = createEvaluator(team("a"));
    const b = createEvaluator(team("b"));
    assert.equal(a.evaluate(request("s3:GetObject", "arn:aws:s3:::data/a/x")).decision, "Allowed");
    assert.equal(b.evaluate(request("s3:GetObject", "arn:aws:s3:::data/a/x")).decision, "ImplicitlyDenied");
    assert.equal(b.evaluate(request("s3:GetObject", "arn:aws:s3:::data/b/x")).decision, "Allowed");
    assert.equal(b.evaluate(request("s3:GetObject", "arn:aws:s3:::data/b/secret/x")).decision, "ExplicitlyDenied");
    assert.equal(a.evaluate(request("s3:GetObjectTagging", "arn:aws:s3:::data/a/secret/x")).decision, "Allowed");
  });

  test("a statement object held by two policies compiles once and is named by each", () => {
    const shared: Statement = { Effect: "Deny", Action: ["s3:DeleteObject"], Resource: ["arn:aws:s3:::b/*"] };
    const allow: Statement = { Effect: "Allow", Action: ["s3:*"], Resource: ["*"] };
    const results = withCompileCache(() => {
      const one = createEvaluator({ identityPolicies: [{ name: "one", document: doc(allow, shared) }] });
      const two = createEvaluator({
        identityPolicies: [
          { name: "first", document: doc(allow) },
          { name: "two", document: doc(shared) },
        ],
      });
      return [one, two].map((e) => e.evaluate(request("s3:DeleteObject", "arn:aws:s3:::b/k"), { explain: true }));
    });
    const denies = results.map((r) =>
      r.explanation?.statements.filter((s) => s.effect === "Deny").map((s) => `${s.policy}#${s.statementIndex}`),
    );
    assert.deepEqual(
      results.map((r) => r.decision),
      ["ExplicitlyDenied", "ExplicitlyDenied"],
    );
    assert.deepEqual(denies, [["one#1"], ["two#0"]]);
  });

  test("a statement object in a resource policy still matches its principal there, not in an identity policy", () => {
    const st: Statement = {
      Effect: "Allow",
      Principal: { AWS: ["arn:aws:iam::111122223333:user/bob"] },
      Action: ["s3:GetObject"],
      Resource: ["arn:aws:s3:::b/*"],
    };
    const decisions = withCompileCache(() => {
      const asResource = createEvaluator({
        identityPolicies: [],
        resourcePolicy: { name: "bucket", document: doc(st) },
      });
      return [
        asResource.evaluate(request("s3:GetObject", "arn:aws:s3:::b/k")).decision,
        asResource.evaluate({
          ...request("s3:GetObject", "arn:aws:s3:::b/k"),
          principal: "arn:aws:iam::111122223333:user/bob",
        }).decision,
      ];
    });
    assert.deepEqual(decisions, ["ImplicitlyDenied", "Allowed"]);
  });
});
