import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { proveAlways, proveNever, proveNoNewAccess } from "../../../src/analysis/prover/index.js";
import { compileActions } from "../../../src/engine/compile.js";
import { simulate } from "../../../src/engine/index.js";
import type { PolicySet } from "../../../src/policy/policy-set.js";
import { ALICE, allow, BUCKET, deny, doc, identity } from "./cases.js";

const GUARDED: PolicySet = identity(
  allow(["s3:GetObject", "s3:ListBucket"], [`${BUCKET}/imagenet/*`, BUCKET]),
  deny("*", "*", { Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } } }),
  deny("*", "*", { Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } } }),
);

const opts = { principal: ALICE, timeoutMs: 60_000 };

describe("proveNever", () => {
  it("proves a dataset another team owns is never read, under any context", async () => {
    const r = await proveNever(GUARDED, { action: "s3:*", resource: `${BUCKET}/support/*` }, opts);
    assert.equal(r.status, "proven", r.reason);
  });

  it("proves no action outside the allowed regions (IAM User Guide, aws:RequestedRegion)", async () => {
    const r = await proveNever(GUARDED, { action: "*" }, { ...opts, context: { "aws:RequestedRegion": "eu-west-1" } });
    assert.equal(r.status, "proven", r.reason);
  });

  it("finds a read of the dataset, with a request the engine allows and the pattern matches", async () => {
    const r = await proveNever(GUARDED, { action: "s3:Get*", resource: `${BUCKET}/imagenet/*` }, opts);
    assert.equal(r.status, "violated");
    const req = r.counterexample!.request;
    assert.equal(simulate(GUARDED, req).decision, "Allowed");
    assert.ok(compileActions(["s3:Get*"])(req.action.toLowerCase()));
    assert.ok(req.resource.startsWith(`${BUCKET}/imagenet/`));
    assert.ok(["us-east-1", "us-west-2"].includes(req.context!["aws:RequestedRegion"] as string));
  });

  it("counts actions AWS may add: s3:Get* granted, never s3:GetFuture* is violated by a hypothetical action", async () => {
    const set = identity(allow("s3:Get*", `${BUCKET}/*`));
    const r = await proveNever(set, { action: "s3:GetFuture*" }, opts);
    assert.equal(r.status, "violated", r.reason);
    assert.equal(r.counterexample!.hypothetical, true);
    assert.equal(simulate(set, r.counterexample!.request).decision, "Allowed");
  });
});

describe("proveAlways", () => {
  it("proves reads are allowed in every context with MFA in an allowed region", async () => {
    const r = await proveAlways(
      GUARDED,
      { action: "s3:GetObject", resource: `${BUCKET}/imagenet/*` },
      { ...opts, context: { "aws:MultiFactorAuthPresent": "true", "aws:RequestedRegion": "us-east-1" } },
    );
    assert.equal(r.status, "proven", r.reason);
  });

  it("is violated when the context leaves MFA open, with a denied request as counterexample", async () => {
    const r = await proveAlways(
      GUARDED,
      { action: "s3:GetObject", resource: `${BUCKET}/imagenet/*` },
      { ...opts, context: { "aws:RequestedRegion": "us-east-1" } },
    );
    assert.equal(r.status, "violated");
    const req = r.counterexample!.request;
    assert.notEqual(simulate(GUARDED, req).decision, "Allowed");
    assert.notEqual(req.context!["aws:MultiFactorAuthPresent"], "true");
  });
});

describe("timeouts", () => {
  it("answers unknown, never proven, when a query runs out of time", async () => {
    // Many overlapping numeric and IP conditions: more than a millisecond of work.
    const statements = Array.from({ length: 60 }, (_, i) =>
      allow("s3:GetObject", `${BUCKET}/p${i % 7}/*`, {
        Condition: {
          NumericLessThan: { "s3:max-keys": [String(1000 - i)] },
          NumericGreaterThan: { "s3:max-keys": [String(i * 3)] },
          IpAddress: { "aws:SourceIp": [`10.${i}.0.0/16`] },
          StringLike: { "aws:RequestTag/team": [`t${i}*`] },
        },
      }),
    );
    const before: PolicySet = { identityPolicies: [{ document: doc(...statements) }] };
    const after: PolicySet = { identityPolicies: [{ document: doc(...statements.slice(1), statements[0]) }] };
    after.identityPolicies[0].document.Statement[0] = {
      ...after.identityPolicies[0].document.Statement[0],
      Resource: [`${BUCKET}/*`],
    };
    const r = await proveNoNewAccess(before, after, { principal: ALICE, timeoutMs: 1 });
    assert.notEqual(r.status, "proven");
    if (r.status === "unknown") assert.match(r.reason ?? "", /no answer within 1 ms/);
  });
});
