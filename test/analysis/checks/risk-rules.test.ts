import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { allRules } from "../../../src/analysis/checks/rules/index.js";
import { checkDocument, checkModel } from "../../../src/analysis/checks/runner.js";
import type { AccessModel, ModelPolicy, ModelPrincipal } from "../../../src/model/types.js";
import type { PolicyDocument, Statement } from "../../../src/policy/types.js";

const V = "2012-10-17";
const doc = (...Statement: Statement[]): PolicyDocument => ({ Version: V, Statement });
const allow = (Action: string[], Resource: string[] = ["*"], extra: Partial<Statement> = {}): Statement => ({
  Effect: "Allow",
  Action,
  Resource,
  ...extra,
});
const deny = (Action: string[], Resource: string[] = ["*"], extra: Partial<Statement> = {}): Statement => ({
  Effect: "Deny",
  Action,
  Resource,
  ...extra,
});
const rule = (id: string) => {
  const r = allRules.find((x) => x.meta.id === id);
  if (!r) throw new Error(id);
  return [r];
};
const run = (id: string, d: PolicyDocument) => checkDocument(d, { kind: "identity", rules: rule(id), policyName: "p" });

describe("risk rules over effective permissions (one identity policy)", () => {
  test("privilege-escalation: iam:CreatePolicyVersion on * is flagged, at the granting statement", () => {
    const f = run("privilege-escalation", doc(allow(["s3:ListAllMyBuckets"]), allow(["iam:CreatePolicyVersion"])));
    assert.equal(f.length, 1);
    assert.match(f[0].message, /iam:CreatePolicyVersion/);
    assert.equal(f[0].statement, 1);
    assert.equal(f[0].category, "privilege-escalation");
  });
  test("privilege-escalation: a Deny on the same action removes the risk (effective, not per statement)", () => {
    assert.deepEqual(run("privilege-escalation", doc(allow(["iam:*"]), deny(["iam:*"]))), []);
  });
  test("privilege-escalation: scoped to the principal's own user (aws:username variable) is not flagged", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable
    const f = run("privilege-escalation", doc(allow(["iam:CreateAccessKey"], ["arn:aws:iam::*:user/${aws:username}"])));
    assert.deepEqual(f, []);
  });
  test("privilege-escalation: PassRole + RunInstances needs both; PassedToService limited to SageMaker is not an EC2 path", () => {
    assert.equal(run("privilege-escalation", doc(allow(["iam:PassRole", "ec2:RunInstances"]))).length, 1);
    assert.deepEqual(run("privilege-escalation", doc(allow(["ec2:RunInstances"]))), []);
    const scoped = allow(["iam:PassRole"], ["*"], {
      Condition: { StringEquals: { "iam:PassedToService": ["sagemaker.amazonaws.com"] } },
    });
    assert.deepEqual(run("privilege-escalation", doc(scoped, allow(["ec2:RunInstances"]))), []);
  });
  test("ai-privilege-escalation: CreateTrainingJob + PassRole to SageMaker", () => {
    const scoped = allow(["iam:PassRole"], ["*"], {
      Condition: { StringEquals: { "iam:PassedToService": ["sagemaker.amazonaws.com"] } },
    });
    const f = run("ai-privilege-escalation", doc(scoped, allow(["sagemaker:CreateTrainingJob"])));
    assert.ok(f.some((x) => /CreateTrainingJob/.test(x.message)));
    // Passing only the team's own role: no path through the probe role.
    const own = allow(["iam:PassRole"], ["arn:aws:iam::123456789012:role/team-exec"]);
    assert.deepEqual(run("ai-privilege-escalation", doc(own, allow(["sagemaker:CreateTrainingJob"]))), []);
  });
  test("ai-privilege-escalation: presigned domain URL on someone else's profile, not on one's own", () => {
    assert.equal(run("ai-privilege-escalation", doc(allow(["sagemaker:CreatePresignedDomainUrl"]))).length, 1);
    const own = allow(
      ["sagemaker:CreatePresignedDomainUrl"],
      ["arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-1/alice"],
    );
    assert.deepEqual(run("ai-privilege-escalation", doc(own)), []);
  });
  test("data-exfiltration: s3:GetObject on * is flagged, on a named bucket is not", () => {
    assert.equal(run("data-exfiltration", doc(allow(["s3:GetObject"]))).length, 1);
    assert.deepEqual(run("data-exfiltration", doc(allow(["s3:GetObject"], ["arn:aws:s3:::team-data/*"]))), []);
  });
  test("data-exfiltration: kms:Decrypt on * (default key policy assumed); a condition on the resource tag scopes it", () => {
    assert.equal(run("data-exfiltration", doc(allow(["kms:Decrypt"]))).length, 1);
    const tagged = allow(["kms:Decrypt"], ["*"], {
      Condition: { StringEquals: { "aws:ResourceTag/team": ["vision"] } },
    });
    assert.deepEqual(run("data-exfiltration", doc(tagged)), []);
  });
  test("credentials-exposure: iam:CreateAccessKey on any user; sts:GetFederationToken", () => {
    const f = run("credentials-exposure", doc(allow(["iam:CreateAccessKey", "sts:GetFederationToken"])));
    assert.equal(f.length, 1);
    assert.match(f[0].message, /iam:CreateAccessKey/);
    assert.match(f[0].message, /sts:GetFederationToken/);
    assert.deepEqual(run("credentials-exposure", doc(allow(["ecr:GetAuthorizationToken"]))), []);
  });
  test("resource-exposure: s3:PutBucketPolicy on *; not on the team's bucket", () => {
    assert.match(run("resource-exposure", doc(allow(["s3:PutBucketPolicy"])))[0].message, /s3:PutBucketPolicy/);
    assert.deepEqual(run("resource-exposure", doc(allow(["s3:PutBucketPolicy"], ["arn:aws:s3:::team"]))), []);
  });
  test("infrastructure-modification: write actions on *, grouped per statement", () => {
    const f = run(
      "infrastructure-modification",
      doc(allow(["sagemaker:DeleteEndpoint"]), allow(["ec2:TerminateInstances"])),
    );
    assert.equal(f.length, 2);
    assert.deepEqual(
      f.map((x) => x.statement),
      [0, 1],
    );
    assert.deepEqual(run("infrastructure-modification", doc(allow(["sagemaker:List*", "s3:ListAllMyBuckets"]))), []);
  });
  // AWS authorizes an action against each of its required resource types (Service Authorization
  // Reference: ec2:CreateNetworkInterface needs network-interface* and subnet*), so a grant whose
  // subnet is scoped is not "on any resource", even with the new interface on network-interface/*.
  test("infrastructure-modification: an action is open only when every required resource type is", () => {
    const ec2 = (r: string) => `arn:aws:ec2:us-east-1:123456789012:${r}`;
    const open = run("infrastructure-modification", doc(allow(["ec2:CreateNetworkInterface"])));
    assert.match(open[0]?.message ?? "", /ec2:CreateNetworkInterface/);
    const scoped = doc(
      allow(["ec2:CreateNetworkInterface"], [ec2("network-interface/*"), ec2("subnet/subnet-0a1b2c3d4e5f60718")]),
    );
    assert.deepEqual(run("infrastructure-modification", scoped), []);
  });
  test("risk rules do not run on a boundary or a resource policy", () => {
    assert.deepEqual(
      checkDocument(doc(allow(["iam:*"])), { kind: "boundary", rules: rule("privilege-escalation") }),
      [],
    );
  });
});

