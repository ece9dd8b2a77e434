import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { teamResourceName } from "../../src/activities/build.js";
import { executionRoleStatements, guardrailStatements, personaStatements } from "../../src/activities/index.js";
import { createEvaluator } from "../../src/engine/index.js";
import type { AccessRequest, PolicySet } from "../../src/policy/policy-set.js";
import { exampleSpec, teamContext } from "./fixture.js";

/**
 * Decisions on the compiled statements, as AWS evaluates them (IAM User Guide, "Policy evaluation
 * logic"): the persona's statements, the guardrail denies and self-service as identity policies,
 * the boundary (envelope + denies) as the permissions boundary.
 */
const spec = exampleSpec();
const ACCOUNT = "123456789012";

function evaluatorFor(team: string, persona: string) {
  const ctx = teamContext(spec, team);
  const g = guardrailStatements(ctx);
  const set: PolicySet = {
    identityPolicies: [
      { name: `${team}-${persona}`, document: { Version: "2012-10-17", Statement: personaStatements(ctx, persona) } },
      { name: `${team}-guardrails`, document: { Version: "2012-10-17", Statement: [...g.denies, ...g.selfService] } },
    ],
    permissionBoundaries: [
      { name: `${team}-boundary`, document: { Version: "2012-10-17", Statement: [...g.boundary, ...g.denies] } },
    ],
  };
  return createEvaluator(set);
}

/** A normal signed-in session of an IAM user: MFA present, TLS, the organization's region. */
function request(
  user: string,
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
): AccessRequest {
  return {
    principal: `arn:aws:iam::${ACCOUNT}:user/${user}`,
    action,
    resource,
    resourceAccount: ACCOUNT,
    context: {
      "aws:MultiFactorAuthPresent": "true",
      "aws:SecureTransport": "true",
      "aws:RequestedRegion": "us-east-1",
      ...context,
    },
  };
}

const alice = evaluatorFor("vision", "data-scientist");
const bob = evaluatorFor("vision", "ml-engineer");
const carol = evaluatorFor("nlp", "data-scientist");
const dan = evaluatorFor("nlp", "mlops");
const sm = (resource: string, region = "us-east-1") => `arn:aws:sagemaker:${region}:${ACCOUNT}:${resource}`;

/** The decision on a request by a session of the team's execution role (fixture.ts names it <team>-execution). */
function executionRoleOf(team: string) {
  const ctx = teamContext(spec, team);
  const g = guardrailStatements(ctx);
  const role = createEvaluator({
    identityPolicies: [{ name: "exec", document: { Statement: executionRoleStatements(ctx) } }],
    permissionBoundaries: [{ name: "boundary", document: { Statement: [...g.boundary, ...g.denies] } }],
  });
  return (action: string, resource: string, context: Record<string, string | string[]> = {}) =>
    role.evaluate({
      principal: `arn:aws:sts::${ACCOUNT}:assumed-role/${team}-execution/SageMaker`,
      action,
      resource,
      resourceAccount: ACCOUNT,
      context: { "aws:RequestedRegion": "us-east-1", ...context },
    }).decision;
}

const goodTraining = {
  "sagemaker:InstanceTypes": ["ml.g5.2xlarge"],
  "sagemaker:VpcSubnets": ["subnet-0a1b2c3d4e5f60718"],
  "sagemaker:VpcSecurityGroupIds": ["sg-0123456789abcdef0"],
  "sagemaker:OutputKmsKeyArn": spec.guardrails.kmsKey!,
  "sagemaker:MaxRuntimeInSeconds": "3600",
  "aws:RequestTag/team": "vision",
  "aws:TagKeys": ["team"],
};

