import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { ensureFixtureInstalled, FIXTURES } from "../../fixtures/programs/install.js";

/**
 * Unknown is not denied, through the CLI: on a program whose policy names another stack's output
 * (test/fixtures/programs/stack-reference-app), every review command answers Unknown where that
 * output decides, with the reason, decides the rest, and exits 1 under --fail-on-unknown only when
 * an answer is Unknown (0 without it).
 */
const program = join(FIXTURES, "stack-reference-app");
const unseen = /appData\.policy: part of the policy is stack reference acme\/shared-infra\/dev: dataBucketArn/;
const object = "arn:aws:s3:::acme-shared-data/x";

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, ["--import", "tsx", "src/cli/bin.ts", ...args, "--program", program], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe("Unknown answers from the CLI (a program depending on a StackReference)", () => {
  before(() => ensureFixtureInstalled("stack-reference-app"));

  test("simulate: Unknown with the reason in JSON; a request the unknown cannot touch is decided", () => {
    const simulate = (principal: string, action: string, resource: string, ...extra: string[]) =>
      cli("simulate", "--principal", principal, "--action", action, "--resource", resource, ...extra);
    const r = simulate("appTask", "s3:GetObject", object, "--format", "json");
    assert.equal(r.code, 0, r.stderr);
    const d = [JSON.parse(r.stdout)].flat()[0];
    assert.equal(d.decision, "Unknown");
    assert.ok(
      d.unknown.some((u: string) => unseen.test(u)),
      JSON.stringify(d),
    );
    const failing = simulate("appTask", "s3:GetObject", object, "--fail-on-unknown");
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(failing.stdout, /Unknown/);
    const service = "arn:aws:ecs:us-west-2:123456789012:service/app/web";
    const decided = simulate("deployer", "ecs:DeleteService", service, "--fail-on-unknown", "--format", "json");
    assert.equal(decided.code, 0, decided.stderr);
    assert.equal([JSON.parse(decided.stdout)].flat()[0].decision, "ImplicitlyDenied");
  });

  test("who-can: the principal whose answer is unknown is listed apart, never as denied", () => {
    const r = cli("who-can", "--action", "s3:GetObject", "--resource", object, "--format", "json", "--fail-on-unknown");
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(
      out.principals.map((p: { principal: string }) => p.principal),
      [],
    );
    assert.deepEqual(
      out.unknown.map((u: { principal: string }) => u.principal),
      ["appTask"],
    );
  });

  test("can: the certain access, and apart what depends on what it could not see", () => {
    const r = cli("can", "--principal", "appTask", "--format", "json", "--fail-on-unknown");
    assert.equal(r.code, 1, r.stderr);
    assert.ok(
      JSON.parse(r.stdout).unknown.some((u: string) => unseen.test(u)),
      r.stdout,
    );
    assert.equal(cli("can", "--principal", "deployer", "--fail-on-unknown").code, 0);
  });

  test("matrix: the s3 Read cell is Unknown (not denied), the row names why", () => {
    const r = cli("matrix", "--format", "json", "--fail-on-unknown", "--workers", "1");
    assert.equal(r.code, 1, r.stderr);
    const m = JSON.parse(r.stdout);
    const row = m.rows.find((x: { principal: string }) => x.principal === "appTask");
    const read = row.cells[m.capabilities.findIndex((c: { id: string }) => c.id === "service:s3:Read")];
    assert.equal(read.status, "Unknown");
    assert.equal(read.unknown, 1);
    assert.ok(row.unknown.some((u: string) => unseen.test(u)));
    const text = cli("matrix");
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, unseen);
  });
});
