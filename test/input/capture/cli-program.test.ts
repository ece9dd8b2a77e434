import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { after, describe, test } from "node:test";

/** The CLI as a user runs it, one process per command (capture runs a program once per process). */
function cli(...args: string[]) {
  const res = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

const object = "arn:aws:s3:::your-ai-team-bucket-name/data.csv";

/** `simulate --program examples/seed` for `principal` doing `action` on the team bucket's object. */
function simulateSeed(principal: string, action: string, ...extra: string[]) {
  return cli(
    "simulate",
    "--program",
    "examples/seed",
    "--principal",
    principal,
    "--action",
    action,
    "--resource",
    object,
    ...extra,
  );
}

describe("--program examples/seed: the original program, analyzed as it is", () => {
  test("simulate: aiUser may GetObject on the team bucket", () => {
    const r = simulateSeed("aiUser", "s3:GetObject", "--format", "json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const decision = (Array.isArray(out) ? out[0] : out).decision;
    assert.equal(decision, "Allowed");
  });

  test("simulate: aiUser may not PutObject", () => {
    const r = simulateSeed("aiUser", "s3:PutObject", "--format", "json");
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.match((Array.isArray(out) ? out[0] : out).decision, /Denied$/);
  });

  test("simulate: an unknown principal is a usage error naming the logical names", () => {
    const r = simulateSeed("aiUsr", "s3:GetObject");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /aiUser/);
  });

  test("check: reports the policy attached directly to a user and the IAM user for human access", () => {
    const r = cli("check", "--program", "examples/seed", "--format", "json");
    const out = JSON.parse(r.stdout) as { findings: Array<{ rule: string; principal?: string }> };
    const rules = out.findings.filter((f) => f.principal === "aiUser").map((f) => f.rule);
    assert.ok(rules.includes("user-attached-policies"), r.stdout);
    assert.ok(rules.includes("iam-user-for-human"), r.stdout);
    assert.ok(rules.includes("no-mfa-guardrail"), r.stdout);
    assert.equal(r.stderr, "", "the seed captures without a diagnostic");
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
    const r = cli("plan", "--program", "test/input/capture/fixtures/no-such-program");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /program-not-found/);
  });
});

describe("--program with a broken program: a located diagnostic and exit 2, never a stack trace", () => {
  // Inside the repository, so that a program's `@pulumi/*` imports resolve; git-ignored.
  mkdirSync("test-artifacts", { recursive: true });
  const root = resolve(mkdtempSync(join("test-artifacts", "bad-programs-")));
  after(() => rmSync(root, { recursive: true, force: true }));
  const program = (name: string, files: Record<string, string>) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  };
  const yaml = (name: string) => `name: ${name}\nruntime: nodejs\n`;
  const noStackTrace = (stderr: string) => assert.doesNotMatch(stderr, /^\s+at /m, stderr);

  test("a syntax error names the file, line and column", () => {
    const dir = program("syntax", {
      "Pulumi.yaml": yaml("syntax"),
      "index.ts": 'import * as aws from "@pulumi/aws";\n\nconst user = new aws.iam.User("u", {;\n',
    });
    const r = cli("check", "--program", dir);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`${join(dir, "index.ts")}:3:\\d+ - error program-failed: `), r.stderr);
    noStackTrace(r.stderr);
    assert.equal(r.stdout, "");
  });

  test("a program that throws, at the top level and inside an apply, is located at each throw", () => {
    const dir = program("throws", {
      "Pulumi.yaml": yaml("throws"),
      "index.ts": [
        'import * as aws from "@pulumi/aws";',
        'import * as pulumi from "@pulumi/pulumi";',
        'const user = new aws.iam.User("u", {});',
        "export const arn = user.arn.apply((a) => {",
        '  throw new Error("no access for " + a);',
        "});",
        'new pulumi.Config().require("team");',
        "",
      ].join("\n"),
    });
    const r = cli("plan", "--program", dir, "--format", "json");
    assert.equal(r.code, 2, r.stderr);
    const file = join(dir, "index.ts");
    assert.match(
      r.stderr,
      new RegExp(`${file}:5:\\d+ - error program-failed: .*no access for arn:aws:iam::`),
      r.stderr,
    );
    assert.match(r.stderr, new RegExp(`${file}:7:\\d+ - error program-failed: .*throws:team`), r.stderr);
    assert.match(r.stderr, /^2 errors; nothing was written\.$/m, "each failure once");
    noStackTrace(r.stderr);
    assert.equal(r.stdout, "");
  });

  test("a folder without a program entry, or without anything, is exit 2 with a diagnostic", () => {
    for (const dir of [program("no-entry", { "Pulumi.yaml": yaml("no-entry") }), program("empty", {})]) {
      const r = cli("check", "--program", dir);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /error program-not-found: no program entry/);
      noStackTrace(r.stderr);
    }
  });
});
