import assert from "node:assert/strict";
import { test } from "node:test";
import { DiagnosticsError } from "../../src/diagnostics/index.js";
import { policySetForPrincipal, principalContext, requestFor } from "../../src/model/policy-set.js";
import { plannedResources } from "../../src/model/resources.js";
import type { AccessModel, ModelPolicy } from "../../src/model/types.js";

function policy(
  id: string,
  kind: ModelPolicy["kind"],
  policyType: ModelPolicy["policyType"],
  action: string,
): ModelPolicy {
  return {
    id,
    name: id.replace(/\//g, "-"),
    kind,
    policyType,
    document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: [action], Resource: ["*"] }] },
    size: 0,
  };
}

const model: AccessModel = {
  source: { kind: "spec", path: "test" },
  account: "111122223333",
  partition: "aws",
  region: "eu-west-1",
  principals: [
    {
      id: "vision/alice",
      kind: "user",
      name: "alice",
      arn: "arn:aws:iam::111122223333:user/alice",
      tags: { team: "vision" },
      groups: ["vision/data-scientist"],
      managedPolicies: ["direct"],
      inlinePolicies: [],
      boundary: "vision/boundary",
    },
    {
      id: "vision/execution-role",
      kind: "role",
      name: "exec",
      arn: "arn:aws:iam::111122223333:role/exec",
      tags: {},
      groups: [],
      managedPolicies: [],
      inlinePolicies: ["exec/inline"],
      trustPolicy: "exec/trust",
    },
  ],
  groups: [
    {
      id: "vision/data-scientist",
      name: "ds",
      arn: "arn:aws:iam::111122223333:group/ds",
      managedPolicies: ["vision/data-scientist/policy-1"],
      inlinePolicies: [],
    },
  ],
  policies: [
    policy("direct", "managed", "identity", "s3:ListAllMyBuckets"),
    policy("exec/inline", "inline-role", "identity", "logs:PutLogEvents"),
    policy("exec/trust", "trust", "trust", "sts:AssumeRole"),
    policy("bucket", "resource", "resource", "s3:GetObject"),
    policy("vision/boundary", "boundary", "boundary", "s3:*"),
    policy("vision/data-scientist/policy-1", "managed", "identity", "s3:GetObject"),
  ],
  resourcePolicies: [{ id: "bucket", resourceArn: "arn:aws:s3:::data", policyId: "bucket" }],
};

test("a user's policy set holds its own and its groups' policies, and its boundary", () => {
  const set = policySetForPrincipal(model, "vision/alice");
  assert.deepEqual(
    set.identityPolicies.map((p) => p.name),
    ["direct", "vision-data-scientist-policy-1"],
  );
  assert.deepEqual(
    set.permissionBoundaries?.map((p) => p.name),
    ["vision-boundary"],
  );
  assert.equal(set.resourcePolicy, undefined);
});

test("a bucket policy governs the bucket and its objects, not other buckets", () => {
  assert.equal(
    policySetForPrincipal(model, "vision/alice", { action: "s3:GetObject", resource: "arn:aws:s3:::data/x" })
      .resourcePolicy?.name,
    "bucket",
  );
  assert.equal(
    policySetForPrincipal(model, "vision/alice", { action: "s3:GetObject", resource: "arn:aws:s3:::database/x" })
      .resourcePolicy,
    undefined,
  );
});

test("sts:AssumeRole on a role of the model takes the role's trust policy as the resource policy", () => {
  const set = policySetForPrincipal(model, "vision/alice", {
    action: "sts:AssumeRole",
    resource: "arn:aws:iam::111122223333:role/exec",
  });
  assert.equal(set.resourcePolicy?.name, "exec-trust");
});

test("every action a trust policy governs takes the role's trust policy (sts:TagSession, SetSourceIdentity, SetContext)", () => {
  // IAM User Guide, "Passing session tags in AWS STS": the role's trust policy must allow
  // sts:TagSession; the same holds for sts:SetSourceIdentity and sts:SetContext.
  for (const action of ["sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext", "sts:AssumeRoleWithWebIdentity"]) {
    const set = policySetForPrincipal(model, "vision/alice", {
      action,
      resource: "arn:aws:iam::111122223333:role/exec",
    });
    assert.equal(set.resourcePolicy?.name, "exec-trust", action);
  }
  const other = policySetForPrincipal(model, "vision/alice", {
    action: "sts:GetCallerIdentity",
    resource: "arn:aws:iam::111122223333:role/exec",
  });
  assert.equal(other.resourcePolicy, undefined);
});

test("a user's default context names the user, its tags, MFA and the region; roles act as sessions", () => {
  const ctx = principalContext(model, "vision/alice");
  assert.equal(ctx["aws:username"], "alice");
  assert.equal(ctx["aws:PrincipalTag/team"], "vision");
  assert.equal(ctx["aws:MultiFactorAuthPresent"], "true");
  assert.equal(ctx["aws:RequestedRegion"], "eu-west-1");
  const req = requestFor(model, "vision/execution-role", "s3:GetObject", "arn:aws:s3:::data/x", {
    "aws:RequestedRegion": "us-east-1",
  });
  assert.equal(req.principal, "arn:aws:sts::111122223333:assumed-role/exec/session");
  assert.equal(req.context?.["aws:RequestedRegion"], "us-east-1");
  assert.equal(req.context?.["aws:username"], undefined);
  // The library's error for input it cannot decide (issue 14: requestFor threw a bare Error),
  // with the id meant.
  for (const call of [
    () => principalContext(model, "vision/alcie"),
    () => requestFor(model, "vision/alcie", "s3:GetObject", "*"),
    () => policySetForPrincipal(model, "vision/alcie"),
  ]) {
    assert.throws(
      call,
      (e: unknown) =>
        e instanceof DiagnosticsError &&
        e.diagnostics[0]?.code === "request-unknown-principal" &&
        /no principal "vision\/alcie" in the model; did you mean "vision\/alice"\?/.test(e.diagnostics[0].message),
    );
  }
});

test("planned resources follow stable logical names and never list inline or trust policies standalone", () => {
  const names = plannedResources(model).map((r) => `${r.type} ${r.name}`);
  assert.ok(names.includes("aws:iam/user:User vision.alice"));
  assert.ok(names.includes("aws:iam/userGroupMembership:UserGroupMembership vision.alice--groups"));
  assert.ok(names.includes("aws:iam/rolePolicy:RolePolicy vision.execution-role--exec.inline"));
  assert.ok(names.includes("aws:iam/policy:Policy vision.boundary"));
  assert.ok(!names.some((n) => n.endsWith(" exec-trust")));
  const shuffled = { ...model, principals: [...model.principals].reverse(), policies: [...model.policies].reverse() };
  assert.deepEqual(plannedResources(shuffled), plannedResources(model));
});
