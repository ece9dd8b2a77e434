import assert from "node:assert/strict";
import { test } from "node:test";
import { captureProgram } from "../../../src/input/capture/capture.js";
import { policyDocumentInvoke } from "../../../src/input/capture/policy-document-invoke.js";

// One program per file: Pulumi's runtime state is per process.
const { model, diagnostics } = await captureProgram("test/input/capture/fixtures/invoke-program");
assert.ok(model, "a model is captured");
const policy = (id: string) => {
  const p = model.policies.find((x) => x.id === id);
  assert.ok(p, `policy ${id}`);
  return p.document;
};
const principal = (id: string) => {
  const p = model.principals.find((x) => x.id === id);
  assert.ok(p, `principal ${id}`);
  return p;
};

test("getPolicyDocumentOutput resolves under the mocks, with ARNs of other resources", () => {
  assert.deepEqual(policy("trainer--trust"), {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: ["sagemaker.amazonaws.com"] }, Action: ["sts:AssumeRole"] }],
  });
  assert.equal(principal("trainer").service, "sagemaker.amazonaws.com");
  // overridePolicyDocuments replaces the statement with the same Sid, in place.
  assert.deepEqual(policy("read"), {
    Version: "2012-10-17",
    Statement: [
      { Sid: "List", Effect: "Deny", Action: ["s3:ListBucket"], Resource: ["*"] },
      {
        Sid: "Read",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: ["arn:aws:s3:::acme-data/*"],
        Condition: { Bool: { "aws:SecureTransport": ["true"] } },
      },
    ],
  });
  assert.deepEqual(principal("trainer").managedPolicies, ["read"]);
});

test("the promise form of getPolicyDocument, pulumi.jsonStringify and pulumi.interpolate resolve", () => {
  assert.deepEqual(policy("dataPolicy").Statement, [
    {
      Effect: "Deny",
      Principal: "*",
      Action: ["s3:*"],
      Resource: ["arn:aws:s3:::acme-data/*"],
      Condition: { Bool: { "aws:SecureTransport": ["false"] } },
    },
  ]);
  assert.deepEqual(policy("write").Statement, [
    { Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::acme-data/out/*"] },
  ]);
});

test("policies the mocks cannot compute are reported, not guessed; the attachments that name them stay", () => {
  assert.deepEqual(
    model.policies.map((p) => p.id),
    ["dataPolicy", "external", "read", "studio", "trainer--trust", "write"],
  );
  // Both are in the model as unknown, never read as granting nothing.
  for (const id of ["external", "studio"])
    assert.equal(model.policies.find((p) => p.id === id)?.unknown?.whole, true, id);
  // That the analyst has three policies attached directly, one as boundary, is known; what two of
  // them grant is not.
  const analyst = principal("analyst");
  assert.deepEqual(analyst.managedPolicies, ["external", "studio", "write"]);
  assert.equal(analyst.boundary, "external");
  assert.deepEqual(
    model.unknowns?.map((u) => `${u.resource}.${u.property}`),
    ["external.policy", "studio.policy"],
  );
  assert.deepEqual(
    diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`),
    [
      "warning capture-unknown-value external (aws:iam/policy:Policy): policy: the policy document is aws.iam.getPolicy(arn:aws:iam::123456789012:policy/team-existing).policy, not known offline",
      "warning capture-unknown-value studio (aws:iam/policy:Policy): policy: the policy document depends on a value that is not known offline",
    ],
  );
});

test("the invoke mock: effect and version defaults, principals by type, conditions by operator, source then override", () => {
  const out = policyDocumentInvoke({
    policyId: "doc",
    sourcePolicyDocuments: [
      JSON.stringify({ Statement: [{ Sid: "A", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }),
    ],
    statements: [
      {
        sid: "A",
        actions: ["s3:PutObject"],
        resources: ["*"],
        principals: [
          { type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] },
          { type: "AWS", identifiers: ["arn:aws:iam::444455556666:root"] },
        ],
        conditions: [
          { test: "StringEquals", variable: "aws:PrincipalTag/team", values: ["vision"] },
          { test: "StringEquals", variable: "aws:RequestedRegion", values: ["us-east-1"] },
        ],
      },
      { effect: "Deny", notActions: ["iam:*"], notResources: ["arn:aws:s3:::x"] },
    ],
  });
  assert.deepEqual(JSON.parse(String(out.json)), {
    Version: "2012-10-17",
    Id: "doc",
    Statement: [
      {
        Sid: "A",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"] },
        Action: ["s3:PutObject"],
        Resource: ["*"],
        Condition: {
          StringEquals: { "aws:PrincipalTag/team": ["vision"], "aws:RequestedRegion": ["us-east-1"] },
        },
      },
      { Effect: "Deny", NotAction: ["iam:*"], NotResource: ["arn:aws:s3:::x"] },
    ],
  });
  assert.equal(out.minifiedJson, JSON.stringify(JSON.parse(String(out.json))));
});
