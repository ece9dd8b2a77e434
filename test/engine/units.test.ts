/** Units under the engine: patterns and variables, principals, derived context, the input loaders. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { arnAccount, arnRegion, resourceAccountIs } from "../../src/engine/context.js";
import { defaultContext, parsePrincipal } from "../../src/engine/index.js";
import { compileArnMatcher, compileMatcher, parsePattern, type VariableSource } from "../../src/engine/pattern.js";
import { parsePolicySet, parseRequests } from "../../src/input/policy-files/simulation-input.js";

const vars = (m: Record<string, string>): VariableSource => ({ variable: (k) => m[k] });

describe("patterns", () => {
  // AWS: IAM User Guide, "IAM policy elements: Variables and tags"
  test("variables, defaults with escaped quotes, and the special characters", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
    const p = parsePattern("a/${aws:username}/${aws:x, 'it''s'}/${*}${?}${$}", { wildcards: true, variables: true });
    const m = compileMatcher(p);
    assert.ok(m("a/alice/it's/*?$", vars({ "aws:username": "alice" })));
    assert.ok(!m("a/alice/it's/x?$", vars({ "aws:username": "alice" })));
    assert.ok(m("a/bob/given/*?$", vars({ "aws:username": "bob", "aws:x": "given" })));
    assert.ok(!m("a//it's/*?$", vars({})), "a variable with no value and no default matches nothing");
  });
  test("malformed variables stand for themselves", () => {
    const m = compileMatcher(parsePattern("x${foo", { wildcards: false, variables: true }));
    assert.ok(m("x${foo", vars({})));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
    const n = compileMatcher(parsePattern("${a b}", { wildcards: false, variables: true }));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, not template literals
    assert.ok(n("${a b}", vars({ "a b": "z" })));
  });
  test("glob backtracking", () => {
    const m = compileMatcher(parsePattern("*a*b?c*", { wildcards: true, variables: false }));
    assert.ok(m("xxaxxbzcxx", vars({})));
    assert.ok(m("abxc", vars({})));
    assert.ok(!m("abc", vars({})));
  });
  test("ARN-aware: wildcards in the first five parts stay within their part", () => {
    const m = compileArnMatcher(parsePattern("arn:aws:*:*:*:thing", { wildcards: true, variables: false }));
    assert.ok(m("arn:aws:svc:us-east-1:111122223333:thing", vars({})));
    assert.ok(!m("arn:aws:svc:us-east-1:1:2:thing", vars({})));
    const whole = compileArnMatcher(parsePattern("arn:aws:s3:::b/*", { wildcards: true, variables: false }));
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

describe("input loaders", () => {
  test("requests as a JSON array and as JSON Lines, with line numbers", () => {
    const arr = parseRequests(
      '[{"principal":"p","action":"s3:GetObject","resource":"*","context":{"n":5,"b":[true]}}]',
    );
    assert.deepEqual(arr.diagnostics, []);
    assert.deepEqual(arr.requests[0].context, { n: "5", b: ["true"] });
    const lines = parseRequests(
      '{"principal":"p","action":"s3:GetObject","resource":"*"}\n\n{"principal":"p","action":"s3:*","resource":"*","extra":1}\nnot json\n',
      {
        file: "r.jsonl",
      },
    );
    assert.equal(lines.requests.length, 1);
    const where = lines.diagnostics.map((d) => `${d.line}:${d.code}`).sort();
    assert.deepEqual(where, ["3:request-invalid-action", "3:request-unknown-key", "4:policy-json-syntax"]);
  });
  test("policy-set diagnostics point into the file, wrapped documents included", () => {
    const text = `{
  "identityPolicies": [
    { "name": "a", "document": { "Version": "2012-10-17", "Statement": [
      { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": { "NumericLessThan": { "s3:max-keys": "ten" } } } ] } }
  ]
}`;
    const r = parsePolicySet(text, { file: "set.json" });
    assert.equal(r.policySet, undefined);
    assert.equal(r.diagnostics.length, 1, JSON.stringify(r.diagnostics));
    const [d] = r.diagnostics;
    assert.equal(d.code, "engine-invalid-condition-value");
    assert.equal(d.file, "set.json");
    assert.equal(d.path, "/identityPolicies/0/document/Statement/0/Condition/NumericLessThan/s3:max-keys/0");
    assert.equal(d.line, 5);
    const bad = parsePolicySet('{ "identityPolicies": [], "scps": [ {} ] }', { file: "s.json" });
    assert.equal(bad.diagnostics[0]?.code, "policy-set-not-a-list");
    assert.equal(bad.diagnostics[0]?.line, 1);
  });
  test("a resource policy without Resource is read as a trust policy", () => {
    const r = parsePolicySet(
      JSON.stringify({
        identityPolicies: [],
        resourcePolicy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
      }),
    );
    assert.ok(r.policySet, JSON.stringify(r.diagnostics));
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
  assert.equal(r.diagnostics[0]?.code, "engine-resource-statement-no-principal");
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
