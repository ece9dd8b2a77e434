import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { externalAccess } from "../../../../src/analysis/checks/risk/external-access.js";
import type { Statement } from "../../../../src/policy/types.js";
import { corpusDocument, loadManifest } from "./escalation-corpus.js";

/**
 * External access as IAM Access Analyzer reports it (IAM Access Analyzer User Guide, "Findings
 * for external and unused access"), plus the confused deputy (IAM User Guide, "The confused
 * deputy problem"): every external-access case of the corpus, then the edges one by one.
 */
const manifest = loadManifest();
const ACCOUNT = manifest.account;

describe("external access", () => {
  for (const c of manifest.cases.filter((x) => x.resourcePolicy)) {
    test(c.id, () => {
      const doc = corpusDocument(c.resourcePolicy as string, c.policyKind);
      const got = externalAccess({ statements: doc.Statement, kind: c.policyKind ?? "resource", account: ACCOUNT }).map(
        (e) => ({ principal: e.scope, actions: e.actions, conditions: e.conditions }),
      );
      const want = (c.expectExternal ?? []).map((w) => ({
        principal: w.principal,
        actions: [...w.actions].sort(),
        conditions: [...w.conditions].sort(),
      }));
      assert.deepEqual(got, want);
    });
  }

  const st = (s: Partial<Statement>): Statement => ({
    Effect: "Allow",
    Action: ["s3:GetObject"],
    Resource: ["*"],
    ...s,
  });
  const run = (statements: Statement[], kind: "resource" | "trust" = "resource") =>
    externalAccess({ statements, kind, account: ACCOUNT });

  test("a NotPrincipal Allow lets everyone else in", () => {
    assert.equal(run([st({ NotPrincipal: { AWS: [`arn:aws:iam::${ACCOUNT}:root`] } })])[0].scope, "*");
  });

  test("an account id, a root ARN and a role ARN of another account are the same scope", () => {
    const scopes = run([
      st({
        Principal: { AWS: ["444455556666", "arn:aws:iam::444455556666:root", "arn:aws:iam::777788889999:role/x"] },
      }),
    ]).map((e) => e.scope);
    assert.deepEqual(scopes, ["account:444455556666", "account:444455556666", "account:777788889999"]);
  });

  test("aws:PrincipalArn in the own account keeps a wildcard grant inside; in another it narrows it", () => {
    assert.deepEqual(
      run([st({ Principal: "*", Condition: { ArnLike: { "aws:PrincipalArn": [`arn:aws:iam::${ACCOUNT}:role/*`] } } })]),
      [],
    );
    assert.deepEqual(
      run([
        st({ Principal: "*", Condition: { ArnLike: { "aws:PrincipalArn": ["arn:aws:iam::444455556666:role/*"] } } }),
      ])[0].conditions,
      ["aws:PrincipalArn"],
    );
  });

  test("a Deny for everyone outside the organization narrows every grant", () => {
    const r = run([
      st({ Principal: "*" }),
      {
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:*"],
        Resource: ["*"],
        Condition: { StringNotEquals: { "aws:PrincipalOrgID": ["o-1"] } },
      },
    ]);
    assert.deepEqual(r[0].conditions, ["aws:PrincipalOrgID"]);
  });

  test("SAML providers and compute services that need iam:PassRole are not external in a trust policy", () => {
    const trust = (p: Statement["Principal"]) =>
      run([{ Effect: "Allow", Principal: p, Action: ["sts:AssumeRole"] }], "trust");
    assert.deepEqual(trust({ Federated: [`arn:aws:iam::${ACCOUNT}:saml-provider/okta`] }), []);
    assert.deepEqual(trust({ Service: ["ec2.amazonaws.com", "lambda.amazonaws.com"] }), []);
    assert.equal(trust({ Service: ["sagemaker.amazonaws.com"] })[0].scope, "service:sagemaker.amazonaws.com");
  });

  test("an OIDC trust pinned by sub is not reported; sub = `*` is", () => {
    const gh = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    const trust = (Condition: Statement["Condition"]) =>
      run(
        [{ Effect: "Allow", Principal: { Federated: [gh] }, Action: ["sts:AssumeRoleWithWebIdentity"], Condition }],
        "trust",
      );
    assert.deepEqual(trust({ StringLike: { "token.actions.githubusercontent.com:sub": ["repo:acme/*"] } }), []);
    assert.equal(trust({ StringLike: { "token.actions.githubusercontent.com:sub": ["*"] } }).length, 1);
  });
});
