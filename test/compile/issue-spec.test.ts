/**
 * The issue's example spec, verbatim: it must load, compile and pass its own tests as written. Its
 * Bedrock test names no context: a test runs as the organization's approved client, which invokes
 * Bedrock through the configured guardrail (the SDK's guardrailIdentifier), while the policies
 * still deny any call that names no guardrail or another one — AWS Bedrock User Guide, "Enforce the
 * use of specific guardrails in model inference requests" (bedrock:GuardrailIdentifier),
 * https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-permissions-id.html
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { runAccessTests } from "../../src/analysis/review/run-tests.js";
import { compileSpec } from "../../src/compile/compile.js";
import { loadSpecFromString } from "../../src/input/team-spec/load.js";

const ISSUE_SPEC = `version: 1
organization: acme-ai
account: "123456789012"
region: us-east-1
identity: iam-users            # iam-users | iam-roles | identity-center
guardrails:
  allowedRegions: [us-east-1, us-west-2]
  requireMfa: true
  trainingInstanceTypes: ["ml.g5.*", "ml.p4d.24xlarge", "ml.m5.*"]
  notebookInstanceTypes: ["ml.t3.*", "ml.g5.xlarge"]
  ec2InstanceTypes: ["g5.*", "t3.*"]
  maxTrainingSeconds: 86400
  network:
    subnets: [subnet-0a1b2c3d4e5f60718]
    securityGroups: [sg-0123456789abcdef0]
  kmsKey: arn:aws:kms:us-east-1:123456789012:key/1111aaaa-22bb-33cc-44dd-555555eeeeee
  bedrock:
    models: ["anthropic.claude-3-5-sonnet-*", "amazon.titan-embed-text-v2:0"]
    guardrail: arn:aws:bedrock:us-east-1:123456789012:guardrail/abcd1234efgh
datasets:
  imagenet:         { bucket: acme-ai-datasets, prefix: imagenet/ }
  support-tickets:  { bucket: acme-ai-datasets, prefix: support/, classification: confidential }
  vision-artifacts: { bucket: acme-ai-artifacts, prefix: vision/ }
  nlp-artifacts:    { bucket: acme-ai-artifacts, prefix: nlp/ }
teams:
  vision:
    datasets: { imagenet: read, vision-artifacts: write }
    members:
      alice: data-scientist
      bob: ml-engineer
  nlp:
    datasets: { support-tickets: read, nlp-artifacts: write }
    activities: [bedrock]
    members:
      carol: data-scientist
      dan: mlops
tests:
  - { principal: vision/alice, action: s3:GetObject, resource: "arn:aws:s3:::acme-ai-datasets/imagenet/n01440764/1.JPEG", expect: allow }
  - { principal: vision/alice, action: s3:GetObject, resource: "arn:aws:s3:::acme-ai-datasets/support/t1.json", expect: deny }
  - { principal: nlp/carol, action: bedrock:InvokeModel, resource: "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0", expect: allow }
`;

const TITAN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0";
const GUARDRAIL = "arn:aws:bedrock:us-east-1:123456789012:guardrail/abcd1234efgh";

function compile(text: string) {
  const loaded = loadSpecFromString(text, "issue.yaml");
  assert.deepEqual(loaded.diagnostics, []);
  const compiled = compileSpec(loaded.spec!);
  assert.deepEqual(
    compiled.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  return compiled.model!;
}

describe("the issue's example spec, as written", () => {
  test("loads, compiles and passes every one of its tests", () => {
    const results = runAccessTests(compile(ISSUE_SPEC));
    assert.equal(results.length, 3);
    for (const r of results) assert.ok(r.passed, `${r.test.principal} ${r.test.action}: ${r.decision}`);
  });

  test("the Bedrock test assumes the approved client's guardrail, visibly", () => {
    const [r] = runAccessTests(compile(ISSUE_SPEC)).filter((x) => x.test.action === "bedrock:InvokeModel");
    assert.equal(r.decision, "Allowed");
    assert.ok(r.assumed.includes("bedrock:GuardrailIdentifier"));
    assert.equal(r.context["bedrock:GuardrailIdentifier"], GUARDRAIL);
    assert.match(r.client ?? "", /guardrails\.bedrock\.guardrail/);
    // Other services' tests assume nothing of the kind.
    const [s3] = runAccessTests(compile(ISSUE_SPEC));
    assert.equal(s3.context["bedrock:GuardrailIdentifier"], undefined);
    assert.equal(s3.client, undefined);
  });
});

describe("the guardrail is still enforced", () => {
  const model = compile(ISSUE_SPEC);
  const invoke = (context?: Record<string, string>, absent?: string[]) =>
    runAccessTests(model, [
      {
        principal: "nlp/carol",
        action: "bedrock:InvokeModel",
        resource: TITAN,
        expect: "deny",
        ...(context ? { context } : {}),
        ...(absent ? { absent } : {}),
      },
    ])[0];

  test("a call that names no guardrail is denied", () => {
    const r = invoke(undefined, ["bedrock:GuardrailIdentifier"]);
    assert.equal(r.decision, "ImplicitlyDenied");
    assert.equal(r.context["bedrock:GuardrailIdentifier"], undefined);
    assert.ok(!r.assumed.includes("bedrock:GuardrailIdentifier"));
    assert.equal(r.client, undefined);
  });

  test("a call through another guardrail is denied; a version of the configured one is allowed", () => {
    assert.equal(
      invoke({ "bedrock:GuardrailIdentifier": GUARDRAIL.replace("abcd1234efgh", "other5678") }).decision,
      "ImplicitlyDenied",
    );
    assert.equal(invoke({ "bedrock:GuardrailIdentifier": `${GUARDRAIL}:3` }).decision, "Allowed");
  });

  test("`key: null` in a test's context removes the key from the request", () => {
    const spec = `${ISSUE_SPEC}  - principal: nlp/carol
    action: bedrock:InvokeModel
    resource: "${TITAN}"
    context: { "bedrock:GuardrailIdentifier": null, "aws:MultiFactorAuthPresent": }
    expect: deny
`;
    const loaded = loadSpecFromString(spec, "issue.yaml");
    assert.deepEqual(loaded.spec!.tests[3].absent, ["aws:MultiFactorAuthPresent", "bedrock:GuardrailIdentifier"]);
    const r = runAccessTests(compile(spec))[3];
    assert.ok(r.passed, r.decision);
    assert.equal(r.context["aws:MultiFactorAuthPresent"], undefined);
  });

  test("without a configured guardrail nothing is assumed", () => {
    const model = compile(ISSUE_SPEC.replace(/^ {4}guardrail: .*\n/m, ""));
    assert.equal(model.clientContext, undefined);
    const [r] = runAccessTests(model).filter((x) => x.test.action === "bedrock:InvokeModel");
    assert.equal(r.decision, "Allowed");
    assert.equal(r.context["bedrock:GuardrailIdentifier"], undefined);
  });
});

describe("a guardrail list left out", () => {
  test("allows no instance type: no Allow with an empty condition list, and tests run (no crash)", () => {
    // Without notebookInstanceTypes, ec2InstanceTypes and trainingInstanceTypes (so no endpoint
    // types either), the creates they guard are not granted at all; the guardrail denies stay.
    const spec = ISSUE_SPEC.replace(/^ {2}(notebook|ec2|training)InstanceTypes: .*\n/gm, "");
    assert.doesNotMatch(spec, /InstanceTypes/);
    const model = compile(spec);
    for (const p of model.policies) {
      for (const s of p.document.Statement) {
        for (const [op, keys] of Object.entries(s.Condition ?? {})) {
          for (const [key, values] of Object.entries(keys)) {
            const list = Array.isArray(values) ? values : [values];
            assert.ok(list.length > 0 || s.Effect === "Deny", `${p.id} ${s.Sid}: ${op} ${key} lists no values`);
          }
        }
      }
    }
    const results = runAccessTests(model, [
      ...(model.tests ?? []),
      {
        principal: "vision/alice",
        action: "sagemaker:CreateNotebookInstance",
        resource: "arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/x",
        expect: "deny",
        context: { "sagemaker:InstanceTypes": ["ml.t3.medium"], "aws:RequestTag/team": "vision" },
      },
    ]);
    for (const r of results) assert.ok(r.passed, `${r.test.principal} ${r.test.action}: ${r.decision}`);
  });
});

test("a policy the engine cannot evaluate fails its test with the reason; the run goes on", () => {
  const model = compile(ISSUE_SPEC);
  const broken = structuredClone(model);
  const policy = broken.policies.find((p) => p.id === "vision/data-scientist/policy-1")!;
  policy.document.Statement.push({
    Effect: "Allow",
    Action: ["s3:GetObject"],
    Resource: ["*"],
    Condition: { StringLike: { "s3:prefix": [] } },
  });
  const results = runAccessTests(broken);
  assert.equal(results.length, 3);
  const alice = results.filter((r) => r.test.principal === "vision/alice");
  for (const r of alice) {
    assert.equal(r.passed, false);
    assert.match(r.error ?? "", /cannot evaluate vision\/alice's policies: .*no values/);
  }
  assert.ok(results.find((r) => r.test.principal === "nlp/carol")!.passed);
});
