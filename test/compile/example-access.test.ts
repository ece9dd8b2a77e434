/**
 * The quality bar for the compiled example (examples/ai-platform), decided by the engine exactly as
 * AWS would: every principal's access is what its personas say and no more. Each request runs as
 * a normal signed-in session of the principal (its username and tags, MFA, TLS, us-east-1) unless
 * the test adds context.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { teamResourceName } from "../../src/activities/build.js";
import { runAccessTests } from "../../src/analysis/review/run-tests.js";
import { compileSpec } from "../../src/compile/compile.js";
import { createEvaluator } from "../../src/engine/index.js";
import type { Decision } from "../../src/engine/types.js";
import { loadSpec } from "../../src/input/team-spec/load.js";
import { policySetForPrincipal, requestFor } from "../../src/model/policy-set.js";
import type { AccessModel } from "../../src/model/types.js";

const model: AccessModel = compileSpec(loadSpec("examples/ai-platform").spec!).model!;

function decide(
  principal: string,
  action: string,
  resource: string,
  context?: Record<string, string | string[]>,
): Decision {
  const set = policySetForPrincipal(model, principal, { action, resource });
  return createEvaluator(set).evaluate(requestFor(model, principal, action, resource, context)).decision;
}

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1111aaaa-22bb-33cc-44dd-555555eeeeee`;
const VISION_ROLE = `arn:aws:iam::${ACCOUNT}:role/ai-iam/acme-ai/vision/acme-ai.vision.execution-role`;
const NLP_ROLE = `arn:aws:iam::${ACCOUNT}:role/ai-iam/acme-ai/nlp/acme-ai.nlp.execution-role`;
/** Team vision's jobs are named `vision--…` (README, "Naming"). */
const TRAINING_JOB = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:training-job/${teamResourceName("vision", "resnet-1")}`;
/** A training job request that meets every guardrail of team vision. */
const goodTraining = {
  "sagemaker:InstanceTypes": ["ml.g5.2xlarge"],
  "sagemaker:VpcSubnets": ["subnet-0a1b2c3d4e5f60718"],
  "sagemaker:VpcSecurityGroupIds": ["sg-0123456789abcdef0"],
  "sagemaker:OutputKmsKeyArn": KEY,
  "sagemaker:MaxRuntimeInSeconds": "3600",
  "aws:RequestTag/team": "vision",
  "aws:TagKeys": ["team"],
};

describe("the example's own tests", () => {
  test("every test in the spec passes", () => {
    const results = runAccessTests(model);
    assert.equal(results.length, 5);
    for (const r of results)
      assert.ok(r.passed, `${r.test.principal} ${r.test.action} ${r.test.resource}: ${r.decision}`);
    // The explanation names the deciding statement.
    const first = results.find((r) => r.test.expect === "allow" && r.test.action === "s3:GetObject")!;
    assert.ok(first.explanation?.statements.some((s) => s.sid === "DatasetImagenetRead"));
    assert.ok(first.assumed.includes("aws:MultiFactorAuthPresent"));
  });

  test("a failing expectation fails", () => {
    const [r] = runAccessTests(model, [
      {
        principal: "vision/alice",
        action: "s3:DeleteObject",
        resource: "arn:aws:s3:::acme-ai-datasets/imagenet/x",
        expect: "allow",
      },
    ]);
    assert.equal(r.passed, false);
    assert.equal(r.decision, "ImplicitlyDenied");
  });

  test("a test naming a group runs as one of its members; an unknown principal fails with a reason", () => {
    const [g, u] = runAccessTests(model, [
      {
        principal: "vision/data-scientist",
        action: "s3:GetObject",
        resource: "arn:aws:s3:::acme-ai-datasets/imagenet/x",
        expect: "allow",
      },
      { principal: "vision/nobody", action: "s3:GetObject", resource: "arn:aws:s3:::b/x", expect: "deny" },
    ]);
    assert.equal(g.principal, "vision/alice");
    assert.ok(g.passed);
    assert.equal(u.passed, false);
    assert.match(u.error ?? "", /no principal vision\/nobody/);
  });
});

describe("team isolation", () => {
  test("datasets: a team reads and writes its own prefixes only", () => {
    assert.equal(decide("vision/alice", "s3:GetObject", "arn:aws:s3:::acme-ai-datasets/imagenet/a.jpg"), "Allowed");
    assert.equal(
      decide("vision/alice", "s3:PutObject", "arn:aws:s3:::acme-ai-artifacts/vision/model.tar.gz"),
      "Allowed",
    );
    assert.equal(
      decide("vision/alice", "s3:PutObject", "arn:aws:s3:::acme-ai-datasets/imagenet/a.jpg"),
      "ImplicitlyDenied",
      "read-only dataset",
    );
    assert.equal(
      decide("vision/alice", "s3:GetObject", "arn:aws:s3:::acme-ai-datasets/support/t1.json"),
      "ImplicitlyDenied",
    );
    assert.equal(decide("vision/bob", "s3:PutObject", "arn:aws:s3:::acme-ai-artifacts/nlp/x"), "ImplicitlyDenied");
    assert.equal(
      decide("nlp/carol", "s3:GetObject", "arn:aws:s3:::acme-ai-artifacts/vision/model.tar.gz"),
      "ImplicitlyDenied",
    );
    // Listing is limited by s3:prefix. AWS: S3 User Guide, "Examples of Amazon S3 bucket policies" (s3:prefix).
    const bucket = "arn:aws:s3:::acme-ai-datasets";
    assert.equal(decide("vision/alice", "s3:ListBucket", bucket, { "s3:prefix": "imagenet/n01" }), "Allowed");
    assert.equal(decide("vision/alice", "s3:ListBucket", bucket, { "s3:prefix": "support/" }), "ImplicitlyDenied");
    assert.equal(decide("vision/alice", "s3:ListBucket", bucket), "ImplicitlyDenied", "listing the whole bucket");
  });

  test("endpoints and models: another team's (by the team tag) are out of reach", () => {
    const endpoint = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint/classifier`;
    assert.equal(
      decide("vision/bob", "sagemaker:InvokeEndpoint", endpoint, { "aws:ResourceTag/team": "vision" }),
      "Allowed",
    );
    assert.equal(
      decide("vision/bob", "sagemaker:InvokeEndpoint", endpoint, { "aws:ResourceTag/team": "nlp" }),
      "ImplicitlyDenied",
    );
    assert.equal(
      decide("vision/bob", "sagemaker:DeleteEndpoint", endpoint, { "aws:ResourceTag/team": "nlp" }),
      "ImplicitlyDenied",
    );
    const pkg = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/detector/3`;
    assert.equal(
      decide("vision/alice", "sagemaker:DescribeModelPackage", pkg, { "aws:ResourceTag/team": "vision" }),
      "Allowed",
    );
    assert.equal(
      decide("vision/alice", "sagemaker:DescribeModelPackage", pkg, { "aws:ResourceTag/team": "nlp" }),
      "ImplicitlyDenied",
    );
    assert.equal(
      decide("nlp/dan", "sagemaker:UpdateModelPackage", pkg, {
        "aws:ResourceTag/team": "vision",
        "sagemaker:ModelApprovalStatus": "Approved",
      }),
      "ImplicitlyDenied",
    );
  });

  test("execution roles: each team passes only its own, and only to SageMaker", () => {
    const toSageMaker = { "iam:PassedToService": "sagemaker.amazonaws.com" };
    assert.equal(decide("vision/alice", "iam:PassRole", VISION_ROLE, toSageMaker), "Allowed");
    assert.equal(decide("vision/alice", "iam:PassRole", NLP_ROLE, toSageMaker), "ImplicitlyDenied");
    assert.equal(
      decide("vision/alice", "iam:PassRole", VISION_ROLE, { "iam:PassedToService": "ec2.amazonaws.com" }),
      "ImplicitlyDenied",
    );
    assert.equal(
      decide("vision/alice", "iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/admin`, toSageMaker),
      "ImplicitlyDenied",
    );
    // Nobody can assume another team's execution role: it trusts SageMaker only.
    assert.notEqual(decide("vision/bob", "sts:AssumeRole", NLP_ROLE), "Allowed");
  });
});

