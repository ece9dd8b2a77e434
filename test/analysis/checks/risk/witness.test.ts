// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ARN formats and IAM policy variables, not templates
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  accountWideArn,
  resolvePolicyVariables,
  witnessArn,
  witnesses,
} from "../../../../src/analysis/checks/risk/witness.js";

/**
 * Witness ARNs: one concrete resource per policy pattern that both the pattern and the resource
 * type's ARN format accept. Formats as the Service Authorization Reference writes them; pattern
 * semantics as the IAM User Guide describes the Resource element (`*` any run, `?` one
 * character, policy variables resolved from the request).
 */
const scope = {
  partition: "aws",
  account: "123456789012",
  region: "us-east-1",
  variables: { "aws:username": "alice", "aws:PrincipalTag/team": "vision" },
};
const USER = "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}";
const FUNCTION = "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}";
const BUCKET = "arn:${Partition}:s3:::${BucketName}";
const OBJECT = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
const POLICY = "arn:${Partition}:iam::${Account}:policy/${PolicyNameWithPath}";

/** Whether a glob (`*`, `?`) matches a string. */
function matches(pattern: string, s: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );
  return re.test(s);
}

describe("witness ARNs", () => {
  test("a named ARN is its own witness; its account is kept", () => {
    assert.equal(
      witnessArn("arn:aws:iam::111122223333:user/admin", USER, scope),
      "arn:aws:iam::111122223333:user/admin",
    );
  });

  test("wildcards are filled so the pattern and the format both match", () => {
    for (const [pattern, format] of [
      ["arn:aws:iam::*:user/ops-*", USER],
      ["arn:aws:lambda:*:*:function:etl-*", FUNCTION],
      ["arn:aws:s3:::datasets/*", OBJECT],
      ["arn:aws:iam::*:user/a*b?c", USER],
      ["arn:aws:iam::*:*", USER],
    ] as const) {
      const arn = witnessArn(pattern, format, scope);
      assert.ok(arn, pattern);
      assert.ok(matches(pattern, arn), `${arn} matches ${pattern}`);
      assert.ok(!arn.includes("*") && !arn.includes("?"), arn);
    }
    // A wildcard account or region becomes the principal's.
    assert.equal(
      witnessArn("arn:aws:lambda:*:*:function:f", FUNCTION, scope),
      "arn:aws:lambda:us-east-1:123456789012:function:f",
    );
  });

  test("a pattern of another resource type has no witness", () => {
    // A bucket name holds no `/`: `bucket/*` names objects only.
    assert.equal(witnessArn("arn:aws:s3:::datasets/*", BUCKET, scope), undefined);
    assert.equal(witnessArn("arn:aws:s3:::datasets/*", USER, scope), undefined);
  });

  test("policy variables resolve to the principal's own values; an unknown one matches nothing", () => {
    assert.equal(resolvePolicyVariables("user/${aws:username}", scope.variables), "user/alice");
    assert.equal(resolvePolicyVariables("x/${aws:PrincipalTag/team}/*", scope.variables), "x/vision/*");
    assert.equal(resolvePolicyVariables("x/${aws:userid}", scope.variables), undefined);
    assert.equal(resolvePolicyVariables("x/${aws:userid, 'none'}", scope.variables), "x/none");
    // `${*}` is a literal star, not a wildcard.
    const literal = resolvePolicyVariables("user/a${*}", scope.variables);
    assert.equal(witnessArn(`arn:aws:iam::*:${literal}`, USER, scope), "arn:aws:iam::123456789012:user/a*");
    assert.deepEqual(witnesses(["arn:aws:iam::*:user/${aws:username}"], [USER], scope), [
      { arn: "arn:aws:iam::123456789012:user/alice", pattern: "arn:aws:iam::*:user/${aws:username}" },
    ]);
  });

  test("`*` is the account-wide witness; witnesses are unique and sorted", () => {
    assert.equal(accountWideArn(POLICY, scope), "arn:aws:iam::123456789012:policy/ai-iam-probe");
    const list = witnesses(
      ["*", "arn:aws:iam::*:policy/b-*", "arn:aws:iam::*:policy/b-*", "arn:aws:iam::aws:policy/a"],
      [POLICY],
      scope,
    );
    assert.deepEqual(
      list.map((w) => w.arn),
      [
        "arn:aws:iam::123456789012:policy/ai-iam-probe",
        "arn:aws:iam::123456789012:policy/b-",
        "arn:aws:iam::aws:policy/a",
      ],
    );
    assert.equal(list[0].pattern, "*");
  });

  test("long patterns stay fast (the search is quadratic at worst, never exponential)", () => {
    const pattern = `arn:aws:iam::*:user/${"a*".repeat(200)}b`;
    const arn = witnessArn(pattern, USER, scope);
    assert.ok(arn?.endsWith("b"));
    assert.equal(witnessArn(`arn:aws:iam::*:user/${"a*".repeat(200)}/`, BUCKET, scope), undefined);
  });
});
