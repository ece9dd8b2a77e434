import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { getCatalog } from "../../src/catalog/index.js";
import { main } from "../../src/cli/main.js";
import { createEvaluator } from "../../src/engine/index.js";
import type { PolicySet } from "../../src/policy/policy-set.js";

// AWS: Organizations User Guide, "Resource control policies (RCPs)" — RCPs apply only to the
// services in "List of AWS services that support RCPs" (S3, STS, KMS, SQS, Secrets Manager, ...);
// requests to other services are not affected by them.
const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow" as const, Action: ["*"], Resource: ["*"] }] };
const denyAll = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Deny" as const, Principal: "*" as const, Action: ["*"], Resource: ["*"] }],
};
const set: PolicySet = { identityPolicies: [{ name: "all", document: allowAll }], rcps: [[{ document: denyAll }]] };
const principal = "arn:aws:iam::111122223333:user/alice";
const s3 = { principal, action: "s3:GetObject", resource: "arn:aws:s3:::b/k" };
const sagemaker = {
  principal,
  action: "sagemaker:DescribeTrainingJob",
  resource: "arn:aws:sagemaker:us-east-1:111122223333:training-job/j",
};

test("the catalog lists the services RCPs apply to", () => {
  const services = getCatalog().rcpSupportedServices();
  for (const s of ["s3", "sts", "kms", "sqs", "secretsmanager"]) assert.ok(services.includes(s), s);
  assert.ok(!services.includes("sagemaker"));
  assert.deepEqual(services, [...services].sort());
});

test("an RCP Deny applies only to the services that support RCPs", () => {
  const ev = createEvaluator(set, { rcpServices: getCatalog().rcpSupportedServices() });
  assert.equal(ev.evaluate(s3).decision, "ExplicitlyDenied");
  assert.equal(ev.evaluate(sagemaker).decision, "Allowed");
});

test("without the list, an RCP Deny applies to every service (the conservative reading)", () => {
  const ev = createEvaluator(set);
  assert.equal(ev.evaluate(s3).decision, "ExplicitlyDenied");
  assert.equal(ev.evaluate(sagemaker).decision, "ExplicitlyDenied");
});

test("ai-iam simulate passes the catalog's RCP services to the engine", async () => {
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-rcp-"));
  const file = join(dir, "set.json");
  writeFileSync(file, JSON.stringify(set));
  const out: string[] = [];
  const write = process.stdout.write;
  // Keep the command's JSON lines; let the test runner's own (binary) reports through.
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (typeof chunk === "string" && chunk.startsWith("{")) {
      out.push(chunk);
      return true;
    }
    return (write as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    for (const r of [s3, sagemaker]) {
      const code = await main([
        "simulate",
        "--policy-set",
        file,
        "--principal",
        r.principal,
        "--action",
        r.action,
        "--resource",
        r.resource,
        "--format",
        "jsonl",
      ]);
      assert.equal(code, 0);
    }
  } finally {
    process.stdout.write = write;
  }
  const decisions = out
    .join("")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l).decision);
  assert.deepEqual(decisions, ["ExplicitlyDenied", "Allowed"]);
});
