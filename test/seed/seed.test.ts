import assert from "node:assert/strict";
import { test } from "node:test";
import { resolveExports, resolveOutput, setRecordingMocks } from "../../src/input/capture/run-under-mocks.js";

// The mocks must exist before the program is imported (a static import would run it first and
// register nothing), so everything below is set up and imported in order.
const recorder = await setRecordingMocks({ project: "ai-iam-seed", stack: "dev", account: "123456789012" });
const outputs = await resolveExports(await import("../../examples/seed/index.js"));
const policy = await recorder.waitFor("aws:iam/policy:Policy", "aiPolicy");
const user = await recorder.waitFor("aws:iam/user:User", "aiUser");
const attachment = await recorder.waitFor(
  "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  "aiUserPolicyAttachment",
);

test("the seed registers exactly a policy, a user and the attachment", () => {
  assert.deepEqual(recorder.resources.map((r) => `${r.type} ${r.name}`).sort(), [
    "aws:iam/policy:Policy aiPolicy",
    "aws:iam/user:User aiUser",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment aiUserPolicyAttachment",
  ]);
});

test("the policy document is exactly the original statement, on the default bucket", () => {
  assert.equal(
    policy.inputs.policy,
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["s3:ListBucket", "s3:GetObject"],
          Resource: ["arn:aws:s3:::your-ai-team-bucket-name", "arn:aws:s3:::your-ai-team-bucket-name/*"],
        },
      ],
    }),
  );
  assert.equal(policy.inputs.description, "A policy that allows AI team to list and read objects in an S3 bucket.");
  assert.equal(policy.inputs.path, "/");
});

test("the user has path / and forceDestroy", () => {
  assert.equal(user.inputs.path, "/");
  assert.equal(user.inputs.forceDestroy, true);
});

test("no resource has an input beyond the original program's (no name, tags or boundary added)", () => {
  assert.deepEqual(Object.keys(policy.inputs).sort(), ["description", "path", "policy"]);
  assert.deepEqual(user.inputs, { forceDestroy: true, path: "/" });
  assert.deepEqual(attachment.inputs, { policyArn: policy.state.arn, user: user.state.name });
});

test("the attachment links exactly that user's name and that policy's ARN", () => {
  assert.match(String(user.state.name), /^aiUser-[0-9a-f]{7}$/);
  assert.match(String(policy.state.arn), /^arn:aws:iam::123456789012:policy\/aiPolicy-[0-9a-f]{7}$/);
  assert.equal(attachment.inputs.user, user.state.name);
  assert.equal(attachment.inputs.policyArn, policy.state.arn);
});

test("the stack outputs are the user's name and the policy's ARN", async () => {
  assert.deepEqual(Object.keys(outputs).sort(), ["ai_policy_arn", "ai_user_name"]);
  assert.equal(outputs.ai_user_name, user.state.name);
  assert.equal(outputs.ai_policy_arn, policy.state.arn);
  assert.equal(await resolveOutput(outputs.ai_user_name as string), user.state.name);
});
