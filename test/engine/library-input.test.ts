/**
 * The library's front door: `createEvaluator`, `compilePolicySet` and `evaluate` given what a
 * JavaScript caller may pass (parsed JSON, policies from anywhere). A policy IAM would reject is a
 * `DiagnosticsError`, as `simulate --policy-set` reports it, whether or not it happens to be
 * written in the normalized form (every list an array); a policy set or request of the wrong shape
 * is a `DiagnosticsError` too, never a TypeError; and a trust policy written as AWS's examples
 * write it (a lone statement) is read in the resource-policy slot.
 *
 * AWS: IAM User Guide, "Grammar of the IAM JSON policy language" and "IAM JSON policy element
 * reference" (the elements a statement may have; Action/NotAction, Resource/NotResource and
 * Principal/NotPrincipal exclusive; the Version values), "AWS JSON policy elements: Principal"
 * (identity-based policies name no principal; role trust policies name no resource).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { DiagnosticsError } from "../../src/diagnostics/index.js";
import { compilePolicySet, createEvaluator, defaultContext } from "../../src/engine/index.js";
import type { AccessRequest, PolicySet } from "../../src/policy/policy-set.js";

const principal = "arn:aws:iam::111122223333:user/alice";
const request: AccessRequest = { principal, action: "s3:GetObject", resource: "arn:aws:s3:::b/k" };

/** A set of one identity policy holding `statement` (already in the normalized form). */
const identity = (statement: Record<string, unknown>, version: unknown = "2012-10-17"): PolicySet =>
  ({
    identityPolicies: [{ name: "p", document: { Version: version, Statement: [statement] } }],
  }) as unknown as PolicySet;

function codes(set: unknown): string[] {
  const { evaluator, diagnostics } = compilePolicySet(set as PolicySet);
  assert.equal(evaluator, undefined, "the set must not compile");
  assert.throws(
    () => createEvaluator(set as PolicySet),
    (e) => e instanceof DiagnosticsError,
  );
  return diagnostics.filter((d) => d.severity === "error").map((d) => d.code);
}

test("a normalized-form policy IAM would reject is an error, never decided as if valid", () => {
  const allow = { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] };
  // A misspelt Condition: decided as an unconditional allow before.
  const typo = { ...allow, Conditoin: { Bool: { "aws:MultiFactorAuthPresent": ["true"] } } };
  assert.deepEqual(codes(identity(typo)), ["policy-unknown-key"]);
  // An identity policy naming a principal: decided as if it applied to anyone before.
  const named = { ...allow, Principal: { AWS: ["arn:aws:iam::444455556666:root"] } };
  assert.deepEqual(codes(identity(named)), ["policy-principal-not-allowed"]);
  // Both Action and NotAction: Action won silently before.
  assert.deepEqual(codes(identity({ ...allow, NotAction: ["s3:PutObject"] })), ["policy-action-and-notaction"]);
  assert.deepEqual(codes(identity({ ...allow, NotResource: ["arn:aws:s3:::b/k"] })), [
    "policy-resource-and-notresource",
  ]);
  // A Version IAM does not know: its variables were read as literal text before.
  assert.deepEqual(codes(identity(allow, "2012-10-18")), ["policy-invalid-version"]);
  // An action without a service, a resource that is no ARN: never matched anything before.
  assert.deepEqual(codes(identity({ ...allow, Action: ["GetObject"] })), ["policy-invalid-action"]);
  assert.deepEqual(codes(identity({ ...allow, Resource: ["b/k"] })), ["policy-invalid-resource"]);
  // The same statements written correctly decide.
  assert.equal(createEvaluator(identity(allow)).evaluate(request).decision, "Allowed");
});

