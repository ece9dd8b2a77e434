/** Units under the engine: patterns and variables, principals, derived context. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { arnAccount, arnRegion, resourceAccountIs } from "../../src/engine/context.js";
import { defaultContext, parsePrincipal } from "../../src/engine/index.js";
import { compileWildcard, type VariableSource } from "../../src/policy/wildcard.js";

const vars = (m: Record<string, string>): VariableSource => ({ variable: (k) => m[k] });

describe("patterns", () => {
  // AWS: IAM User Guide, "IAM policy elements: Variables and tags"
  test("variables, defaults with escaped quotes, and the special characters", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
    const m = compileWildcard("a/${aws:username}/${aws:x, 'it''s'}/${*}${?}${$}", { variables: true }).test;
    assert.ok(m("a/alice/it's/*?$", vars({ "aws:username": "alice" })));
    assert.ok(!m("a/alice/it's/x?$", vars({ "aws:username": "alice" })));
    assert.ok(m("a/bob/given/*?$", vars({ "aws:username": "bob", "aws:x": "given" })));
    assert.ok(!m("a//it's/*?$", vars({})), "a variable with no value and no default matches nothing");
  });
  test("malformed variables stand for themselves", () => {
    const m = compileWildcard("x${foo", { wildcards: false, variables: true }).test;
    assert.ok(m("x${foo", vars({})));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
    const n = compileWildcard("${a b}", { wildcards: false, variables: true }).test;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
    assert.ok(n("${a b}", vars({ "a b": "z" })));
  });
  test("stars and ? in any arrangement", () => {
    const m = compileWildcard("*a*b?c*").test;
    assert.ok(m("xxaxxbzcxx", vars({})));
    assert.ok(m("abxc", vars({})));
    assert.ok(!m("abc", vars({})));
  });
  test("ARN-aware: wildcards in the first five parts stay within their part", () => {
    const m = compileWildcard("arn:aws:*:*:*:thing", { arn: true }).test;
    assert.ok(m("arn:aws:svc:us-east-1:111122223333:thing", vars({})));
    assert.ok(!m("arn:aws:svc:us-east-1:1:2:thing", vars({})));
    const whole = compileWildcard("arn:aws:s3:::b/*", { arn: true }).test;
    assert.ok(whole("arn:aws:s3:::b/k:with:colons", vars({})));
  });
});

describe("principals and derived context", () => {
  // AWS: IAM User Guide, "AWS global condition context keys" (aws:PrincipalArn, aws:PrincipalType, aws:username)
  test("kinds", () => {
    assert.equal(parsePrincipal("arn:aws:iam::111122223333:user/team/alice").username, "alice");
    const s = parsePrincipal("arn:aws:sts::111122223333:assumed-role/ml/sess");
    assert.equal(s.kind, "AssumedRole");
    assert.equal(s.principalArn, "arn:aws:iam::111122223333:role/ml");
    assert.equal(parsePrincipal("arn:aws:sts::111122223333:federated-user/bob").kind, "FederatedUser");
    assert.equal(parsePrincipal("111122223333").kind, "Account");
    assert.equal(parsePrincipal("sagemaker.amazonaws.com").kind, "Service");
    assert.equal(parsePrincipal("cognito-identity.amazonaws.com").kind, "Federated");
    assert.equal(
      parsePrincipal("arn:aws:iam::111122223333:role/aws-service-role/x.amazonaws.com/AWSServiceRoleForX")
        .serviceLinked,
      true,
    );
  });
  test("defaultContext derives keys and lets the request override them", () => {
    const ctx = defaultContext({
      principal: "arn:aws:iam::111122223333:user/alice",
      action: "sagemaker:CreateModel",
      resource: "arn:aws:sagemaker:eu-west-1:444455556666:model/m",
      context: { "AWS:USERNAME": "other", "aws:SourceIp": "10.0.0.1" },
    });
    assert.deepEqual(ctx, {
      "aws:PrincipalArn": "arn:aws:iam::111122223333:user/alice",
      "aws:PrincipalAccount": "111122223333",
      "aws:PrincipalType": "User",
      "aws:PrincipalIsAWSService": "false",
      "aws:RequestedRegion": "eu-west-1",
      "aws:ResourceAccount": "444455556666",
      "AWS:USERNAME": "other",
      "aws:SourceIp": "10.0.0.1",
    });
  });
});

test("a resource policy statement without a principal is a compile error", async () => {
  const { compilePolicySet } = await import("../../src/engine/index.js");
  const r = compilePolicySet({
    identityPolicies: [],
    resourcePolicy: {
      document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: ["*"] }] },
    },
  });
  assert.equal(r.evaluator, undefined);
  assert.equal(r.diagnostics[0]?.code, "policy-missing-principal");
});

describe("ARN fields", () => {
  test("arnRegion, arnAccount and resourceAccountIs read the ARN's region and account", () => {
    assert.equal(arnRegion("arn:aws:s3:eu-west-1:111122223333:b"), "eu-west-1");
    assert.equal(arnAccount("arn:aws:s3:eu-west-1:111122223333:b"), "111122223333");
    assert.equal(arnRegion("arn:aws:s3:::b"), undefined, "an empty region is none");
    assert.equal(arnAccount("arn:aws:s3:::b"), undefined, "an empty account is none");
    assert.equal(arnRegion("arn:aws:s3"), undefined);
    assert.equal(arnAccount("arn:aws:s3:us-east-1"), undefined);
    assert.equal(arnAccount("not-an-arn:a:b:c:d:e"), undefined);
    const req = (resource: string, resourceAccount?: string) => ({
      principal: "*",
      action: "s3:GetObject",
      resource,
      resourceAccount,
    });
    assert.equal(resourceAccountIs(req("arn:aws:kms:us-east-1:111122223333:key/k"), "111122223333"), 1);
    assert.equal(resourceAccountIs(req("arn:aws:kms:us-east-1:111122223333:key/k"), "111122223334"), 0);
    assert.equal(resourceAccountIs(req("arn:aws:kms:us-east-1:11112222333:key/k"), "111122223333"), 0);
    assert.equal(resourceAccountIs(req("arn:aws:s3:::b"), "111122223333"), -1);
    assert.equal(resourceAccountIs(req("arn:aws:s3:::b", "111122223333"), "111122223333"), 1);
  });
});
