import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { getCatalog } from "../../src/catalog/index.js";
import { main } from "../../src/cli/main.js";
import { createEvaluator } from "../../src/engine/index.js";
import type { PolicySet } from "../../src/policy/policy-set.js";
import { captureOutput } from "../helpers/capture-output.js";

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
  const decisions: string[] = [];
  for (const r of [s3, sagemaker]) {
    const argv = ["simulate", "--policy-set", file, "--principal", r.principal, "--action", r.action];
    const { result, stdout, stderr } = await captureOutput(() =>
      main([...argv, "--resource", r.resource, "--format", "jsonl"]),
    );
    assert.equal(result, 0, stderr);
    decisions.push(JSON.parse(stdout.trim()).decision);
  }
  assert.deepEqual(decisions, ["ExplicitlyDenied", "Allowed"]);
});
