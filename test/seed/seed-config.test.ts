import assert from "node:assert/strict";
import { test } from "node:test";
import { setRecordingMocks } from "../../src/input/capture/run-under-mocks.js";

// A separate process from seed.test.ts: the program registers fixed logical names once per run.
const recorder = await setRecordingMocks({ project: "ai-iam-seed", config: { bucketName: "ml-team-data" } });
const { createSeedProgram } = await import("../../examples/seed/program.js");
const seed = createSeedProgram();
const policy = await recorder.waitFor("aws:iam/policy:Policy", "aiPolicy");

test("stack config bucketName overrides the bucket in both resources of the statement", () => {
  assert.equal(seed.bucketName, "ml-team-data");
  const doc = JSON.parse(String(policy.inputs.policy));
  assert.deepEqual(doc.Statement[0].Resource, ["arn:aws:s3:::ml-team-data", "arn:aws:s3:::ml-team-data/*"]);
  assert.deepEqual(doc.Statement[0].Action, ["s3:ListBucket", "s3:GetObject"]);
  assert.equal(doc.Statement[0].Effect, "Allow");
});
