import assert from "node:assert/strict";
import { test } from "node:test";
import { captureProgram } from "../../../src/input/capture/capture.js";

const { model, diagnostics } = await captureProgram("examples/seed");

test("the seed captures as one human IAM user with the read policy attached directly", () => {
  assert.deepEqual(diagnostics, []);
  assert.ok(model);
  assert.equal(model.source.kind, "program");
  assert.equal(model.account, "123456789012");
  assert.equal(model.principals.length, 1);
  const user = model.principals[0];
  assert.equal(user.id, "aiUser");
  assert.equal(user.kind, "user");
  assert.equal(user.human, true);
  assert.equal(user.forceDestroy, true);
  assert.match(user.arn, /^arn:aws:iam::123456789012:user\/aiUser-[0-9a-f]{7}$/);
  assert.deepEqual(user.managedPolicies, ["aiPolicy"]);
  assert.equal(user.boundary, undefined);
  const [policy] = model.policies;
  assert.equal(policy.id, "aiPolicy");
  assert.equal(policy.kind, "managed");
  assert.deepEqual(policy.document, {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:GetObject"],
        Resource: ["arn:aws:s3:::your-ai-team-bucket-name", "arn:aws:s3:::your-ai-team-bucket-name/*"],
      },
    ],
  });
  // Characters without white space of the compact JSON, as IAM counts them.
  assert.equal(policy.size, 194);
});
