import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, test } from "node:test";

/**
 * A captured program runs in ai-iam's process: what it does to the process must not decide
 * ai-iam's exit code, crash it, or keep it alive (README, "Commands": exit codes 0, 1, 2 only, an
 * internal error 70; "a program that ... throws is an error at the file, line and column").
 */
mkdirSync("test-artifacts", { recursive: true });
const root = mkdtempSync(join("test-artifacts", "guarded-program-"));
after(() => rmSync(root, { recursive: true, force: true }));

function program(name: string, ...lines: string[]): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
  writeFileSync(join(dir, "index.ts"), ['import * as aws from "@pulumi/aws";', ...lines, ""].join("\n"));
  return dir;
}

/** `check --program <dir>` in a process of its own, killed if it does not end in 60 s. */
function check(dir: string) {
  const res = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "check", "--program", dir], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 60_000,
  });
  return { code: res.status, signal: res.signal, stdout: res.stdout, stderr: res.stderr };
}

const adminUser = [
  'const u = new aws.iam.User("u", {});',
  'new aws.iam.UserPolicy("p", { user: u.name, policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) });',
];

describe("check --program: what the program does to the process", () => {
  test("process.exit(0) while it runs is a located program-failed error (exit 2), not a vacuous pass", () => {
    const dir = program("exits", ...adminUser, "process.exit(0);");
    const r = check(dir);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.equal(r.stdout, "");
    assert.match(
      r.stderr,
      new RegExp(`${join("exits", "index.ts")}:4:\\d+ - error program-failed: .*process\\.exit\\(0\\)`),
    );
  });

  test("process.exit(1) from a callback is a program failure, not 'findings'", () => {
    const dir = program("exits-later", ...adminUser, "setImmediate(() => process.exit(1));");
    const r = check(dir);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /error program-failed: .*process\.exit\(1\)/);
  });

  test("a throw from a callback is a located program-failed error, not a crash with a stack trace", () => {
    const dir = program("throws-later", ...adminUser, 'setImmediate(() => { throw new Error("boom"); });');
    const r = check(dir);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`${join("throws-later", "index.ts")}:4:\\d+ - error program-failed: .*boom`));
    assert.doesNotMatch(r.stderr, /Node\.js v\d/);
  });

  test("an invoke the mocks refuse (an override document that is not JSON) fails the program with its reason", () => {
    const dir = program(
      "bad-override",
      "const doc = aws.iam.getPolicyDocumentOutput({",
      '  statements: [{ actions: ["s3:*"], resources: ["*"] }],',
      `  overridePolicyDocuments: [${JSON.stringify('{"Statement": [{"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*",}]}')}],`,
      "});",
      'const u = new aws.iam.User("u", {});',
      'new aws.iam.UserPolicy("p", { user: u.name, policy: doc.json });',
    );
    const r = check(dir);
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /error program-failed: .*overridePolicyDocuments\[0\] is not a JSON policy document/);
  });

  test("a pending interval or a listening server neither hangs the check nor goes unreported", () => {
    const dir = program(
      "keeps-running",
      ...adminUser,
      "setInterval(() => {}, 1000);",
      'import("node:net").then((net) => net.createServer().listen(0));',
    );
    const r = check(dir);
    assert.equal(r.signal, null, "killed: the check did not end");
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /privilege-escalation|data-exfiltration/);
    assert.match(r.stderr, /warning capture-timeout: the program left 1 timer/);
  });
});
