import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { sarifProblems } from "./sarif.js";

const ROOT = process.cwd();

/** `ai-iam check` end to end, in a child process (as users run it). */
function cli(args: string[], cwd = process.cwd()): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(
      process.execPath,
      ["--import", import.meta.resolve("tsx"), join(ROOT, "src/cli/bin.ts"), ...args],
      {
        cwd,
        encoding: "utf8",
        stdio: "pipe",
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
    return { code: 0, stdout, stderr: "" };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

const V = "2012-10-17";
function fixture(): string {
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-check-"));
  const pol = join(dir, "policies");
  mkdirSync(pol);
  writeFileSync(
    join(pol, "reader.json"),
    `{
  "Version": "${V}",
  "Statement": [
    {
      "Sid": "Read",
      "Effect": "Allow",
      "Action": ["s3:GetObject"],
      "Resource": "arn:aws:s3:::team-bucket"
    }
  ]
}
`,
  );
  writeFileSync(
    join(pol, "clean.json"),
    JSON.stringify({ Version: V, Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] }),
  );
  return dir;
}

describe("ai-iam check", () => {
  const dir = fixture();
  const reader = join(dir, "policies", "reader.json");

  test("text: file:line:col  severity  rule  message, a summary, exit 0 below --fail-on", () => {
    const r = cli(["check", reader]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /reader\.json:7:18 {2}warning {2}resource-type-mismatch {2}"s3:GetObject" acts on none/);
    assert.match(
      r.stdout,
      /1 finding \(0 errors, 0 security, 1 warning, 0 suggestions\), 0 suppressed; 1 document checked/,
    );
  });

  test("--fail-on warning exits 1; never exits 0", () => {
    assert.equal(cli(["check", "--fail-on", "warning", reader]).code, 1);
    assert.equal(cli(["check", "--fail-on", "never", reader]).code, 0);
  });

  test("the default --fail-on is security: a public bucket policy fails CI, error alone does not", () => {
    const pub = join(dir, "public-bucket.json");
    writeFileSync(
      pub,
      JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:*", Resource: "arn:aws:s3:::b/*" }],
      }),
    );
    const r = cli(["check", pub]);
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /security {2}external-access {2}grants everyone/);
    assert.equal(cli(["check", "--fail-on", "error", pub]).code, 0);
  });

  test("json: the documented shape, with the statement index and location", () => {
    const r = cli(["check", "--format", "json", join(dir, "policies")]);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(out), ["findings", "summary"]);
    assert.deepEqual(out.findings[0], {
      rule: "resource-type-mismatch",
      severity: "warning",
      category: "catalog",
      message: out.findings[0].message,
      messageId: "actionMismatch",
      file: reader,
      line: 7,
      column: 18,
      policy: "reader",
      statement: 0,
    });
    assert.equal(out.summary.warning, 1);
    assert.equal(out.summary.documents, 2);
  });

  test("sarif: 2.1.0 with rule help and physical locations", () => {
    const r = cli(["check", "--format", "sarif", reader], dir);
    const log = JSON.parse(r.stdout);
    assert.deepEqual(sarifProblems(log), []);
    const run = log.runs[0];
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === "resource-type-mismatch");
    assert.match(rule.help.markdown, /docs\/checks\.md#resource-type-mismatch/);
    assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text);
    assert.equal(run.results.length, 1);
    assert.deepEqual(run.results[0].locations[0].physicalLocation, {
      artifactLocation: { uri: "policies/reader.json" },
      region: { startLine: 7, startColumn: 18 },
    });
    assert.equal(run.tool.driver.rules[run.results[0].ruleIndex].id, "resource-type-mismatch");
  });

  test("markdown: a table linking each rule's documentation absolutely (it is read in a PR comment)", () => {
    const r = cli(["check", "--format", "markdown", reader]);
    assert.match(r.stdout, /^## ai-iam check/);
    assert.match(
      r.stdout,
      /\[`resource-type-mismatch`\]\(https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/main\/docs\/checks\.md#resource-type-mismatch\)/,
    );
    const own = cli(["check", "--format", "markdown", "--docs-url", "https://docs.example/ai-iam/", reader]);
    assert.match(own.stdout, /\(https:\/\/docs\.example\/ai-iam\/checks\.md#resource-type-mismatch\)/);
  });

  test("suppressions: .ai-iam-ignore.yaml beside the file; counted, not shown; a reason is required", () => {
    const d = fixture();
    const ignore = join(d, "policies", ".ai-iam-ignore.yaml");
    writeFileSync(ignore, "- rule: resource-type-mismatch\n  statement: 0\n  reason: the bucket ARN is on purpose\n");
    const r = cli(["check", "--format", "json", "--fail-on", "warning", join(d, "policies")]);
    assert.equal(r.code, 0, r.stdout);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out.findings, []);
    assert.equal(out.summary.suppressed, 1);

    writeFileSync(ignore, "- rule: resource-type-mismatch\n");
    const bad = cli(["check", "--format", "json", join(d, "policies")]);
    assert.equal(bad.code, 1);
    const o2 = JSON.parse(bad.stdout);
    assert.deepEqual(
      o2.findings.map((f: { rule: string }) => f.rule),
      ["invalid-suppression", "resource-type-mismatch"],
    );
    assert.equal(o2.findings[0].line, 1);
  });

  test("invalid input: located diagnostics, exit 2, nothing on stdout", () => {
    const d = mkdtempSync(join(tmpdir(), "ai-iam-check-bad-"));
    writeFileSync(
      join(d, "broken.json"),
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    { "Effect": "Allow", }\n  ]\n}\n',
    );
    writeFileSync(
      join(d, "effect.json"),
      JSON.stringify({ Version: V, Statement: [{ Effect: "allow", Action: "s3:*", Resource: "*" }] }),
    );
    const r = cli(["check", d]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /broken\.json:4:26 - error policy-json-syntax/);
    assert.match(r.stderr, /effect\.json:1:\d+ - error/);
    assert.equal(cli(["check", join(d, "missing.json")]).code, 2);
    assert.equal(cli(["check", "--format", "xml", d]).code, 2);
    assert.equal(readdirSync(d).length, 2, "nothing was written");
  });

  test("a folder with policy files and a spec checks both; a file named twice is checked once", () => {
    const d = fixture();
    const pol = join(d, "policies");
    writeFileSync(join(pol, "spec.yaml"), readFileSync(join(ROOT, "examples/ai-platform-single.yaml"), "utf8"));
    const out = JSON.parse(
      cli(["check", "--format", "json", "--fail-on", "never", pol, join(pol, "clean.json")]).stdout,
    );
    assert.ok(out.summary.principals > 2, "the spec's principals were analysed");
    assert.ok(out.findings.some((f: { file?: string }) => f.file?.endsWith("spec.yaml")));
    assert.equal(out.findings.filter((f: { rule: string }) => f.rule === "resource-type-mismatch").length, 1);
  });

  test("policy kinds are inferred: a trust policy and a bucket policy need no --policy-type", () => {
    const d = mkdtempSync(join(tmpdir(), "ai-iam-check-kinds-"));
    const trust = { Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" };
    writeFileSync(join(d, "trust.json"), JSON.stringify({ Version: V, Statement: [trust] }));
    const read = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };
    writeFileSync(join(d, "bucket.json"), JSON.stringify({ Version: V, Statement: [read] }));
    const r = cli(["check", "--format", "json", d]);
    // Both let someone outside the account in (a service without aws:SourceAccount, everyone): exit 1.
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.summary.documents, 2);
    assert.deepEqual(
      out.findings
        .filter((f: { rule: string }) => f.rule === "external-access")
        .map((f: { data: { scope: string } }) => f.data.scope),
      ["*", "service:sagemaker.amazonaws.com"],
    );
    // Read as identity policies, both are invalid (a Principal; no Resource).
    assert.equal(cli(["check", "--policy-type", "identity", d]).code, 2);
  });

  test("--policy-type trust: a trust policy without Principal is invalid input", () => {
    const d = mkdtempSync(join(tmpdir(), "ai-iam-check-trust-"));
    const f = join(d, "t.json");
    writeFileSync(f, JSON.stringify({ Version: V, Statement: [{ Effect: "Allow", Action: "sts:AssumeRole" }] }));
    assert.equal(cli(["check", "--policy-type", "trust", f]).code, 2);
  });

  test("a spec: checks every compiled policy and the model", () => {
    const r = cli(["check", "--format", "json", "--fail-on", "never", "examples/ai-platform"]);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.ok(out.summary.documents > 0);
    assert.ok(out.summary.principals > 0);
  });

  test("a spec's suppress: entries silence matching findings and are counted", () => {
    const d = mkdtempSync(join(tmpdir(), "ai-iam-check-spec-"));
    const spec = join(d, "spec.yaml");
    const text = readFileSync(join(ROOT, "examples/ai-platform-single.yaml"), "utf8");
    // The example needs no suppression (issue 13); add one.
    assert.ok(!text.includes("\nsuppress:"));
    const extra =
      "  - rule: iam-user-for-human\n    principal: vision/alice\n    reason: break-glass user, reviewed quarterly\n";
    writeFileSync(spec, `${text}suppress:\n${extra}`);
    const out = JSON.parse(cli(["check", "--format", "json", "--fail-on", "never", spec]).stdout);
    const rules = out.findings.map((f: { rule: string }) => f.rule);
    const human = out.findings.filter((f: { rule: string }) => f.rule === "iam-user-for-human");
    assert.ok(human.length > 0);
    assert.ok(!human.some((f: { principal?: string }) => f.principal === "vision/alice"));
    assert.ok(!rules.includes("pass-role-to-more-privileged"));
    assert.ok(out.summary.suppressed >= 1);
  });

  test("--program: a Pulumi program captured under mocks; SARIF puts its principals' findings on Pulumi.yaml", () => {
    const r = cli(["check", "--format", "sarif", "--fail-on", "never", "--program", "examples/seed"]);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout);
    assert.deepEqual(sarifProblems(log), []);
    const results = log.runs[0].results as {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
    const attached = results.find((f) => f.ruleId === "user-attached-policies");
    assert.equal(attached?.locations[0].physicalLocation.artifactLocation.uri, "examples/seed/Pulumi.yaml");
  });
});
