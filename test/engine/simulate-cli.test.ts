/** `ai-iam simulate`, run as the CLI runs (`node --import tsx src/cli/bin.ts simulate ...`). */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const root = fileURLToPath(new URL("../../", import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli/bin.ts", ...args],
      { cwd: root, env: { ...process.env, NO_COLOR: "1" } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const alice = "arn:aws:iam::111122223333:user/alice";

test("--requests writes one JSON line per request", async () => {
  const r = await run(["simulate", "--policy-set", fixture("ml-set.json"), "--requests", fixture("ml-requests.jsonl")]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.deepEqual(lines, [
    { id: "r1", decision: "Allowed" },
    { id: "r2", decision: "ExplicitlyDenied" },
  ]);
});

test("--explain adds reasons naming the policy, statement and Sid", async () => {
  const r = await run([
    "simulate",
    "--policy-set",
    fixture("ml-set.json"),
    "--requests",
    fixture("ml-requests.jsonl"),
    "--explain",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const [first, second] = r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.ok(
    first.reasons.some((x: string) => x.includes("ml-team") && x.includes("ReadData") && x.includes("conditional")),
  );
  assert.deepEqual(second.reasons, ["denied by identity policy ml-team, statement 1 (NoDelete)"]);
});

test("a single request from flags, with a multivalued context key", async () => {
  const base = ["simulate", "--policy-set", fixture("ml-set.json"), "--principal", alice, "--action", "s3:GetObject"];
  const resource = ["--resource", "arn:aws:s3:::ml-data/x"];
  const [allowed, denied, json] = await Promise.all([
    run([...base, ...resource, "--context", "aws:SourceIp=10.0.0.7"]),
    run([...base, ...resource, "--context", "aws:SourceIp=8.8.8.8", "--explain"]),
    run([
      ...base,
      ...resource,
      ...["--context", "aws:SourceIp=10.0.0.7", "--context", "aws:TagKeys=a", "--context", "aws:TagKeys=b"],
      ...["--format", "json", "--explain"],
    ]),
  ]);
  assert.equal(allowed.stdout, "Allowed\n");
  assert.match(denied.stdout, /^ImplicitlyDenied\n {2}- .*\n {2}- no allow in identity policy\n$/);
  const parsed = JSON.parse(json.stdout);
  assert.equal(parsed.decision, "Allowed");
  assert.equal(parsed.explanation.statements[0].sid, "ReadData");
});

test("invalid policy set: located diagnostics, exit 2, nothing on stdout", async () => {
  const r = await run([
    "simulate",
    "--policy-set",
    fixture("bad-set.json"),
    "--requests",
    fixture("ml-requests.jsonl"),
  ]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /bad-set\.json:5:\d+ .*StringEqualz/);
  assert.match(r.stderr, /bad-set\.json:\d+:\d+ .*sessionPolicies/);
});

test("invalid requests: every problem with its line, exit 2", async () => {
  const r = await run([
    "simulate",
    "--policy-set",
    fixture("ml-set.json"),
    "--requests",
    fixture("bad-requests.jsonl"),
  ]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /bad-requests\.jsonl:1:\d+ .*resource/);
  assert.match(r.stderr, /bad-requests\.jsonl:2:\d+ .*context key 'k'/);
});

test("bad flags exit 2", async () => {
  const single = ["--principal", alice, "--action", "s3:GetObject", "--resource", "*"];
  const [noFile, badContext, badFormat, missing] = await Promise.all([
    run(["simulate", "--policy-set", fixture("missing.json"), ...single]),
    run(["simulate", "--policy-set", fixture("ml-set.json"), ...single, "--context", "novalue"]),
    run([
      "simulate",
      "--policy-set",
      fixture("ml-set.json"),
      "--requests",
      fixture("ml-requests.jsonl"),
      "--format",
      "xml",
    ]),
    run(["simulate", "--policy-set", fixture("ml-set.json"), "--action", "s3:GetObject"]),
  ]);
  assert.equal(noFile.code, 2);
  assert.match(noFile.stderr, /missing\.json does not exist/);
  assert.equal(badContext.code, 2);
  assert.match(badContext.stderr, /novalue/);
  assert.equal(badFormat.code, 2);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /--principal, --resource/);
});

// In security tooling a silent "no match" is a bug: a typo in a request's action or resource must
// not come back as an ordinary implicit deny.
test("a request's unknown service or malformed resource is located and exits 2; an unknown action warns", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-req-"));
  const requests = join(dir, "requests.jsonl");
  writeFileSync(
    requests,
    [
      JSON.stringify({ principal: alice, action: "s3:GetObject", resource: "bucket/key" }),
      JSON.stringify({ principal: alice, action: "sagemkaer:CreateTrainingJob", resource: "*" }),
    ].join("\n"),
  );
  const bad = await run(["simulate", "--policy-set", fixture("ml-set.json"), "--requests", requests]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, "");
  assert.match(bad.stderr, /requests\.jsonl:1:\d+ - error request-invalid-resource/);
  assert.match(bad.stderr, /requests\.jsonl:2:\d+ - error request-unknown-service: unknown service prefix "sagemkaer"/);
  assert.match(bad.stderr, /sagemaker/, "did you mean");

  const typo = await run([
    "simulate",
    "--policy-set",
    fixture("ml-set.json"),
    "--principal",
    alice,
    "--action",
    "s3:GetObjectt",
    "--resource",
    "arn:aws:s3:::b/k",
  ]);
  assert.equal(typo.code, 0);
  assert.match(typo.stderr, /warning request-unknown-action: "s3:GetObjectt" is not in the AWS catalog/);
  assert.match(typo.stdout, /ImplicitlyDenied/);
});