function principal(id: string, kind: ModelPrincipal["kind"], extra: Partial<ModelPrincipal> = {}): ModelPrincipal {
  const name = id.replace("/", "-");
  const arn = `arn:aws:iam::111122223333:${kind === "user" ? "user" : "role"}/${name}`;
  return { id, kind, name, arn, tags: {}, groups: [], managedPolicies: [], inlinePolicies: [], ...extra };
}
function policy(id: string, document: PolicyDocument, extra: Partial<ModelPolicy> = {}): ModelPolicy {
  return { id, name: id.replace("/", "-"), kind: "managed", policyType: "identity", document, size: 0, ...extra };
}
function model(principals: ModelPrincipal[], policies: ModelPolicy[], groups: AccessModel["groups"] = []): AccessModel {
  return {
    source: { kind: "spec", path: "t.yaml" },
    account: "111122223333",
    partition: "aws",
    region: "us-east-1",
    principals,
    groups,
    policies,
    resourcePolicies: [],
  };
}

describe("model rules", () => {
  const trustSageMaker = policy(
    "exec/trust",
    doc({ Effect: "Allow", Principal: { Service: ["sagemaker.amazonaws.com"] }, Action: ["sts:AssumeRole"] }),
    { kind: "trust", policyType: "trust" },
  );
  test("pass-role-to-more-privileged: a scientist passing an execution role that reads every bucket", () => {
    const m = model(
      [
        principal("vision/alice", "user", { managedPolicies: ["alice"] }),
        principal("vision/exec", "role", {
          managedPolicies: ["exec"],
          trustPolicy: "exec/trust",
          service: "sagemaker",
        }),
      ],
      [
        policy(
          "alice",
          doc(
            allow(["iam:PassRole"], ["arn:aws:iam::111122223333:role/vision-exec"]),
            allow(["s3:GetObject"], ["arn:aws:s3:::vision/*"]),
          ),
        ),
        policy("exec", doc(allow(["s3:GetObject"]))),
        trustSageMaker,
      ],
    );
    const f = checkModel(m, { rules: rule("pass-role-to-more-privileged") });
    assert.equal(f.length, 1);
    assert.equal(f[0].principal, "vision/alice");
    assert.match(f[0].message, /s3:GetObject/);
    // Same access on both sides: nothing to gain.
    // (The model caches its indexes: change the document in place.)
    m.policies[1].document.Statement[0].Resource = ["arn:aws:s3:::vision/*"];
    assert.deepEqual(checkModel(m, { rules: rule("pass-role-to-more-privileged") }), []);
  });
  test("pass-role-to-more-privileged: a role scoped to a bucket the passer cannot read is more privileged", () => {
    const m = model(
      [
        principal("vision/alice", "user", { managedPolicies: ["alice"] }),
        principal("vision/exec", "role", { managedPolicies: ["exec"] }),
      ],
      [
        policy(
          "alice",
          doc(
            allow(["iam:PassRole"], ["arn:aws:iam::111122223333:role/vision-exec"]),
            allow(["s3:GetObject"], ["arn:aws:s3:::vision/*"]),
          ),
        ),
        policy("exec", doc(allow(["s3:GetObject"], ["arn:aws:s3:::secret-datasets/*"]))),
      ],
    );
    const f = checkModel(m, { rules: rule("pass-role-to-more-privileged") });
    assert.match(f[0]?.message ?? "", /allowed 1 action vision-alice is not: s3:GetObject/);
    // The passer reading that bucket too: nothing to gain.
    m.policies[0].document.Statement[1].Resource = ["arn:aws:s3:::vision/*", "arn:aws:s3:::secret-*"];
    assert.deepEqual(checkModel(m, { rules: rule("pass-role-to-more-privileged") }), []);
  });
  test('quotas: 11 managed policies on a role, 11 groups for a user (AWS: IAM User Guide, "IAM and AWS STS quotas")', () => {
    const ids = Array.from({ length: 11 }, (_, i) => `p${i}`);
    const m = model(
      [principal("r", "role", { managedPolicies: ids }), principal("u", "user", { groups: ids })],
      ids.map((id) => policy(id, doc(allow(["s3:ListAllMyBuckets"])))),
    );
    assert.match(checkModel(m, { rules: rule("too-many-managed-policies") })[0].message, /11 managed policies/);
    assert.match(checkModel(m, { rules: rule("too-many-groups") })[0].message, /11 groups/);
    m.principals[0].managedPolicies = ids.slice(0, 10);
    assert.deepEqual(checkModel(m, { rules: rule("too-many-managed-policies") }), []);
    // Users and groups too; 10 groups is within the quota.
    m.principals[1].managedPolicies = ids;
    m.groups.push({
      id: "g",
      name: "g",
      arn: "arn:aws:iam::111122223333:group/g",
      managedPolicies: ids,
      inlinePolicies: [],
    });
    assert.deepEqual(
      checkModel(m, { rules: rule("too-many-managed-policies") }).map((f) => f.message),
      [
        "group g has 11 managed policies attached; IAM allows 10",
        "user u has 11 managed policies attached; IAM allows 10",
      ],
    );
    m.principals[1].groups = ids.slice(0, 10);
    assert.deepEqual(checkModel(m, { rules: rule("too-many-groups") }), []);
  });
  test('inline-policies-size: a user\'s inline policies are limited together (2,048), not one by one (AWS: IAM User Guide, "IAM and AWS STS quotas")', () => {
    const big = (n: number) => doc(allow(Array.from({ length: n }, (_, i) => `s3:GetObject${"x".repeat(i % 3)}`)));
    const one = policy("i1", big(80), { kind: "inline-user" });
    const two = policy("i2", big(80), { kind: "inline-user" });
    assert.ok(one.document && JSON.stringify(one.document).length < 2048, "each fits alone");
    const m = model([principal("u", "user", { inlinePolicies: ["i1", "i2"] })], [one, two]);
    assert.match(
      checkModel(m, { rules: rule("inline-policies-size") })[0]?.message ?? "",
      /u's 2 inline policies are \d+ characters together; IAM allows 2048/,
    );
    m.principals[0].kind = "role";
    assert.deepEqual(checkModel(m, { rules: rule("inline-policies-size") }), []);
  });
  test("identity hygiene: policies on a user, IAM users for people, no MFA guardrail", () => {
    const m = model(
      [principal("u", "user", { managedPolicies: ["p"], human: true })],
      [policy("p", doc(allow(["s3:ListAllMyBuckets"])))],
    );
    assert.equal(checkModel(m, { rules: rule("user-attached-policies") }).length, 1);
    assert.equal(checkModel(m, { rules: rule("iam-user-for-human") }).length, 1);
    assert.equal(checkModel(m, { rules: rule("no-mfa-guardrail") }).length, 1);
    // The documented guardrail: deny everything but MFA set-up unless MFA is present.
    m.policies[0].document.Statement.push({
      Effect: "Deny",
      NotAction: ["iam:ChangePassword", "iam:EnableMFADevice", "sts:GetSessionToken"],
      Resource: ["*"],
      Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": ["false"] } },
    });
    assert.deepEqual(checkModel(m, { rules: rule("no-mfa-guardrail") }), []);
    // A grant scoped to one bucket (the seed program's user) is open without MFA too.
    const scoped = model(
      [principal("u", "user", { managedPolicies: ["p"], human: true })],
      [policy("p", doc(allow(["s3:ListBucket", "s3:GetObject"], ["arn:aws:s3:::team", "arn:aws:s3:::team/*"])))],
    );
    assert.match(
      checkModel(scoped, { rules: rule("no-mfa-guardrail") })[0]?.message ?? "",
      /s3:(GetObject|ListBucket) on arn:aws:s3:::team/,
    );
    const roles = model(
      [principal("r", "role", { managedPolicies: ["p"] })],
      [policy("p", doc(allow(["s3:ListAllMyBuckets"])))],
    );
    assert.deepEqual(
      checkModel(roles, { rules: [...rule("user-attached-policies"), ...rule("iam-user-for-human")] }),
      [],
    );
  });
  test("a boundary that removes the risk is honoured on a model principal", () => {
    const m = model(
      [principal("r", "role", { managedPolicies: ["admin"], boundary: "b" })],
      [
        policy("admin", doc(allow(["*"]))),
        policy("b", doc(allow(["s3:ListAllMyBuckets"])), { kind: "boundary", policyType: "boundary" }),
      ],
    );
    assert.deepEqual(checkModel(m, { rules: rule("privilege-escalation") }), []);
    m.principals[0].boundary = undefined;
    assert.ok(checkModel(m, { rules: rule("privilege-escalation") }).length > 5);
  });
});
