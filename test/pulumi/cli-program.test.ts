import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, test } from "node:test";

/** The CLI as a user runs it, one process per command (capture runs a program once per process). */
function cli(...args: string[]) {
  const res = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const object = "arn:aws:s3:::your-ai-team-bucket-name/data.csv";

describe("--program examples/seed: the original program, analyzed as it is", () => {
  test("simulate: aiUser may GetObject on the team bucket", () => {
    const r = cli(
      "simulate",
      "--program",
      "examples/seed",
      "--principal",
      "aiUser",
      "--action",
      "s3:GetObject",
      "--resource",
      object,
      "--format",
      "json",
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const decision = (Array.isArray(out) ? out[0] : out).decision;
    assert.equal(decision, "Allowed");
  });

  test("simulate: aiUser may not PutObject", () => {
    const r = cli(
      "simulate",
      "--program",
      "examples/seed",
      "--principal",
      "aiUser",
      "--action",
      "s3:PutObject",
      "--resource",
      object,
      "--format",
      "json",
    );
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.match((Array.isArray(out) ? out[0] : out).decision, /Denied$/);
  });

  test("simulate: an unknown principal is a usage error naming the logical names", () => {
    const r = cli(
      "simulate",
      "--program",
      "examples/seed",
      "--principal",
      "aiUsr",
      "--action",
      "s3:GetObject",
      "--resource",
      object,
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /aiUser/);
  });

  test("check: reports the policy attached directly to a user and the IAM user for human access", () => {
    const r = cli("check", "--program", "examples/seed", "--format", "json");
    const out = JSON.parse(r.stdout) as { findings: Array<{ rule: string; principal?: string }> };
    const rules = out.findings.filter((f) => f.principal === "aiUser").map((f) => f.rule);
    assert.ok(rules.includes("user-attached-policies"), r.stdout);
    assert.ok(rules.includes("iam-user-for-human"), r.stdout);
  });

  test("plan: the captured IAM as ai-iam would deploy it, with synthesized names and ARNs", () => {
    const r = cli("plan", "--program", "examples/seed", "--account", "111122223333", "--format", "json");
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as {
      principals: Array<{ id: string; kind: string; policies: string[] }>;
      policies: Array<{ id: string; kind: string; size: number }>;
      resources: Array<{ type: string; name: string }>;
    };
    assert.deepEqual(
      plan.principals.map((p) => [p.id, p.kind, p.policies]),
      [["aiUser", "user", ["aiPolicy"]]],
    );
    assert.deepEqual(
      plan.policies.map((p) => [p.id, p.kind, p.size]),
      [["aiPolicy", "managed", 194]],
    );
    assert.equal(plan.resources.length, 3);
  });

  test("a folder without a program is exit 2 with a diagnostic", () => {
    const r = cli("plan", "--program", "test/pulumi/fixtures/no-such-program");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /program-not-found/);
  });
});
