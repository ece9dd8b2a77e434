import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";

function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(process.cwd(), "src/cli/bin.ts"), ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "ai-iam-cli-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("ai-iam plan", () => {
  test("text: resources to create, each policy against its quota, a summary", () => {
    const r = run("plan", "examples/ai-platform");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ \+ {3}aws:iam\/user:User +vision\.alice$/m);
    assert.match(r.stdout, /^ \+ {3}aws:iam\/group:Group +vision\.data-scientist$/m);
    assert.match(r.stdout, /vision\/boundary +boundary +[\d,]+ \/ 6,144 +\d+%/);
    assert.match(r.stdout, /Resources: \+ \d+ to create/);
  });

  test("json: the documented shape, and --out writes every policy as canonical JSON", () => {
    const out = join(tmp, "policies");
    const r = run("plan", "examples/ai-platform", "--format", "json", "--out", out);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(plan), ["principals", "policies", "resources"]);
    const bob = plan.principals.find((p: { id: string }) => p.id === "vision/bob");
    assert.deepEqual(bob.groups, ["vision/ml-engineer"]);
    for (const p of plan.policies) {
      const file = join(out, `${p.id}.json`);
      assert.ok(existsSync(file), file);
      // The plan's documents are canonical values: the file is the same JSON, pretty-printed.
      assert.equal(readFileSync(file, "utf8"), `${JSON.stringify(p.document, null, 2)}\n`);
    }
    assert.deepEqual(readdirSync(join(out, "vision")).sort(), [
      "boundary.json",
      "data-scientist",
      "execution-role",
      "ml-engineer",
    ]);
  });

  test("an invalid spec: every diagnostic on stderr, exit 2, nothing written", () => {
    const spec = join(tmp, "bad.yaml");
    writeFileSync(
      spec,
      'version: 1\norganization: acme\naccount: "1234"\nregion: us-east-1\nteams:\n  t:\n    members: { a: data-scientst }\n',
    );
    const out = join(tmp, "never");
    const r = run("plan", spec, "--out", out, "--format", "json");
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /bad\.yaml:3:10 - error spec-invalid-value: account "1234"/);
    assert.match(r.stderr, /bad\.yaml:7:\d+ - error spec-unknown-persona: .*Did you mean "data-scientist"/);
    assert.equal(existsSync(out), false);
  });
});

describe("ai-iam test", () => {
  test("runs the example's tests, prints decisions, deciding statements and the assumed context", () => {
    const r = run("test", "examples/ai-platform");
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /PASS {2}vision\/alice {2}s3:GetObject/);
    assert.match(
      r.stdout,
      /allowed by identity acme-ai\.vision\.data-scientist\.\d statement \d+ \(DatasetImagenetRead\)/,
    );
    assert.match(r.stdout, /assumed .*aws:MultiFactorAuthPresent=true/);
    assert.match(r.stdout, /5 tests: 5 passed, 0 failed/);
    // The approved client's guardrail is printed as assumed, and a removed key as absent.
    assert.match(
      r.stdout,
      /assumed .*bedrock:GuardrailIdentifier=arn:aws:bedrock:us-east-1:123456789012:guardrail\/abcd1234efgh\n {8}client: /,
    );
    assert.match(r.stdout, /context: absent bedrock:GuardrailIdentifier; assumed /);
  });

  test("a failing test exits 1; json output has each result", () => {
    const dir = join(tmp, "failing");
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    cpSync("examples/ai-platform", dir, { recursive: true });
    writeFileSync(
      join(dir, "zz-tests.yaml"),
      'tests:\n  - { principal: vision/alice, action: s3:PutObject, resource: "arn:aws:s3:::acme-ai-datasets/imagenet/x", expect: allow }\n',
    );
    const r = run("test", dir, "--format", "json");
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout);
    assert.equal(json.summary.failed, 1);
    const failed = json.tests.find((t: { passed: boolean }) => !t.passed);
    assert.equal(failed.decision, "ImplicitlyDenied");
    assert.equal(failed.location.file, join(dir, "zz-tests.yaml"));
  });
});

describe("ai-iam check <spec> (quality bar)", () => {
  test("the compiled example has no finding at error or security severity", () => {
    const r = run("check", "examples/ai-platform", "--fail-on", "security", "--format", "json");
    assert.equal(r.code, 0, r.stdout.slice(0, 2000) + r.stderr);
    const { summary } = JSON.parse(r.stdout);
    assert.equal(summary.error, 0);
    assert.equal(summary.security, 0);
  });
});

describe("ai-iam simulate <spec>", () => {
  test("decides as the spec's principal, with --context overriding its session", () => {
    const base = ["simulate", "examples/ai-platform", "--principal", "vision/alice", "--action", "s3:GetObject"];
    const resource = ["--resource", "arn:aws:s3:::acme-ai-datasets/imagenet/x"];
    assert.equal(run(...base, ...resource).stdout.trim(), "Allowed");
    assert.equal(
      run(...base, ...resource, "--context", "aws:RequestedRegion=eu-west-1").stdout.trim(),
      "ExplicitlyDenied",
    );
  });
});
