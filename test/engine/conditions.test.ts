/**
 * Every condition operator, against the examples of AWS's documentation (test/engine/condition-vectors.json),
 * with `...IfExists`, set qualifiers, missing and multivalued keys. Each vector allows `s3:GetObject`
 * under one condition and checks the decision for each request value (null = key absent).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { DiagnosticsError } from "../../src/diagnostics/index.js";
import { parseOperatorName } from "../../src/engine/conditions/compile.js";
import { CONDITION_OPERATORS } from "../../src/engine/conditions/index.js";
import { compilePolicySet, createEvaluator } from "../../src/engine/index.js";
import { CONDITION_OPERATORS as POLICY_CONDITION_OPERATORS } from "../../src/policy/conditions.js";
import type { PolicySet } from "../../src/policy/policy-set.js";

interface ConditionVector {
  operator: string;
  key: string;
  values: string[];
  source: string;
  cases: { value: string | string[] | null; expect: boolean }[];
}

const vectors = JSON.parse(
  readFileSync(new URL("./condition-vectors.json", import.meta.url), "utf8"),
) as ConditionVector[];

function setWith(condition: Record<string, Record<string, string[]>>): PolicySet {
  return {
    identityPolicies: [
      {
        name: "p",
        document: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"], Condition: condition }],
        },
      },
    ],
  };
}

const principal = "arn:aws:iam::111122223333:user/alice";

describe("condition operators (AWS documentation examples)", () => {
  for (const v of vectors) {
    test(`${v.operator} ${v.key} ${JSON.stringify(v.values)} — ${v.source}`, () => {
      const evaluator = createEvaluator(setWith({ [v.operator]: { [v.key]: v.values } }));
      for (const c of v.cases) {
        const context = c.value === null ? {} : { [v.key]: c.value };
        const r = evaluator.evaluate({ principal, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context });
        assert.equal(
          r.decision,
          c.expect ? "Allowed" : "ImplicitlyDenied",
          `${v.operator} with ${JSON.stringify(c.value)}`,
        );
      }
    });
  }
});

test("every operator has vectors, and so have IfExists and both set qualifiers", () => {
  const covered = new Set(vectors.map((v) => (parseOperatorName(v.operator) as { base: string }).base.toLowerCase()));
  for (const op of CONDITION_OPERATORS) assert.ok(covered.has(op.name.toLowerCase()), `${op.name} has no vector`);
  assert.equal(CONDITION_OPERATORS.length, 27);
  assert.ok(vectors.some((v) => v.operator.endsWith("IfExists")));
  assert.ok(vectors.some((v) => v.operator.startsWith("ForAllValues:")));
  assert.ok(vectors.some((v) => v.operator.startsWith("ForAnyValue:")));
});

test("several keys and operators are AND; several values are OR", () => {
  // AWS: IAM User Guide, "IAM JSON policy elements: Condition" (evaluation logic for multiple context keys or values)
  const e = createEvaluator(
    setWith({
      StringEquals: { "aws:PrincipalTag/team": ["vision", "nlp"], "aws:RequestedRegion": ["us-east-1"] },
      Bool: { "aws:SecureTransport": ["true"] },
    }),
  );
  const base = { principal, action: "s3:GetObject", resource: "arn:aws:s3:::b/k" };
  const ok = { "aws:PrincipalTag/team": "nlp", "aws:RequestedRegion": "us-east-1", "aws:SecureTransport": "true" };
  assert.equal(e.evaluate({ ...base, context: ok }).decision, "Allowed");
  assert.equal(
    e.evaluate({ ...base, context: { ...ok, "aws:PrincipalTag/team": "web" } }).decision,
    "ImplicitlyDenied",
  );
  assert.equal(
    e.evaluate({ ...base, context: { ...ok, "aws:RequestedRegion": "eu-west-1" } }).decision,
    "ImplicitlyDenied",
  );
  assert.equal(
    e.evaluate({ ...base, context: { ...ok, "aws:SecureTransport": "false" } }).decision,
    "ImplicitlyDenied",
  );
});

test("aws:RequestedRegion is derived from the resource ARN and overridable", () => {
  const e = createEvaluator(setWith({ StringEquals: { "aws:RequestedRegion": ["eu-west-1"] } }));
  const r = (resource: string, context?: Record<string, string>) =>
    e.evaluate({ principal, action: "s3:GetObject", resource, context }).decision;
  assert.equal(r("arn:aws:sagemaker:eu-west-1:111122223333:model/m"), "Allowed");
  assert.equal(r("arn:aws:sagemaker:us-east-1:111122223333:model/m"), "ImplicitlyDenied");
  assert.equal(r("arn:aws:s3:::b/k"), "ImplicitlyDenied");
  assert.equal(r("arn:aws:s3:::b/k", { "aws:RequestedRegion": "eu-west-1" }), "Allowed");
});

test("an unknown operator is an error at compile time, never a silent non-match", () => {
  const bad = setWith({
    StringEqualz: { "aws:username": ["a"] },
    "ForSomeValues:StringEquals": { "aws:TagKeys": ["v"] },
  });
  const { evaluator, diagnostics } = compilePolicySet(bad);
  assert.equal(evaluator, undefined);
  assert.equal(diagnostics.length, 2);
  assert.ok(diagnostics.every((d) => d.severity === "error"));
  assert.ok(
    diagnostics.some((d) => d.code.endsWith("-unknown-condition-operator") && d.message.includes("StringEqualz")),
  );
  assert.throws(
    () => createEvaluator(bad),
    (err) => err instanceof DiagnosticsError && err.diagnostics.length === 2,
  );
});

test("values an operator cannot read are compile errors", () => {
  for (const [op, value] of [
    ["NumericLessThan", "ten"],
    ["DateGreaterThan", "yesterday"],
    ["IpAddress", "10.0.0.0/33"],
    ["Bool", "yes"],
    ["Null", "maybe"],
    ["BinaryEquals", "not base64!"],
  ]) {
    const { diagnostics } = compilePolicySet(setWith({ [op]: { "k:k": [value] } }));
    assert.match(diagnostics[0]?.code ?? "", /-invalid-condition-value$/, `${op} ${value}`);
  }
  const nullIfExists = compilePolicySet(setWith({ NullIfExists: { "k:k": ["true"] } }));
  assert.match(nullIfExists.diagnostics[0]?.code ?? "", /-(invalid|unknown)-condition-operator$/);
});

test("operator names are read as the policy grammar spells them: another case is an error, never a silent non-match", () => {
  // The policy set a library caller passes is validated as `simulate --policy-set` validates it.
  const { evaluator, diagnostics } = compilePolicySet(setWith({ stringequals: { "aws:username": ["alice"] } }));
  assert.equal(evaluator, undefined);
  assert.equal(diagnostics[0]?.code, "policy-unknown-condition-operator");
  assert.match(diagnostics[0]?.hint ?? "", /did you mean "StringEquals"/);
});

test("the engine implements exactly the operators the policy module validates", () => {
  assert.deepEqual(CONDITION_OPERATORS.map((op) => op.name).sort(), [...POLICY_CONDITION_OPERATORS].sort());
});