describe("decisions on the compiled example", () => {
  test("the issue's example tests: datasets and Bedrock", () => {
    const obj = "arn:aws:s3:::acme-ai-datasets/imagenet/n01440764/1.JPEG";
    assert.equal(alice.evaluate(request("alice", "s3:GetObject", obj)).decision, "Allowed");
    const other = "arn:aws:s3:::acme-ai-datasets/support/t1.json";
    assert.equal(alice.evaluate(request("alice", "s3:GetObject", other)).decision, "ImplicitlyDenied");
    const titan = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0";
    const withGuardrail = { "bedrock:GuardrailIdentifier": `${spec.guardrails.bedrock!.guardrail}:1` };
    assert.equal(carol.evaluate(request("carol", "bedrock:InvokeModel", titan, withGuardrail)).decision, "Allowed");
  });

  test("another team's datasets are denied: objects, listing, writing", () => {
    const artifacts = "arn:aws:s3:::acme-ai-artifacts/nlp/model.tar.gz";
    assert.notEqual(alice.evaluate(request("alice", "s3:GetObject", artifacts)).decision, "Allowed");
    assert.notEqual(bob.evaluate(request("bob", "s3:PutObject", artifacts)).decision, "Allowed");
    const bucket = "arn:aws:s3:::acme-ai-datasets";
    assert.equal(
      alice.evaluate(request("alice", "s3:ListBucket", bucket, { "s3:prefix": "imagenet/n01" })).decision,
      "Allowed",
    );
    assert.notEqual(
      alice.evaluate(request("alice", "s3:ListBucket", bucket, { "s3:prefix": "support/" })).decision,
      "Allowed",
    );
    assert.notEqual(alice.evaluate(request("alice", "s3:ListBucket", bucket)).decision, "Allowed");
    assert.notEqual(
      alice.evaluate(request("alice", "s3:PutObject", "arn:aws:s3:::acme-ai-datasets/imagenet/x")).decision,
      "Allowed",
    );
  });

  test("training within the guardrails is allowed; the guardrail denies block the rest", () => {
    const job = sm(`training-job/${teamResourceName("vision", "resnet")}`);
    assert.equal(bob.evaluate(request("bob", "sagemaker:CreateTrainingJob", job, goodTraining)).decision, "Allowed");
    // A job is named for its team (its log streams carry the name): not for another, nor for none.
    for (const name of [teamResourceName("nlp", "resnet"), "resnet", "vision-resnet"]) {
      const other = request("bob", "sagemaker:CreateTrainingJob", sm(`training-job/${name}`), goodTraining);
      assert.notEqual(bob.evaluate(other).decision, "Allowed", name);
    }
    const p3 = { ...goodTraining, "sagemaker:InstanceTypes": ["ml.g5.2xlarge", "ml.p3.16xlarge"] };
    assert.equal(bob.evaluate(request("bob", "sagemaker:CreateTrainingJob", job, p3)).decision, "ExplicitlyDenied");
    const long = { ...goodTraining, "sagemaker:MaxRuntimeInSeconds": "172800" };
    assert.equal(bob.evaluate(request("bob", "sagemaker:CreateTrainingJob", job, long)).decision, "ExplicitlyDenied");
    const euJob = sm(`training-job/${teamResourceName("vision", "resnet")}`, "eu-west-1");
    const eu = request("bob", "sagemaker:CreateTrainingJob", euJob, {
      ...goodTraining,
      "aws:RequestedRegion": "eu-west-1",
    });
    assert.equal(bob.evaluate(eu).decision, "ExplicitlyDenied");
    const { "sagemaker:InstanceTypes": _omitted, ...noTypes } = goodTraining;
    assert.notEqual(bob.evaluate(request("bob", "sagemaker:CreateTrainingJob", job, noTypes)).decision, "Allowed");
    const untagged = { ...goodTraining, "aws:RequestTag/team": "nlp" };
    assert.notEqual(bob.evaluate(request("bob", "sagemaker:CreateTrainingJob", job, untagged)).decision, "Allowed");
    const open = { ...goodTraining, "sagemaker:VpcSubnets": ["subnet-ffffffffffffffff0"] };
    assert.notEqual(bob.evaluate(request("bob", "sagemaker:CreateTrainingJob", job, open)).decision, "Allowed");
  });

  test("global services stay usable outside the allowed regions (region deny exemptions)", () => {
    const self = `arn:aws:iam::${ACCOUNT}:user/alice`;
    const r = request("alice", "iam:GetUser", self, { "aws:RequestedRegion": "us-east-1" });
    assert.equal(alice.evaluate(r).decision, "Allowed");
    const eu = request("alice", "iam:GetUser", self, { "aws:RequestedRegion": "eu-west-1" });
    assert.equal(alice.evaluate(eu).decision, "Allowed");
  });

  test("notebooks and EC2 outside the instance type lists are denied", () => {
    const nb = sm(`notebook-instance/${teamResourceName("vision", "alice-nb")}`);
    const ok = {
      "sagemaker:InstanceTypes": ["ml.t3.medium"],
      "sagemaker:RootAccess": "Disabled",
      "sagemaker:DirectInternetAccess": "Disabled",
      "sagemaker:VolumeKmsKeyArn": spec.guardrails.kmsKey!,
      "sagemaker:VpcSubnets": ["subnet-0a1b2c3d4e5f60718"],
      "sagemaker:VpcSecurityGroupIds": ["sg-0123456789abcdef0"],
      "aws:RequestTag/team": "vision",
      "aws:RequestTag/owner": "alice",
    };
    assert.equal(alice.evaluate(request("alice", "sagemaker:CreateNotebookInstance", nb, ok)).decision, "Allowed");
    const root = { ...ok, "sagemaker:RootAccess": "Enabled" };
    assert.notEqual(alice.evaluate(request("alice", "sagemaker:CreateNotebookInstance", nb, root)).decision, "Allowed");
    const big = { ...ok, "sagemaker:InstanceTypes": ["ml.p4d.24xlarge"] };
    assert.equal(
      alice.evaluate(request("alice", "sagemaker:CreateNotebookInstance", nb, big)).decision,
      "ExplicitlyDenied",
    );
    const instance = `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/*`;
    const g5 = { "ec2:InstanceType": "g5.xlarge", "aws:RequestTag/team": "vision" };
    assert.equal(bob.evaluate(request("bob", "ec2:RunInstances", instance, g5)).decision, "Allowed");
    const p4 = { "ec2:InstanceType": "p4d.24xlarge", "aws:RequestTag/team": "vision" };
    assert.equal(bob.evaluate(request("bob", "ec2:RunInstances", instance, p4)).decision, "ExplicitlyDenied");
  });

  // EC2 User Guide, "Launch instances (RunInstances)": a launch is authorized once per resource it
  // uses, each request carrying the keys of its resource type; it succeeds when all are allowed.
  describe("gpu-instances: RunInstances on each resource it uses", () => {
    const ec2 = (resource: string, account: string = ACCOUNT) => `arn:aws:ec2:us-east-1:${account}:${resource}`;
    const teamSubnet = "subnet-0a1b2c3d4e5f60718";
    const teamGroup = "sg-0123456789abcdef0";
    interface Launch {
      instanceType: string;
      tags: Record<string, string>;
      subnet: string;
      group: string;
      imageOwner: string;
      image: string;
    }
    const good: Launch = {
      instanceType: "g5.xlarge",
      tags: { team: "vision" },
      subnet: teamSubnet,
      group: teamGroup,
      imageOwner: "amazon",
      image: "ami-0abcdef1234567890",
    };
    /** The decision on each resource of one launch, keyed by resource type. */
    function launch(who: ReturnType<typeof evaluatorFor>, user: string, l: Launch): Record<string, string> {
      const requestTags: Record<string, string | string[]> = { "aws:TagKeys": Object.keys(l.tags) };
      for (const [k, v] of Object.entries(l.tags)) requestTags[`aws:RequestTag/${k}`] = v;
      const subnetArn = ec2(`subnet/${l.subnet}`);
      const requests: Record<string, [string, Record<string, string | string[]>]> = {
        instance: [ec2("instance/*"), { "ec2:InstanceType": l.instanceType, ...requestTags }],
        "network-interface": [ec2("network-interface/*"), { "ec2:Subnet": subnetArn }],
        volume: [ec2("volume/*"), {}],
        image: [`arn:aws:ec2:us-east-1::image/${l.image}`, { "ec2:Owner": l.imageOwner }],
        subnet: [subnetArn, {}],
        "security-group": [ec2(`security-group/${l.group}`), {}],
        "key-pair": [ec2("key-pair/team-key"), {}],
      };
      const out: Record<string, string> = {};
      for (const [type, [resource, context]] of Object.entries(requests)) {
        out[type] = who.evaluate(request(user, "ec2:RunInstances", resource, context)).decision;
      }
      return out;
    }
    const allowed = (decisions: Record<string, string>) => Object.values(decisions).every((d) => d === "Allowed");
    const refused = (decisions: Record<string, string>) =>
      Object.keys(decisions).filter((type) => decisions[type] !== "Allowed");

    test("an allowed type, tagged for the team, in the team's subnet and group, from an AWS image", () => {
      const d = launch(bob, "bob", good);
      assert.ok(allowed(d), JSON.stringify(d));
      assert.ok(allowed(launch(bob, "bob", { ...good, imageOwner: ACCOUNT })), "the account's own images");
    });

    test("another subnet or security group is denied (on the subnet, the interface, the group)", () => {
      assert.deepEqual(refused(launch(bob, "bob", { ...good, subnet: "subnet-0fffffffffffffff0" })), [
        "network-interface",
        "subnet",
      ]);
      assert.deepEqual(refused(launch(bob, "bob", { ...good, group: "sg-0fffffffffffffff0" })), ["security-group"]);
    });

    test("another instance type is denied explicitly; no team tag or another team's is denied", () => {
      const p5 = launch(bob, "bob", { ...good, instanceType: "p5.48xlarge" });
      assert.deepEqual(refused(p5), ["instance"]);
      assert.equal(p5.instance, "ExplicitlyDenied");
      assert.deepEqual(refused(launch(bob, "bob", { ...good, tags: {} })), ["instance"]);
      assert.deepEqual(refused(launch(bob, "bob", { ...good, tags: { team: "nlp" } })), ["instance"]);
    });

    test("an image of another account (a stranger's public AMI) is denied; so is one without an owner", () => {
      assert.deepEqual(refused(launch(bob, "bob", { ...good, imageOwner: "210987654321" })), ["image"]);
      const image = "arn:aws:ec2:us-east-1::image/ami-0abcdef1234567890";
      assert.notEqual(bob.evaluate(request("bob", "ec2:RunInstances", image)).decision, "Allowed");
    });

    test("a data scientist launches nothing; tags only at launch; start/stop only the team's instances", () => {
      assert.deepEqual(refused(launch(alice, "alice", good)).sort(), Object.keys(launch(alice, "alice", good)).sort());
      const instance = ec2("instance/i-0123456789abcdef0");
      const atLaunch = { "ec2:CreateAction": "RunInstances", "aws:RequestTag/team": "vision" };
      assert.equal(bob.evaluate(request("bob", "ec2:CreateTags", instance, atLaunch)).decision, "Allowed");
      const later = { "aws:RequestTag/team": "vision" };
      assert.notEqual(bob.evaluate(request("bob", "ec2:CreateTags", instance, later)).decision, "Allowed");
      const own = { "aws:ResourceTag/team": "vision" };
      assert.equal(bob.evaluate(request("bob", "ec2:StopInstances", instance, own)).decision, "Allowed");
      const theirs = { "aws:ResourceTag/team": "nlp" };
      assert.notEqual(bob.evaluate(request("bob", "ec2:TerminateInstances", instance, theirs)).decision, "Allowed");
    });
  });

  test("PassRole: only the team's execution role, only to SageMaker", () => {
    const own = teamContext(spec, "vision").executionRoleArn;
    const toSageMaker = { "iam:PassedToService": "sagemaker.amazonaws.com" };
    assert.equal(alice.evaluate(request("alice", "iam:PassRole", own, toSageMaker)).decision, "Allowed");
    const toEc2 = { "iam:PassedToService": "ec2.amazonaws.com" };
    assert.notEqual(alice.evaluate(request("alice", "iam:PassRole", own, toEc2)).decision, "Allowed");
    const theirs = teamContext(spec, "nlp").executionRoleArn;
    assert.notEqual(alice.evaluate(request("alice", "iam:PassRole", theirs, toSageMaker)).decision, "Allowed");
  });

  test("another team's endpoints, models and jobs are out of reach (ABAC on the team tag)", () => {
    const endpoint = sm("endpoint/nlp-support");
    const nlpTag = { "aws:ResourceTag/team": "nlp" };
    assert.notEqual(alice.evaluate(request("alice", "sagemaker:InvokeEndpoint", endpoint, nlpTag)).decision, "Allowed");
    assert.equal(carol.evaluate(request("carol", "sagemaker:InvokeEndpoint", endpoint, nlpTag)).decision, "Allowed");
    const pkg = sm("model-package/nlp-intent/3");
    assert.notEqual(
      alice.evaluate(request("alice", "sagemaker:DescribeModelPackage", pkg, nlpTag)).decision,
      "Allowed",
    );
    const job = sm("training-job/nlp-bert");
    assert.notEqual(bob.evaluate(request("bob", "sagemaker:StopTrainingJob", job, nlpTag)).decision, "Allowed");
  });

  test("a data scientist cannot approve models; mlops can", () => {
    const pkg = sm("model-package/nlp-intent/3");
    const approve = { "aws:ResourceTag/team": "nlp", "sagemaker:ModelApprovalStatus": "Approved" };
    assert.notEqual(carol.evaluate(request("carol", "sagemaker:UpdateModelPackage", pkg, approve)).decision, "Allowed");
    assert.equal(dan.evaluate(request("dan", "sagemaker:UpdateModelPackage", pkg, approve)).decision, "Allowed");
  });

  test("Bedrock: unapproved models and calls without the guardrail are denied", () => {
    const guard = { "bedrock:GuardrailIdentifier": spec.guardrails.bedrock!.guardrail! };
    const sonnet = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0";
    assert.equal(carol.evaluate(request("carol", "bedrock:InvokeModel", sonnet, guard)).decision, "Allowed");
    assert.notEqual(carol.evaluate(request("carol", "bedrock:InvokeModel", sonnet)).decision, "Allowed");
    const opus = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-opus-20240229-v1:0";
    assert.notEqual(carol.evaluate(request("carol", "bedrock:InvokeModel", opus, guard)).decision, "Allowed");
    const titan = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0";
    assert.notEqual(alice.evaluate(request("alice", "bedrock:InvokeModel", titan, guard)).decision, "Allowed");
  });

  // AWS IAM User Guide, "Allows MFA-authenticated IAM users to manage their own MFA device".
  test("without MFA everything but MFA setup is denied", () => {
    const obj = "arn:aws:s3:::acme-ai-datasets/imagenet/x.JPEG";
    const noMfa = { "aws:MultiFactorAuthPresent": "false" };
    assert.equal(alice.evaluate(request("alice", "s3:GetObject", obj, noMfa)).decision, "ExplicitlyDenied");
    const mfa = `arn:aws:iam::${ACCOUNT}:mfa/alice`;
    assert.equal(alice.evaluate(request("alice", "iam:CreateVirtualMFADevice", mfa, noMfa)).decision, "Allowed");
    // A user under a path (as the compiler creates them) still manages their own MFA.
    const pathed = {
      ...request("alice", "iam:EnableMFADevice", `arn:aws:iam::${ACCOUNT}:user/ai-iam/acme-ai/vision/alice`, noMfa),
      principal: `arn:aws:iam::${ACCOUNT}:user/ai-iam/acme-ai/vision/alice`,
    };
    assert.equal(alice.evaluate(pathed).decision, "Allowed");
    const bobsUser = `arn:aws:iam::${ACCOUNT}:user/ai-iam/acme-ai/vision/bob`;
    assert.notEqual(alice.evaluate({ ...pathed, resource: bobsUser }).decision, "Allowed");
    const bobsMfa = `arn:aws:iam::${ACCOUNT}:mfa/bob`;
    assert.notEqual(alice.evaluate(request("alice", "iam:CreateVirtualMFADevice", bobsMfa, noMfa)).decision, "Allowed");
  });

  test("IAM and the guardrails themselves cannot be changed", () => {
    const self = `arn:aws:iam::${ACCOUNT}:user/alice`;
    for (const action of ["iam:DeleteUserPermissionsBoundary", "iam:AttachUserPolicy", "iam:PutUserPolicy"]) {
      assert.equal(bob.evaluate(request("bob", action, self)).decision, "ExplicitlyDenied", action);
    }
    const boundary = `arn:aws:iam::${ACCOUNT}:policy/ai-iam/acme-ai/vision/vision-boundary`;
    assert.equal(bob.evaluate(request("bob", "iam:CreatePolicyVersion", boundary)).decision, "ExplicitlyDenied");
  });

  test("the execution role reads its datasets and writes its logs, nothing of another team", () => {
    const as = executionRoleOf("vision");
    assert.equal(as("s3:GetObject", "arn:aws:s3:::acme-ai-datasets/imagenet/a.JPEG"), "Allowed");
    assert.notEqual(as("s3:GetObject", "arn:aws:s3:::acme-ai-datasets/support/a.json"), "Allowed");
    const stream = (job: string) =>
      `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/sagemaker/TrainingJobs:log-stream:${job}/algo-1`;
    assert.equal(as("logs:PutLogEvents", stream(teamResourceName("vision", "x"))), "Allowed");
    assert.notEqual(as("logs:PutLogEvents", stream(teamResourceName("nlp", "x"))), "Allowed");
    assert.notEqual(as("sagemaker:CreateTrainingJob", sm("training-job/x")), "Allowed");
  });

  // SageMaker Developer Guide, "Give SageMaker AI Access to Resources in your Amazon VPC": the
  // execution role creates and deletes the network interfaces of VPC jobs.
  test("the execution role creates network interfaces in the team's subnets and groups only", () => {
    const as = executionRoleOf("vision");
    const ec2 = (resource: string) => `arn:aws:ec2:us-east-1:${ACCOUNT}:${resource}`;
    const ownSubnet = ec2("subnet/subnet-0a1b2c3d4e5f60718");
    const otherSubnet = ec2("subnet/subnet-0fffffffffffffff0");
    // CreateNetworkInterface: the new interface, the subnet and the security group.
    assert.equal(as("ec2:CreateNetworkInterface", ec2("network-interface/*")), "Allowed");
    assert.equal(as("ec2:CreateNetworkInterface", ownSubnet), "Allowed");
    assert.equal(as("ec2:CreateNetworkInterface", ec2("security-group/sg-0123456789abcdef0")), "Allowed");
    assert.notEqual(as("ec2:CreateNetworkInterface", otherSubnet), "Allowed");
    assert.notEqual(as("ec2:CreateNetworkInterface", ec2("security-group/sg-0fffffffffffffff0")), "Allowed");
    // Existing interfaces: only those in the team's subnets.
    const eni = ec2("network-interface/eni-0123456789abcdef0");
    for (const action of [
      "ec2:CreateNetworkInterfacePermission",
      "ec2:DeleteNetworkInterface",
      "ec2:DeleteNetworkInterfacePermission",
    ]) {
      assert.equal(as(action, eni, { "ec2:Subnet": ownSubnet }), "Allowed", action);
      assert.notEqual(as(action, eni, { "ec2:Subnet": otherSubnet }), "Allowed", action);
      assert.notEqual(as(action, eni), "Allowed", action);
    }
    // Metrics only in SageMaker's namespaces.
    const metrics = { "cloudwatch:namespace": "/aws/sagemaker/TrainingJobs" };
    assert.equal(as("cloudwatch:PutMetricData", "*", metrics), "Allowed");
    assert.notEqual(as("cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "AWS/EC2" }), "Allowed");
    // It launches no instance.
    assert.notEqual(as("ec2:RunInstances", ec2("instance/*")), "Allowed");
  });
});