test("a statement found valid is found so for its kind only; storage-only rules are not the engine's", () => {
  const st = { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] };
  const set = identity(st);
  assert.equal(createEvaluator(set).evaluate(request).decision, "Allowed");
  // The same statement object in a resource policy (where it lacks a principal) is still an error.
  const asResource = { identityPolicies: [], resourcePolicy: { document: { Version: "2012-10-17", Statement: [st] } } };
  assert.deepEqual(codes(asResource), ["policy-missing-principal"]);
  // What decides only whether IAM stores a document, not how a request is decided (a repeated
  // Sid, a Sid or a value with characters IAM refuses), is `parsePolicy`'s and `--policy-set`'s to
  // report: the engine decides such a document as written (the usage proposal of a bucket whose
  // object keys are not Latin-1 is checked this way).
  const a = { Sid: "Same", ...st };
  const b = { Sid: "Same", Effect: "Deny", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::b/caf\u00e9\u2013k"] };
  const both = createEvaluator({
    identityPolicies: [{ document: { Version: "2012-10-17", Statement: [a, b] } }],
  } as unknown as PolicySet);
  assert.equal(both.evaluate(request).decision, "Allowed");
  assert.equal(
    both.evaluate({ ...request, action: "s3:PutObject", resource: "arn:aws:s3:::b/caf\u00e9\u2013k" }).decision,
    "ExplicitlyDenied",
  );
});

test("a trust policy written as AWS's examples write it is read in the resource-policy slot", () => {
  const set = {
    identityPolicies: [
      { document: { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" } } },
    ],
    resourcePolicy: {
      document: {
        Version: "2012-10-17",
        Statement: { Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" },
      },
    },
  } as unknown as PolicySet;
  const e = createEvaluator(set);
  const assume = { principal, action: "sts:AssumeRole", resource: "arn:aws:iam::111122223333:role/ml" };
  assert.equal(e.evaluate(assume).decision, "Allowed");
  // Written with "Resource": "*" it is read as the resource policy it then is, and decides alike.
  const withResource = structuredClone(set) as unknown as { resourcePolicy: { document: { Statement: object } } };
  Object.assign(withResource.resourcePolicy.document.Statement, { Resource: "*" });
  assert.equal(createEvaluator(withResource as unknown as PolicySet).evaluate(assume).decision, "Allowed");
});

test("a policy set of the wrong shape is a DiagnosticsError, never a TypeError", () => {
  const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["*"], Resource: ["*"] }] };
  for (const [set, code] of [
    [null, "policy-set-not-an-object"],
    [[], "policy-set-not-an-object"],
    [{ identityPolicies: {} }, "policy-set-not-a-list"],
    [{ identityPolicies: [null] }, "engine-invalid-policy"],
    [{ identityPolicies: [], permissionBoundaries: "p" }, "policy-set-not-a-list"],
    [{ identityPolicies: [], scps: [{ document: doc }] }, "policy-set-not-a-list"],
    [{ identityPolicies: [], rcps: [[7]] }, "engine-invalid-policy"],
    [{ identityPolicies: [], sessionPolicy: "doc" }, "engine-invalid-policy"],
  ] as const) {
    assert.deepEqual(codes(set), [code], JSON.stringify(set));
  }
});

test("a request of the wrong shape is a DiagnosticsError, never a TypeError or a silent non-match", () => {
  const e = createEvaluator({
    identityPolicies: [
      {
        document: {
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["*"], Resource: ["*"], Condition: { StringEquals: { "a:b": ["1"] } } },
          ],
        },
      },
    ],
  });
  for (const [bad, code] of [
    [null, "request-not-an-object"],
    [{ ...request, action: 5 }, "request-missing-field"],
    [{ principal, action: "s3:GetObject" }, "request-missing-field"],
    [{ ...request, resourceAccount: 111122223333 }, "request-invalid-field"],
    [{ ...request, context: { "a:b": null } }, "request-invalid-context"],
    [{ ...request, context: { "a:b": [1] } }, "request-invalid-context"],
    [{ ...request, context: "a:b=1" }, "request-invalid-context"],
  ] as const) {
    for (const explain of [false, true]) {
      assert.throws(
        () => e.evaluate(bad as unknown as AccessRequest, { explain }),
        (err) => err instanceof DiagnosticsError && err.diagnostics.some((d) => d.code === code),
        JSON.stringify(bad),
      );
    }
  }
  assert.throws(() => defaultContext(null as unknown as AccessRequest), DiagnosticsError);
  assert.equal(e.evaluate({ ...request, context: { "a:b": ["0", "1"] } }).decision, "Allowed");
});
