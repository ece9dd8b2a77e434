import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { allRules } from "../../../src/analysis/checks/rules/index.js";
import { checkDocument } from "../../../src/analysis/checks/runner.js";
import type { PolicyDocument, PolicyKind } from "../../../src/policy/types.js";

/**
 * Every per-document rule with documents it must pass and documents it must flag (ESLint's
 * valid/invalid pattern). Statements are written as a normalized document would be.
 */
type Case = { doc: PolicyDocument; kind?: PolicyKind; storage?: "inline-user"; expect?: RegExp; count?: number };

const V = "2012-10-17";
const allow = (Action: string[], Resource: string[] = ["*"], extra: object = {}) =>
  ({ Effect: "Allow", Action, Resource, ...extra }) as PolicyDocument["Statement"][number];
const doc = (...Statement: PolicyDocument["Statement"]): PolicyDocument => ({ Version: V, Statement });

const CASES: Record<string, { valid: Case[]; invalid: Case[] }> = {
  "missing-version": {
    valid: [{ doc: doc(allow(["s3:ListAllMyBuckets"])) }],
    invalid: [
      { doc: { Statement: [allow(["s3:ListAllMyBuckets"])] }, expect: /no "Version"/ },
      { doc: { Version: "2008-10-17", Statement: [allow(["s3:ListAllMyBuckets"])] }, expect: /2008-10-17/ },
    ],
  },
  "invalid-version": {
    valid: [{ doc: doc(allow(["s3:ListAllMyBuckets"])) }],
    invalid: [{ doc: { Version: "2012-10-18", Statement: [allow(["s3:ListAllMyBuckets"])] }, expect: /2012-10-18/ }],
  },
  // AWS: IAM User Guide, "IAM JSON policy elements: Sid".
  "invalid-sid": {
    valid: [
      { doc: doc(allow(["s3:ListAllMyBuckets"], ["*"], { Sid: "List1" })) },
      {
        doc: doc({ ...allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]), Sid: "public read", Principal: "*" }),
        kind: "resource",
      },
    ],
    invalid: [{ doc: doc(allow(["s3:ListAllMyBuckets"], ["*"], { Sid: "list-buckets" })), expect: /list-buckets/ }],
  },
  "duplicate-sid": {
    valid: [
      {
        doc: doc(
          allow(["s3:ListAllMyBuckets"], ["*"], { Sid: "A" }),
          allow(["s3:ListBucket"], ["arn:aws:s3:::b"], { Sid: "B" }),
        ),
      },
    ],
    invalid: [
      {
        doc: doc(
          allow(["s3:ListAllMyBuckets"], ["*"], { Sid: "A" }),
          allow(["s3:ListBucket"], ["arn:aws:s3:::b"], { Sid: "A" }),
        ),
        expect: /statement 0/,
      },
    ],
  },
  "empty-array": {
    valid: [{ doc: doc(allow(["s3:ListAllMyBuckets"])) }],
    invalid: [
      { doc: doc(allow([], ["*"])), expect: /"Action" is an empty list/ },
      {
        doc: doc(
          allow(["s3:ListAllMyBuckets"], ["*"], { Condition: { StringEquals: { "aws:PrincipalTag/team": [] } } }),
        ),
        expect: /no values/,
      },
      { doc: { Version: V, Statement: [] }, expect: /"Statement" is empty/ },
    ],
  },
  "unknown-operator": {
    valid: [
      {
        doc: doc(
          allow(["s3:ListAllMyBuckets"], ["*"], {
            Condition: { StringEqualsIfExists: { "aws:PrincipalTag/team": ["a"] } },
          }),
        ),
      },
    ],
    invalid: [
      {
        doc: doc(
          allow(["s3:ListAllMyBuckets"], ["*"], { Condition: { StringEqual: { "aws:PrincipalTag/team": ["a"] } } }),
        ),
        expect: /StringEqual/,
      },
    ],
  },
  "allow-with-not-action": {
    valid: [{ doc: doc({ Effect: "Deny", NotAction: ["iam:*"], Resource: ["*"] }) }],
    invalid: [{ doc: doc({ Effect: "Allow", NotAction: ["iam:*"], Resource: ["*"] }) }],
  },
  "allow-with-not-resource": {
    valid: [{ doc: doc({ Effect: "Deny", Action: ["s3:*"], NotResource: ["arn:aws:s3:::b/*"] }) }],
    invalid: [{ doc: doc({ Effect: "Allow", Action: ["s3:GetObject"], NotResource: ["arn:aws:s3:::b/*"] }) }],
  },
  // AWS: IAM User Guide, "AWS JSON policy elements: NotPrincipal".
  "allow-with-not-principal": {
    valid: [
      {
        doc: doc({
          ...allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]),
          Principal: { AWS: ["arn:aws:iam::111122223333:root"] },
        }),
        kind: "resource",
      },
    ],
    invalid: [
      {
        doc: doc({
          ...allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]),
          NotPrincipal: { AWS: ["arn:aws:iam::111122223333:root"] },
        }),
        kind: "resource",
      },
    ],
  },
  // AWS: IAM User Guide, "Granting a user permissions to pass a role to an AWS service".
  "pass-role-unconstrained": {
    valid: [
      {
        doc: doc(
          allow(["iam:PassRole"], ["arn:aws:iam::111122223333:role/team-exec"], {
            Condition: { StringEquals: { "iam:PassedToService": ["sagemaker.amazonaws.com"] } },
          }),
        ),
      },
      { doc: doc(allow(["iam:GetRole"], ["*"])) },
      // The document's own Deny removes PassRole: nothing to constrain.
      { doc: doc(allow(["iam:PassRole"], ["*"]), { Effect: "Deny", Action: ["iam:*"], Resource: ["*"] }) },
      // The Deny closes the only path that would use the role (no PassRole path is left).
      {
        doc: doc(allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], ["*"]), {
          Effect: "Deny",
          Action: ["lambda:CreateFunction"],
          Resource: ["*"],
        }),
      },
    ],
    invalid: [
      { doc: doc(allow(["iam:PassRole"], ["*"])), expect: /every role/ },
      // A Deny of something else leaves PassRole and its Lambda path open.
      {
        doc: doc(allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], ["*"]), {
          Effect: "Deny",
          Action: ["s3:DeleteBucket"],
          Resource: ["*"],
        }),
        expect: /every role/,
      },
      { doc: doc(allow(["iam:Pass*"], ["arn:aws:iam::111122223333:role/team-exec"])), expect: /iam:PassedToService/ },
    ],
  },
  // AWS: IAM Access Analyzer User Guide, "Findings for external and unused access"; IAM User Guide,
  // "The confused deputy problem"; GitHub Docs, "Configuring OpenID Connect in Amazon Web Services".
  "external-access": {
    valid: [
      // An identity policy has no Principal: nothing to share.
      { doc: doc(allow(["s3:GetObject"])) },
      // Everyone, but only principals of the owning account.
      {
        doc: doc({
          ...allow(["kms:Decrypt"], ["arn:aws:kms:us-east-1:111122223333:key/k"]),
          Principal: "*",
          Condition: { StringEquals: { "kms:CallerAccount": ["111122223333"] } },
        }),
        kind: "resource",
      },
      // A service principal pinned to the source account.
      {
        doc: doc({
          ...allow(["sqs:SendMessage"], ["arn:aws:sqs:us-east-1:111122223333:q"]),
          Principal: { Service: ["sns.amazonaws.com"] },
          Condition: { ArnEquals: { "aws:SourceArn": ["arn:aws:sns:us-east-1:111122223333:t"] } },
        }),
        kind: "resource",
      },
      // GitHub Actions pinned to one repository's branch.
      {
        doc: doc({
          Effect: "Allow",
          Action: ["sts:AssumeRoleWithWebIdentity"],
          Principal: { Federated: ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"] },
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"],
              "token.actions.githubusercontent.com:sub": ["repo:acme/ml:ref:refs/heads/main"],
            },
          },
        }),
        kind: "trust",
      },
    ],
    invalid: [
      { doc: doc({ ...allow(["s3:*"], ["arn:aws:s3:::b/*"]), Principal: "*" }), kind: "resource", expect: /everyone/ },
      {
        doc: doc({
          Effect: "Allow",
          Action: ["sts:AssumeRole"],
          Principal: { AWS: ["arn:aws:iam::444455556666:root"] },
        }),
        kind: "trust",
        expect: /account 444455556666/,
      },
      {
        doc: doc({
          Effect: "Allow",
          Action: ["sts:AssumeRoleWithWebIdentity"],
          Principal: { Federated: ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"] },
          Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": ["sts.amazonaws.com"] } },
        }),
        kind: "trust",
        expect: /any identity of token\.actions\.githubusercontent\.com.*sub/,
      },
      {
        doc: doc({
          ...allow(["s3:GetObject"], ["arn:aws:s3:::b/*"]),
          Principal: "*",
          Condition: { StringEquals: { "aws:PrincipalOrgID": ["o-abc"] } },
        }),
        kind: "resource",
        expect: /limited by aws:PrincipalOrgID/,
      },
      {
        doc: doc({
          ...allow(["s3:PutObject"], ["arn:aws:s3:::b/*"]),
          Principal: { Service: ["cloudtrail.amazonaws.com"] },
        }),
        kind: "resource",
        expect: /confused deputy/,
      },
    ],
  },
  "unknown-service": {
    valid: [{ doc: doc(allow(["sagemaker:CreateTrainingJob"])) }],
    invalid: [{ doc: doc(allow(["sagemkaer:CreateTrainingJob"])), expect: /sagemkaer/ }],
  },
  "unknown-action": {
    valid: [{ doc: doc(allow(["s3:GetObject"], ["arn:aws:s3:::b/*"])) }],
    invalid: [{ doc: doc(allow(["s3:GetObjects"], ["arn:aws:s3:::b/*"])), expect: /s3:GetObjects/ }],
  },
  "action-matches-nothing": {
    valid: [{ doc: doc(allow(["s3:Get*"], ["arn:aws:s3:::b/*"])) }],
    invalid: [{ doc: doc(allow(["s3:Get*Objekt"], ["arn:aws:s3:::b/*"])), expect: /Objekt/ }],
  },
  "resource-type-mismatch": {
    valid: [
      { doc: doc(allow(["s3:GetObject", "s3:ListBucket"], ["arn:aws:s3:::b", "arn:aws:s3:::b/*"])) },
      { doc: doc(allow(["s3:ListAllMyBuckets"], ["arn:aws:s3:::*"])) },
    ],
    invalid: [{ doc: doc(allow(["s3:GetObject"], ["arn:aws:s3:::b"])), expect: /s3:GetObject/ }],
  },
  "star-resource": {
    valid: [
      { doc: doc(allow(["s3:ListAllMyBuckets", "sagemaker:ListModels"])) },
      // Requests that name no resource: a List action whose resource types are all optional (the
      // resource only filters), and CloudWatch's metric APIs (classic metrics have no ARN).
      { doc: doc(allow(["sagemaker:ListModelPackages", "cloudwatch:ListMetrics"])) },
      { doc: doc(allow(["cloudwatch:GetMetricData", "cloudwatch:PutMetricData"])) },
      // The same document denies them: nothing is granted on "*".
      { doc: doc(allow(["iam:*"]), { Effect: "Deny", Action: ["iam:*"], Resource: ["*"] }) },
    ],
    invalid: [
      { doc: doc(allow(["s3:GetObject", "s3:ListAllMyBuckets"])), expect: /s3:GetObject/ },
      // Optional resource types on an action that is not a listing: still scopable (translate:GetTerminology).
      {
        doc: doc(allow(["translate:GetTerminology", "cloudwatch:ListMetrics"])),
        expect: /an action that can be scoped to ARNs: translate:GetTerminology$/,
      },
      { doc: doc(allow(["cloudwatch:PutMetricAlarm"])), expect: /cloudwatch:PutMetricAlarm/ },
      // Only what the Deny leaves is counted.
      {
        doc: doc(allow(["s3:GetObject", "s3:PutObject"]), {
          Effect: "Deny",
          Action: ["s3:PutObject"],
          Resource: ["*"],
        }),
        expect: /an action that can be scoped to ARNs: s3:GetObject$/,
      },
    ],
  },
  "condition-key-not-applicable": {
    valid: [
      {
        doc: doc(
          allow(["sagemaker:CreateTrainingJob"], ["*"], {
            Condition: { "ForAllValues:StringLike": { "sagemaker:InstanceTypes": ["ml.m5.*"] } },
          }),
        ),
      },
      {
        doc: doc(
          allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], {
            Condition: { StringEquals: { "aws:PrincipalTag/team": ["a"] } },
          }),
        ),
      },
    ],
    invalid: [
      {
        doc: doc(
          allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], {
            Condition: { "ForAllValues:StringLike": { "sagemaker:InstanceTypes": ["ml.m5.*"] } },
          }),
        ),
        expect: /never present/,
      },
      {
        doc: doc(
          allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], { Condition: { StringEquals: { "s3:NoSuchKey": ["x"] } } }),
        ),
        expect: /unknown condition key/,
      },
    ],
  },
  "condition-type-mismatch": {
    valid: [
      {
        doc: doc(
          allow(["s3:ListAllMyBuckets"], ["*"], {
            Condition: {
              DateLessThan: { "aws:CurrentTime": ["2030-01-01T00:00:00Z"] },
              IpAddress: { "aws:SourceIp": ["10.0.0.0/8"] },
            },
          }),
        ),
      },
    ],
    invalid: [
      {
        doc: doc(
          allow(["s3:ListAllMyBuckets"], ["*"], { Condition: { StringEquals: { "aws:CurrentTime": ["2030-01-01"] } } }),
        ),
        expect: /Date/,
      },
      {
        doc: doc(allow(["s3:ListAllMyBuckets"], ["*"], { Condition: { Bool: { "aws:PrincipalTag/team": ["true"] } } })),
        expect: /String/,
      },
    ],
  },
  // AWS: IAM User Guide, "Single-valued vs. multivalued context keys".
  "set-operator-single-valued": {
    valid: [
      {
        doc: doc(
          allow(["s3:PutObjectTagging"], ["arn:aws:s3:::b/*"], {
            Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["team"] } },
          }),
        ),
      },
    ],
    invalid: [
      {
        doc: doc(
          allow(["s3:ListAllMyBuckets"], ["*"], {
            Condition: { "ForAllValues:StringEquals": { "aws:PrincipalTag/team": ["a"] } },
          }),
        ),
        expect: /true when the key is missing/,
      },
    ],
  },
  // AWS: IAM User Guide, "IAM policy elements: Variables and tags" — variables in Resource and condition values only.
  "variable-in-condition-key": {
    valid: [
      {
        doc: doc(
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
          allow(["s3:GetObject"], ["arn:aws:s3:::b/home/${aws:username}/*"], {
            Condition: {
              // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
              StringEquals: { "aws:ResourceTag/owner": ["${aws:username}"] },
              // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
              StringLike: { "s3:prefix": ["home/${aws:username}/*"] },
            },
          }),
        ),
      },
    ],
    invalid: [
      {
        doc: doc(
          allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], {
            Condition: { StringEquals: { "aws:ResourceTag/${aws:username}": ["owner"] } },
          }),
        ),
        expect:
          /"aws:ResourceTag\/\$\{aws:username\}" contains the policy variable \$\{aws:username\}.*StringEquals a missing key is false, so the statement never allows anything/,
      },
      {
        doc: doc(
          allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], {
            Condition: { StringNotEquals: { "aws:PrincipalTag/${aws:PrincipalTag/team}": ["none"] } },
          }),
        ),
        expect: /\$\{aws:PrincipalTag\/team\}.*missing key is true, so this condition does not constrain the Allow/,
      },
      {
        doc: doc({
          Effect: "Deny",
          Action: ["s3:GetObject"],
          Resource: ["*"],
          Condition: {
            "ForAnyValue:StringEquals": { "aws:RequestTag/${aws:username}": ["x"] },
            Null: { "s3:ExistingObjectTag/${aws:username}": ["true"] },
          },
        }),
        count: 2,
        expect:
          /false, so the Deny never applies[\s\S]*Null a missing key is true, so this condition does not narrow the Deny/,
      },
    ],
  },
  "redundant-action": {
    valid: [{ doc: doc(allow(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::b/*"])) }],
    invalid: [
      { doc: doc(allow(["s3:GetObject", "s3:Get*"], ["arn:aws:s3:::b/*"])), expect: /s3:Get\*/ },
      { doc: doc(allow(["s3:GetObject", "s3:getobject"], ["arn:aws:s3:::b/*"])), count: 1 },
    ],
  },
  "redundant-statement": {
    valid: [{ doc: doc(allow(["s3:GetObject"], ["arn:aws:s3:::a/*"]), allow(["s3:GetObject"], ["arn:aws:s3:::b/*"])) }],
    invalid: [
      {
        doc: doc(allow(["s3:Get*"], ["arn:aws:s3:::a/*"]), allow(["s3:GetObject"], ["arn:aws:s3:::a/x/*"])),
        expect: /covered by statement 0/,
      },
      {
        doc: doc(allow(["s3:GetObject"], ["arn:aws:s3:::a/*"]), allow(["s3:GetObject"], ["arn:aws:s3:::a/*"])),
        count: 1,
      },
    ],
  },
  // AWS: IAM User Guide, "IAM and AWS STS quotas".
  "policy-size": {
    valid: [{ doc: doc(allow(Array.from({ length: 100 }, (_, i) => `s3:GetObject${"x".repeat(i % 3)}`))) }],
    invalid: [
      { doc: doc(allow(Array.from({ length: 400 }, (_, i) => `s3:Get${i}Object`))), expect: /6144/ },
      {
        doc: doc(allow(Array.from({ length: 120 }, (_, i) => `s3:Get${i}Object`))),
        storage: "inline-user",
        expect: /2048/,
      },
    ],
  },
};

describe("per-document rules: valid and invalid cases", () => {
  const docRules = allRules.filter((r) => r.scope === "document");
  test("every per-document rule has cases", () => {
    assert.deepEqual(
      docRules.map((r) => r.meta.id).filter((id) => !CASES[id]),
      [],
    );
  });
  for (const rule of docRules) {
    const cases = CASES[rule.meta.id];
    if (!cases) continue;
    describe(rule.meta.id, () => {
      cases.valid.forEach((c, i) => {
        test(`valid #${i}`, () => {
          const f = checkDocument(c.doc, { kind: c.kind ?? "identity", storage: c.storage, rules: [rule] });
          assert.deepEqual(
            f.map((x) => x.message),
            [],
          );
        });
      });
      cases.invalid.forEach((c, i) => {
        test(`invalid #${i}`, () => {
          const f = checkDocument(c.doc, { kind: c.kind ?? "identity", storage: c.storage, rules: [rule] });
          assert.ok(f.length > 0, "expected a finding");
          if (c.count !== undefined) assert.equal(f.length, c.count);
          for (const x of f) {
            assert.equal(x.rule, rule.meta.id);
            assert.equal(x.severity, rule.meta.severity);
          }
          if (c.expect) assert.match(f.map((x) => x.message).join("\n"), c.expect);
        });
      });
    });
  }
});

describe("rule metadata", () => {
  test("ids are unique, kebab-case; every rule has a description and an explanation", () => {
    const ids = allRules.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of allRules) {
      assert.match(r.meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(["error", "security", "warning", "suggestion"].includes(r.meta.severity));
      assert.ok(r.meta.description.length > 10 && !r.meta.description.includes("\n"));
      assert.ok(r.meta.explanation.length > 80, `${r.meta.id} explanation`);
    }
  });
});

describe("documentation", () => {
  test("docs/checks.md has a section per rule, and the rules table of docs/check.md links each one", async () => {
    const { readFileSync } = await import("node:fs");
    const docs = readFileSync("docs/checks.md", "utf8");
    const table = readFileSync("docs/check.md", "utf8");
    for (const r of allRules) {
      assert.ok(docs.includes(`\n## ${r.meta.id}\n`), `docs/checks.md lacks ## ${r.meta.id}`);
      assert.ok(table.includes(`(checks.md#${r.meta.id})`), `docs/check.md lacks a link to ${r.meta.id}`);
    }
  });
});

test("each unknown-service finding names its own pattern (the same unknown prefix twice)", () => {
  const d: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["nosuch:Get", "nosuch:Put"], Resource: ["*"] }],
  };
  const rules = allRules.filter((r) => r.meta.id === "unknown-service");
  const messages = checkDocument(d, { kind: "identity", rules }).map((f) => f.message);
  assert.equal(messages.length, 2);
  assert.match(messages[0], /"nosuch" in "nosuch:Get"/);
  assert.match(messages[1], /"nosuch" in "nosuch:Put"/);
});

