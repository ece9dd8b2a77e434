import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { baseContext, candidates, keyClass, satisfy } from "../../../../src/analysis/checks/risk/contexts.js";
import { createEvaluator } from "../../../../src/engine/index.js";
import type { Statement } from "../../../../src/policy/types.js";

/**
 * Realistic contexts: a probe is decided by the engine (so condition semantics are AWS's, IAM
 * User Guide "IAM JSON policy elements: Condition operators"); the search only chooses what the
 * request carries.
 */
const now = new Date("2026-03-01T12:00:00Z");
const principal = "arn:aws:iam::123456789012:user/alice";

function probeFor(statements: Statement[]) {
  const ev = createEvaluator({
    identityPolicies: [{ name: "p", document: { Version: "2012-10-17", Statement: statements } }],
  });
  return {
    allowed: (context: Record<string, string | string[]>) =>
      ev.evaluate({ principal, action: "iam:CreatePolicyVersion", resource: "*", context }).decision === "Allowed",
  };
}

function run(statements: Statement[]) {
  const base = baseContext({ now, principalKeys: { "aws:username": "alice" } });
  return satisfy(base, candidates(statements, new Set()), probeFor(statements));
}

const allow = (Condition?: Statement["Condition"]): Statement => ({
  Effect: "Allow",
  Action: ["iam:CreatePolicyVersion"],
  Resource: ["*"],
  ...(Condition ? { Condition } : {}),
});

describe("realistic contexts", () => {
  test("the base request is now, with a recent token, without MFA, from a public address", () => {
    const b = baseContext({ now, principalKeys: {} });
    assert.equal(b["aws:CurrentTime"], "2026-03-01T12:00:00Z");
    assert.ok(
      String(b["aws:TokenIssueTime"]) < "2026-03-01T12:00:00Z" &&
        String(b["aws:TokenIssueTime"]) > "2026-03-01T11:00:00Z",
    );
    assert.equal(b["aws:MultiFactorAuthPresent"], "false");
    assert.equal(b["aws:SecureTransport"], "true");
  });

  test("date conditions that are always true today hold; expired ones never do", () => {
    assert.deepEqual(
      run([allow({ DateGreaterThan: { "aws:CurrentTime": ["2020-01-01T00:00:00Z"] } })])?.conditions,
      [],
    );
    assert.deepEqual(
      run([allow({ DateGreaterThan: { "aws:TokenIssueTime": ["2020-01-01T00:00:01Z"] } })])?.conditions,
      [],
    );
    assert.equal(run([allow({ DateLessThan: { "aws:CurrentTime": ["2021-06-30T00:00:00Z"] } })]), undefined);
    assert.equal(run([allow({ DateLessThan: { "aws:TokenIssueTime": ["2020-01-01T00:00:01Z"] } })]), undefined);
  });

  test("MFA, source IP and VPC endpoint conditions are satisfied and reported", () => {
    assert.deepEqual(run([allow({ Bool: { "aws:MultiFactorAuthPresent": ["true"] } })])?.conditions, [
      "aws:MultiFactorAuthPresent",
    ]);
    assert.deepEqual(run([allow({ IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } })])?.conditions, ["aws:SourceIp"]);
    const both = run([
      allow({ StringEquals: { "aws:SourceVpce": ["vpce-1"] }, Bool: { "aws:MultiFactorAuthPresent": ["true"] } }),
    ]);
    assert.deepEqual(both?.conditions, ["aws:MultiFactorAuthPresent", "aws:SourceVpce"]);
  });

  test("a Deny that requires MFA makes the risk conditional on MFA", () => {
    const r = run([
      allow(),
      {
        Effect: "Deny",
        NotAction: ["iam:GetUser"],
        Resource: ["*"],
        Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } },
      },
    ]);
    assert.deepEqual(r?.conditions, ["aws:MultiFactorAuthPresent"]);
  });

  test("keys about the principal are never changed; keys the attacker chooses are not reported", () => {
    assert.equal(
      run([allow({ ArnEquals: { "aws:PrincipalArn": ["arn:aws:iam::123456789012:role/break-glass"] } })]),
      undefined,
    );
    assert.equal(run([allow({ StringEquals: { "aws:PrincipalTag/clearance": ["admin"] } })]), undefined);
    assert.deepEqual(run([allow({ StringEquals: { "aws:RequestTag/team": ["vision"] } })])?.conditions, []);
    assert.equal(keyClass("aws:ResourceTag/team"), "limiting");
    assert.equal(keyClass("iam:PassedToService", new Set(["iam:passedtoservice"])), "fixed");
    assert.equal(keyClass("sagemaker:InstanceTypes"), "attacker");
  });

  test("conditions the allowed request does not need are not reported", () => {
    const r = run([allow(), allow({ IpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } })]);
    assert.deepEqual(r?.conditions, []);
  });
});