describe("guardrails", () => {
  test("a training job within every guardrail is allowed", () => {
    assert.equal(decide("vision/alice", "sagemaker:CreateTrainingJob", TRAINING_JOB, goodTraining), "Allowed");
  });

  test("instance types outside the lists are denied explicitly", () => {
    const ctx = { ...goodTraining, "sagemaker:InstanceTypes": ["ml.p5.48xlarge"] };
    assert.equal(decide("vision/alice", "sagemaker:CreateTrainingJob", TRAINING_JOB, ctx), "ExplicitlyDenied");
    const instance = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`;
    assert.equal(
      decide("vision/bob", "ec2:RunInstances", instance, {
        "ec2:InstanceType": "g5.xlarge",
        "aws:RequestTag/team": "vision",
      }),
      "Allowed",
    );
    assert.equal(
      decide("vision/bob", "ec2:RunInstances", instance, {
        "ec2:InstanceType": "p5.48xlarge",
        "aws:RequestTag/team": "vision",
      }),
      "ExplicitlyDenied",
    );
  });

  test("training longer than maxTrainingSeconds is denied explicitly", () => {
    const ctx = { ...goodTraining, "sagemaker:MaxRuntimeInSeconds": "172800" };
    assert.equal(decide("vision/alice", "sagemaker:CreateTrainingJob", TRAINING_JOB, ctx), "ExplicitlyDenied");
  });

  test("regions outside allowedRegions are denied explicitly; global services are exempt", () => {
    assert.equal(
      decide("vision/alice", "s3:GetObject", "arn:aws:s3:::acme-ai-datasets/imagenet/a.jpg", {
        "aws:RequestedRegion": "eu-west-1",
      }),
      "ExplicitlyDenied",
    );
    assert.equal(
      decide("vision/alice", "s3:GetObject", "arn:aws:s3:::acme-ai-datasets/imagenet/a.jpg", {
        "aws:RequestedRegion": "us-west-2",
      }),
      "Allowed",
    );
    assert.equal(
      decide("vision/alice", "iam:GetUser", `arn:aws:iam::${ACCOUNT}:user/ai-iam/acme-ai/vision/alice`, {
        "aws:RequestedRegion": "eu-west-1",
      }),
      "Allowed",
    );
  });

  test("without MFA a member can do nothing but set up MFA", () => {
    const noMfa = { "aws:MultiFactorAuthPresent": "false" };
    assert.equal(
      decide("vision/alice", "s3:GetObject", "arn:aws:s3:::acme-ai-datasets/imagenet/a.jpg", noMfa),
      "ExplicitlyDenied",
    );
    assert.equal(
      decide("vision/alice", "iam:CreateVirtualMFADevice", `arn:aws:iam::${ACCOUNT}:mfa/alice`, noMfa),
      "Allowed",
    );
    assert.notEqual(
      decide("vision/alice", "iam:CreateVirtualMFADevice", `arn:aws:iam::${ACCOUNT}:mfa/bob`, noMfa),
      "Allowed",
    );
  });

  test("Bedrock: approved models only, with the guardrail, and only for teams that opted in", () => {
    const titan = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0";
    const guard = { "bedrock:GuardrailIdentifier": `arn:aws:bedrock:us-east-1:${ACCOUNT}:guardrail/abcd1234efgh` };
    assert.equal(decide("nlp/carol", "bedrock:InvokeModel", titan, guard), "Allowed");
    assert.equal(decide("nlp/carol", "bedrock:InvokeModel", titan), "ImplicitlyDenied", "no guardrail");
    assert.equal(
      decide(
        "nlp/carol",
        "bedrock:InvokeModel",
        "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0",
        guard,
      ),
      "ImplicitlyDenied",
    );
    assert.equal(
      decide("vision/alice", "bedrock:InvokeModel", titan, guard),
      "ImplicitlyDenied",
      "vision did not opt in",
    );
  });

  test("a data scientist cannot approve models; MLOps can", () => {
    const pkg = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/intent/2`;
    const approve = { "aws:ResourceTag/team": "nlp", "sagemaker:ModelApprovalStatus": "Approved" };
    assert.equal(decide("nlp/carol", "sagemaker:UpdateModelPackage", pkg, approve), "ImplicitlyDenied");
    assert.equal(decide("nlp/dan", "sagemaker:UpdateModelPackage", pkg, approve), "Allowed");
    const register = { "aws:RequestTag/team": "nlp", "sagemaker:ModelApprovalStatus": "Approved" };
    assert.equal(decide("nlp/carol", "sagemaker:CreateModelPackage", pkg, register), "ImplicitlyDenied");
  });

  test("nobody changes IAM or the guardrails themselves", () => {
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/ai-iam/acme-ai/vision/acme-ai.vision.boundary`;
    const alice = `arn:aws:iam::${ACCOUNT}:user/ai-iam/acme-ai/vision/alice`;
    for (const p of ["vision/alice", "vision/bob", "vision/execution-role"]) {
      assert.equal(decide(p, "iam:CreatePolicyVersion", boundary), "ExplicitlyDenied", p);
      assert.equal(decide(p, "iam:DeleteUserPermissionsBoundary", alice), "ExplicitlyDenied", p);
      assert.equal(decide(p, "iam:AttachUserPolicy", alice), "ExplicitlyDenied", p);
    }
  });
});

describe("every member, whatever their persona", () => {
  const members = model.principals.filter((p) => p.human).map((p) => p.id);
  const ROLES = [
    VISION_ROLE,
    NLP_ROLE,
    `arn:aws:iam::${ACCOUNT}:role/admin`,
    `arn:aws:iam::${ACCOUNT}:role/ai-iam/acme-ai/vision/acme-ai.vision.data-scientist`,
  ];
  const SERVICES = ["sagemaker.amazonaws.com", "ec2.amazonaws.com", "lambda.amazonaws.com", "bedrock.amazonaws.com"];

  test("passes no role but the team's execution role, and that one only to SageMaker", () => {
    assert.deepEqual(members, ["nlp/carol", "nlp/dan", "vision/alice", "vision/bob"]);
    for (const m of members) {
      const own = m.startsWith("vision/") ? VISION_ROLE : NLP_ROLE;
      for (const role of ROLES) {
        assert.notEqual(decide(m, "iam:PassRole", role), "Allowed", `${m} passes ${role} to no service named`);
        for (const service of SERVICES) {
          const expected = role === own && service === "sagemaker.amazonaws.com" ? "Allowed" : "denied";
          const got = decide(m, "iam:PassRole", role, { "iam:PassedToService": service });
          assert.equal(got === "Allowed" ? "Allowed" : "denied", expected, `${m} passes ${role} to ${service}`);
        }
      }
    }
  });

  test("approves no model version unless mlops, and in no other team", () => {
    for (const m of members) {
      const team = m.split("/")[0];
      for (const owner of ["vision", "nlp"]) {
        const pkg = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/${owner}-model/1`;
        const got = decide(m, "sagemaker:UpdateModelPackage", pkg, {
          "aws:ResourceTag/team": owner,
          "sagemaker:ModelApprovalStatus": "Approved",
        });
        assert.equal(
          got,
          m === "nlp/dan" && owner === team ? "Allowed" : "ImplicitlyDenied",
          `${m} approves ${owner}'s`,
        );
      }
    }
  });

  test("touches no other team's dataset, endpoint or model, nor assumes its execution role", () => {
    for (const m of members) {
      const [team] = m.split("/");
      const other = team === "vision" ? "nlp" : "vision";
      const otherPrefix = other === "vision" ? "acme-ai-artifacts/vision" : "acme-ai-artifacts/nlp";
      for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
        assert.equal(decide(m, action, `arn:aws:s3:::${otherPrefix}/x`), "ImplicitlyDenied", `${m} ${action}`);
      }
      const tagged = { "aws:ResourceTag/team": other };
      for (const [action, res] of [
        ["sagemaker:InvokeEndpoint", "endpoint/e"],
        ["sagemaker:UpdateEndpoint", "endpoint/e"],
        ["sagemaker:DeleteEndpoint", "endpoint/e"],
        ["sagemaker:DescribeModelPackage", "model-package/g/1"],
        ["sagemaker:DeleteModel", "model/m"],
        ["sagemaker:StopTrainingJob", "training-job/j"],
      ]) {
        const arn = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:${res}`;
        assert.equal(decide(m, action, arn, tagged), "ImplicitlyDenied", `${m} ${action} on ${other}'s`);
      }
      const otherRole = other === "vision" ? VISION_ROLE : NLP_ROLE;
      assert.notEqual(decide(m, "sts:AssumeRole", otherRole), "Allowed", `${m} assumes ${otherRole}`);
    }
  });

  test("creates no notebook or endpoint on an instance type outside its list", () => {
    const nb = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:notebook-instance/${teamResourceName("vision", "nb")}`;
    assert.equal(
      decide("vision/alice", "sagemaker:CreateNotebookInstance", nb, {
        "sagemaker:InstanceTypes": ["ml.p4d.24xlarge"],
        "aws:RequestTag/team": "vision",
      }),
      "ExplicitlyDenied",
    );
    const config = `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint-config/${teamResourceName("vision", "cfg")}`;
    assert.equal(
      decide("vision/bob", "sagemaker:CreateEndpointConfig", config, {
        "sagemaker:InstanceTypes": ["ml.c5.large"],
        "aws:RequestTag/team": "vision",
      }),
      "ExplicitlyDenied",
    );
  });
});