test("variable-in-condition-key: what the message says a missing key does is what the engine decides", async () => {
  const { simulate } = await import("../../../src/engine/index.js");
  // The author meant the tag named after the caller, which the request carries with the value "owner".
  // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
  const key = "aws:PrincipalTag/${aws:username}";
  const request = {
    principal: "arn:aws:iam::111122223333:user/alice",
    action: "s3:GetObject",
    resource: "arn:aws:s3:::b/x",
    context: { "aws:username": "alice", "aws:PrincipalTag/alice": "owner" },
  };
  const rules = allRules.filter((r) => r.meta.id === "variable-in-condition-key");
  for (const [operator, message, decision] of [
    // Meant to allow the owner: allows nobody.
    ["StringEquals", /never allows anything/, "ImplicitlyDenied"],
    // Meant to allow everyone but the owner: allows the owner too.
    ["StringNotEquals", /does not constrain the Allow/, "Allowed"],
  ] as const) {
    const d = doc(allow(["s3:GetObject"], ["arn:aws:s3:::b/*"], { Condition: { [operator]: { [key]: ["owner"] } } }));
    const findings = checkDocument(d, { kind: "identity", rules });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, message);
    assert.equal(simulate({ identityPolicies: [{ document: d }] }, request).decision, decision, operator);
  }
});
