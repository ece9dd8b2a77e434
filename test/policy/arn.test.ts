// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables and ARN placeholders, not templates
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { arnMatches, formatArn, isArnLike, parseArn } from "../../src/policy/index.js";
import { matches, RESOURCE_PATTERN } from "../../src/policy/wildcard.js";

// AWS: IAM User Guide, "IAM identifiers" / "Amazon Resource Names (ARNs)".
describe("parseArn", () => {
  test("splits the six parts; the resource keeps its colons and slashes", () => {
    assert.deepEqual(parseArn("arn:aws:lambda:us-east-1:111122223333:function:my-fn:1"), {
      ok: true,
      arn: {
        partition: "aws",
        service: "lambda",
        region: "us-east-1",
        account: "111122223333",
        resource: "function:my-fn:1",
      },
    });
    const s3 = parseArn("arn:aws:s3:::bucket/path/to/key");
    assert.ok(s3.ok);
    assert.deepEqual([s3.arn.region, s3.arn.account, s3.arn.resource], ["", "", "bucket/path/to/key"]);
    assert.equal(formatArn(s3.arn), "arn:aws:s3:::bucket/path/to/key");
  });

  test("wildcards and policy variables are allowed, and a variable's colon does not split", () => {
    const r = parseArn("arn:aws:iam::111122223333:user/${aws:username}");
    assert.ok(r.ok);
    assert.equal(r.arn.resource, "user/${aws:username}");
    assert.ok(parseArn("arn:*:s3:::*").ok);
  });

  // AWS: IAM User Guide, "IAM policy elements: Variables and tags" — "Specifying default values".
  test("a policy variable's default value may contain spaces; the rest of the ARN may not", () => {
    const text = "arn:aws:s3:::bucket/${aws:PrincipalTag/team, 'company-wide'}/*";
    const r = parseArn(text);
    assert.ok(r.ok);
    assert.equal(r.arn.resource, "bucket/${aws:PrincipalTag/team, 'company-wide'}/*");
    assert.equal(isArnLike(text), true);
    assert.equal(parseArn("arn:aws:s3:::b ${aws:username}").ok, false);
    assert.equal(isArnLike("arn:aws:s3:::b ${aws:username}"), false);
  });

  test("clear errors for malformed ARNs", () => {
    const cases: Array<[string, RegExp]> = [
      ["", /empty/],
      ["bucket/key", /must start with "arn:"/],
      ["arn:aws:s3", /3 of the 6/],
      ["arn::s3:::b", /empty partition/],
      ["arn:amazon:s3:::b", /unknown partition "amazon"/],
      ["arn:aws::us-east-1:1:x", /empty service/],
      ["arn:aws:s3:::", /empty resource/],
      ["arn:aws:s3::: b", /whitespace/],
    ];
    for (const [text, message] of cases) {
      const r = parseArn(text);
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.match(r.message, message, text);
    }
  });
});

describe("ARN patterns", () => {
  test("* spans any run, ? one character, variables any value; case-sensitive", () => {
    assert.ok(arnMatches("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b.txt"));
    assert.ok(!arnMatches("arn:aws:s3:::bucket/*", "arn:aws:s3:::other/a"));
    assert.ok(arnMatches("arn:aws:s3:::b?", "arn:aws:s3:::b1"));
    assert.ok(!arnMatches("arn:aws:s3:::b?", "arn:aws:s3:::b12"));
    assert.ok(arnMatches("arn:aws:iam::1:user/${aws:username}", "arn:aws:iam::1:user/alice"));
    assert.ok(!arnMatches("arn:aws:s3:::Bucket", "arn:aws:s3:::bucket"));
    assert.ok(arnMatches("*", "arn:aws:s3:::anything"));
    assert.ok(matches("a${*}b", "a*b", RESOURCE_PATTERN));
    assert.ok(!matches("a${*}b", "axb", RESOURCE_PATTERN));
    assert.ok(
      !arnMatches("arn:aws:s3:::b*", "arn:aws:s3:us-east-1::b1"),
      "a wildcard never spans a colon of the first five parts",
    );
  });
});

test("the quick isArnLike check agrees with parseArn (property)", () => {
  const part = fc.stringMatching(/^[a-z0-9*?${}: /-]{0,6}$/);
  const arnish = fc
    .tuple(
      fc.constantFrom("arn", "arn ", "ar", ""),
      fc.constantFrom("aws", "aws-cn", "", "*", "amazon"),
      part,
      part,
      part,
      part,
    )
    .map((parts) => parts.join(":"));
  fc.assert(
    fc.property(fc.oneof(arnish, fc.string({ maxLength: 30 })), (text) => {
      assert.equal(isArnLike(text), parseArn(text).ok, text);
    }),
    { numRuns: 2000 },
  );
});
