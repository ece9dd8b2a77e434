import assert from "node:assert/strict";
import { test } from "node:test";
import { captureProgram } from "../../../src/input/capture/capture.js";

// One program per file: Pulumi's runtime state is per process.
const { model, diagnostics } = await captureProgram("test/input/capture/fixtures/rich-program", {
  account: "111122223333",
});
assert.ok(model, "a model is captured");
const principal = (id: string) => {
  const p = model.principals.find((x) => x.id === id);
  assert.ok(p, `principal ${id}`);
  return p;
};
const policy = (id: string) => {
  const p = model.policies.find((x) => x.id === id);
  assert.ok(p, `policy ${id}`);
  return p;
};

test("principals are addressed by logical name, with names and ARNs as AWS would give them", () => {
  assert.deepEqual(
    model.principals.map((p) => `${p.kind} ${p.id}`),
    ["user alice", "user bob", "role trainer"],
  );
  assert.equal(principal("alice").arn, "arn:aws:iam::111122223333:user/alice");
  assert.match(principal("bob").name, /^bob-[0-9a-f]{7}$/);
  assert.equal(principal("trainer").arn, `arn:aws:iam::111122223333:role/${principal("trainer").name}`);
  assert.equal(principal("alice").human, true);
  assert.deepEqual(principal("alice").tags, { team: "vision" });
});

test("attachments, inline policies, memberships and boundaries are linked through computed values", () => {
  assert.deepEqual(principal("alice").groups, ["admins"]);
  assert.deepEqual(principal("bob").groups, ["admins"], "GroupMembership");
  assert.deepEqual(principal("bob").managedPolicies, ["read"], "PolicyAttachment users");
  assert.deepEqual(principal("bob").inlinePolicies, ["bobInline"]);
  assert.equal(principal("alice").boundary, "boundary");
  assert.equal(policy("boundary").kind, "boundary");
  assert.equal(policy("boundary").name, "vision-boundary");
  const group = model.groups.find((g) => g.id === "admins");
  assert.deepEqual(group?.managedPolicies, ["read"]);
  assert.deepEqual(group?.inlinePolicies, ["adminsInline"]);
  const trainer = principal("trainer");
  // The AWS managed policy is attached by ARN, its document from the offline copy.
  assert.deepEqual(trainer.managedPolicies, ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess", "read"]);
  const sagemaker = policy("arn:aws:iam::aws:policy/AmazonSageMakerFullAccess");
  assert.equal(sagemaker.kind, "aws-managed");
  assert.ok(sagemaker.document.Statement.some((s) => s.Action?.includes("sagemaker:*")));
  assert.deepEqual(trainer.inlinePolicies, ["trainer--logs", "trainerPass"]);
  assert.equal(trainer.boundary, "boundary");
  assert.equal(trainer.service, "sagemaker.amazonaws.com");
  assert.equal(policy(trainer.trustPolicy!).kind, "trust");
});

test("ARNs inside policy JSON resolve through the mocks", () => {
  assert.deepEqual(policy("read").document.Statement[0].Resource, ["arn:aws:s3:::acme-vision-data/*"]);
  assert.deepEqual(policy("trainerPass").document.Statement[0].Resource, [principal("trainer").arn]);
  assert.deepEqual(model.resourcePolicies, [
    { id: "dataPolicy", resourceArn: "arn:aws:s3:::acme-vision-data", policyId: "dataPolicy", sources: ["dataPolicy"] },
  ]);
  assert.deepEqual(policy("dataPolicy").document.Statement[0].Principal, { AWS: [principal("trainer").arn] });
});

test("values that stay unknown are reported, not guessed", () => {
  // The policy is in the model as unknown: never read as granting nothing.
  assert.equal(policy("studioAccess").unknown?.whole, true);
  assert.deepEqual(policy("studioAccess").document.Statement, []);
  assert.deepEqual(
    model.unknowns?.map((u) => `${u.resource}.${u.property}`),
    ["studioAccess.policy"],
  );
  assert.ok(diagnostics.some((d) => d.code === "capture-unknown-value" && d.message.startsWith("studioAccess")));
});

test("an invalid policy document is a diagnostic naming the resource, and is left out", () => {
  const errors = diagnostics.filter((d) => d.severity === "error");
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, "policy-invalid-effect");
  assert.match(errors[0].message, /^broken \(aws:iam\/policy:Policy\): policy: /);
  assert.match(String(errors[0].file), /rich-program\/index\.ts$/);
  assert.equal(
    model.policies.some((p) => p.id === "broken"),
    false,
  );
});

test("a missing program is a diagnostic, not a crash", async () => {
  const missing = await captureProgram("test/input/capture/fixtures/no-such-program");
  assert.equal(missing.model, undefined);
  assert.equal(missing.diagnostics[0].code, "program-not-found");
});
