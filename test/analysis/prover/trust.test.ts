/**
 * Who may assume a role (IAM User Guide, "Roles terms and concepts: trust policy" and
 * "Cross-account policy evaluation logic"): widening a trust policy is new access, with the caller
 * who gains it as the counterexample.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { proveTrustNoNewAccess, trustCallers } from "../../../src/analysis/prover/index.js";
import { simulate } from "../../../src/engine/index.js";
import type { PolicyDocument, Statement } from "../../../src/policy/types.js";
import { ACCOUNT, OTHER } from "./cases.js";

const ROLE = `arn:aws:iam::${ACCOUNT}:role/acme-ai-vision-execution`;
const OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;

function trust(...statements: Statement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

const sagemaker: Statement = {
  Effect: "Allow",
  Action: ["sts:AssumeRole"],
  Principal: { Service: ["sagemaker.amazonaws.com"] },
};
const github = (sub: string): Statement => ({
  Effect: "Allow",
  Action: ["sts:AssumeRoleWithWebIdentity"],
  Principal: { Federated: [OIDC] },
  Condition: {
    StringEquals: { "token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"] },
    StringLike: { "token.actions.githubusercontent.com:sub": [sub] },
  },
});

const opts = { role: ROLE, account: ACCOUNT, timeoutMs: 60_000 };

function replay(oldDoc: PolicyDocument, newDoc: PolicyDocument, request: Parameters<typeof simulate>[1]) {
  const set = (d: PolicyDocument) => ({
    identityPolicies: [{ document: trust({ Effect: "Allow", Action: ["*"], Resource: ["*"] }) }],
    resourcePolicy: { document: d },
  });
  return [simulate(set(oldDoc), request).decision, simulate(set(newDoc), request).decision];
}

describe("proveTrustNoNewAccess", () => {
  it("an unchanged trust policy adds no caller", async () => {
    const r = await proveTrustNoNewAccess(trust(sagemaker), trust(sagemaker), opts);
    assert.equal(r.status, "proven", r.reason);
  });

  it("trusting another account lets its principals in", async () => {
    const before = trust(sagemaker);
    const after = trust(sagemaker, { Effect: "Allow", Action: ["sts:AssumeRole"], Principal: { AWS: [OTHER] } });
    const r = await proveTrustNoNewAccess(before, after, opts);
    assert.equal(r.status, "violated");
    const req = r.counterexample!.request;
    assert.match(req.principal, new RegExp(`:${OTHER}:`));
    assert.equal(req.resource, ROLE);
    assert.deepEqual(replay(before, after, req), ["ImplicitlyDenied", "Allowed"]);
  });

  it("trusting an OIDC provider lets its web identities in", async () => {
    const before = trust(sagemaker);
    const after = trust(sagemaker, github("repo:acme/ml:ref:refs/heads/main"));
    const r = await proveTrustNoNewAccess(before, after, opts);
    assert.equal(r.status, "violated");
    const req = r.counterexample!.request;
    assert.equal(req.principal, OIDC);
    assert.equal(req.action, "sts:AssumeRoleWithWebIdentity");
    assert.equal(req.context!["token.actions.githubusercontent.com:sub"], "repo:acme/ml:ref:refs/heads/main");
    assert.deepEqual(replay(before, after, req), ["ImplicitlyDenied", "Allowed"]);
  });

  it("loosening the OIDC subject condition is new access; tightening it is not", async () => {
    const narrow = trust(github("repo:acme/ml:ref:refs/heads/main"));
    const wide = trust(github("repo:acme/*"));
    const widened = await proveTrustNoNewAccess(narrow, wide, opts);
    assert.equal(widened.status, "violated");
    const req = widened.counterexample!.request;
    assert.deepEqual(replay(narrow, wide, req), ["ImplicitlyDenied", "Allowed"]);
    const narrowed = await proveTrustNoNewAccess(wide, narrow, opts);
    assert.equal(narrowed.status, "proven", narrowed.reason);
  });

  it("a principal ARN pattern in a condition yields callers that match it", () => {
    const callers = trustCallers(
      [
        trust({
          Effect: "Allow",
          Action: ["sts:AssumeRole"],
          Principal: { AWS: [OTHER] },
          Condition: { ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::*:role/ci-*"] } },
        }),
      ],
      ACCOUNT,
    );
    assert.ok(callers.includes(`arn:aws:sts::${OTHER}:assumed-role/ci-x/session`), callers.join("\n"));
  });

  it("a role-name condition opened from ci-deploy to ci-* is new access for another role of that account", async () => {
    const cond = (arn: string): Statement => ({
      Effect: "Allow",
      Action: ["sts:AssumeRole"],
      Principal: { AWS: [OTHER] },
      Condition: { ArnLike: { "aws:PrincipalArn": [arn] } },
    });
    const before = trust(cond(`arn:aws:iam::${OTHER}:role/ci-deploy`));
    const after = trust(cond(`arn:aws:iam::${OTHER}:role/ci-*`));
    const r = await proveTrustNoNewAccess(before, after, opts);
    assert.equal(r.status, "violated");
    assert.deepEqual(replay(before, after, r.counterexample!.request), ["ImplicitlyDenied", "Allowed"]);
  });
});
