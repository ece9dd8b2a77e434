import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { buildModel, type CapturedResource } from "../../../src/input/capture/model/build.js";
import { unknownMark } from "../../../src/model/unknown-mark.js";

// One test per IAM shape of @pulumi/aws: the resources as capture records them (inputs merged with
// the state the mocks return), and the AccessModel they must become.
const A = "123456789012";
const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const allow = (action: string, resource = "*") => ({ Effect: "Allow", Action: action, Resource: resource });
const role = (name: string, extra: Record<string, unknown> = {}): CapturedResource => ({
  type: "aws:iam/role:Role",
  name,
  props: {
    name,
    arn: `arn:aws:iam::${A}:role/${name}`,
    assumeRolePolicy: doc([
      { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]),
    ...extra,
  },
});
const user = (name: string, extra: Record<string, unknown> = {}): CapturedResource => ({
  type: "aws:iam/user:User",
  name,
  props: { name, arn: `arn:aws:iam::${A}:user/${name}`, ...extra },
});
const group = (name: string): CapturedResource => ({
  type: "aws:iam/group:Group",
  name,
  props: { name, arn: `arn:aws:iam::${A}:group/${name}` },
});
const policy = (name: string, statements: object[]): CapturedResource => ({
  type: "aws:iam/policy:Policy",
  name,
  props: { name, arn: `arn:aws:iam::${A}:policy/${name}`, policy: doc(statements) },
});
const build = (resources: CapturedResource[]) =>
  buildModel(resources, {
    account: A,
    region: "us-east-1",
    source: { kind: "program", path: "p" },
    file: "p/index.ts",
  });
const principal = (m: ReturnType<typeof build>["model"], id: string) => {
  const p = m.principals.find((x) => x.id === id) ?? m.groups.find((x) => x.id === id);
  assert.ok(p, id);
  return p;
};

describe("principals and managed policies", () => {
  test("Role: trust policy, inlinePolicies and managedPolicyArns (AWS managed ones resolved offline)", () => {
    const { model, diagnostics } = build([
      role("fn", {
        inlinePolicies: [{ name: "logs", policy: doc([allow("logs:PutLogEvents")]) }],
        managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
      }),
    ]);
    assert.deepEqual(diagnostics, []);
    const fn = principal(model, "fn");
    assert.ok("trustPolicy" in fn && fn.trustPolicy === "fn--trust");
    assert.equal("service" in fn && fn.service, "lambda.amazonaws.com");
    assert.deepEqual(fn.inlinePolicies, ["fn--logs"]);
    assert.deepEqual(fn.managedPolicies, ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]);
    const aws = model.policies.find((p) => p.id === fn.managedPolicies[0]);
    assert.equal(aws?.kind, "aws-managed");
    assert.deepEqual(aws?.document.Statement[0]?.Action, [
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]);
  });

  test("User and Group; a Policy used only as a boundary becomes a boundary", () => {
    const { model } = build([
      policy("edge", [allow("s3:*")]),
      user("ana", { permissionsBoundary: `arn:aws:iam::${A}:policy/edge`, tags: { team: "x" } }),
      group("devs"),
    ]);
    const ana = principal(model, "ana");
    assert.equal("boundary" in ana && ana.boundary, "edge");
    assert.equal(model.policies.find((p) => p.id === "edge")?.kind, "boundary");
    assert.deepEqual("tags" in ana && ana.tags, { team: "x" });
    assert.ok(model.groups.some((g) => g.id === "devs"));
  });
});

describe("attachments", () => {
  test("UserPolicyAttachment, GroupPolicyAttachment, RolePolicyAttachment (by name, by ARN)", () => {
    const { model } = build([
      policy("read", [allow("s3:GetObject")]),
      user("ana"),
      group("devs"),
      role("fn"),
      {
        type: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        name: "a",
        props: { user: "ana", policyArn: `arn:aws:iam::${A}:policy/read` },
      },
      {
        type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
        name: "b",
        props: { group: "devs", policyArn: `arn:aws:iam::${A}:policy/read` },
      },
      {
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: "c",
        props: { role: "fn", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
      },
    ]);
    assert.deepEqual(principal(model, "ana").managedPolicies, ["read"]);
    assert.deepEqual(principal(model, "devs").managedPolicies, ["read"]);
    assert.deepEqual(principal(model, "fn").managedPolicies, ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
  });

  test("PolicyAttachment: one policy on users, groups and roles", () => {
    const { model } = build([
      policy("read", [allow("s3:GetObject")]),
      user("ana"),
      group("devs"),
      role("fn"),
      {
        type: "aws:iam/policyAttachment:PolicyAttachment",
        name: "all",
        props: { policyArn: `arn:aws:iam::${A}:policy/read`, users: ["ana"], groups: ["devs"], roles: ["fn"] },
      },
    ]);
    for (const id of ["ana", "devs", "fn"]) assert.deepEqual(principal(model, id).managedPolicies, ["read"], id);
  });

  test("a policy ARN outside the program, or a misspelt AWS managed one, is attached as unknown and reported", () => {
    const { model, diagnostics } = build([
      role("fn"),
      {
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: "a",
        props: { role: "fn", policyArn: `arn:aws:iam::${A}:policy/legacy` },
      },
      {
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: "b",
        props: { role: "fn", policyArn: "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole" },
      },
    ]);
    const legacy = model.policies.find((p) => p.id === `arn:aws:iam::${A}:policy/legacy`);
    assert.equal(legacy?.unknown?.whole, true);
    assert.equal(
      model.policies.find((p) => p.id === "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole")?.unknown?.whole,
      true,
    );
    assert.ok(
      diagnostics.some(
        (d) =>
          d.code === "capture-external-policy" &&
          /did you mean "arn:aws:iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole"\?/.test(d.message),
      ),
    );
  });
});

describe("inline policies and memberships", () => {
  test("UserPolicy, GroupPolicy and RolePolicy, as JSON text or an object", () => {
    const { model } = build([
      user("ana"),
      group("devs"),
      role("fn"),
      {
        type: "aws:iam/userPolicy:UserPolicy",
        name: "u",
        props: { user: "ana", policy: doc([allow("s3:GetObject")]) },
      },
      {
        type: "aws:iam/groupPolicy:GroupPolicy",
        name: "g",
        props: { group: "devs", name: "g-name", policy: doc([allow("s3:PutObject")]) },
      },
      {
        type: "aws:iam/rolePolicy:RolePolicy",
        name: "r",
        props: { role: "fn", policy: { Version: "2012-10-17", Statement: [allow("sqs:*")] } },
      },
    ]);
    assert.deepEqual(principal(model, "ana").inlinePolicies, ["u"]);
    assert.deepEqual(principal(model, "devs").inlinePolicies, ["g"]);
    assert.equal(model.policies.find((p) => p.id === "g")?.name, "g-name");
    assert.deepEqual(principal(model, "fn").inlinePolicies, ["r"]);
    assert.equal(model.policies.find((p) => p.id === "r")?.kind, "inline-role");
  });

  test("UserGroupMembership and GroupMembership", () => {
    const { model } = build([
      user("ana"),
      user("ben"),
      group("a"),
      group("b"),
      {
        type: "aws:iam/userGroupMembership:UserGroupMembership",
        name: "m1",
        props: { user: "ana", groups: ["a", "b"] },
      },
      { type: "aws:iam/groupMembership:GroupMembership", name: "m2", props: { group: "b", users: ["ben"] } },
    ]);
    assert.deepEqual(model.principals.find((p) => p.id === "ana")?.groups, ["a", "b"]);
    assert.deepEqual(model.principals.find((p) => p.id === "ben")?.groups, ["b"]);
  });

  test("InstanceProfile: the role instances run as", () => {
    const { model } = build([
      role("web"),
      {
        type: "aws:iam/instanceProfile:InstanceProfile",
        name: "p",
        props: { name: "web-profile", role: "web", arn: `arn:aws:iam::${A}:instance-profile/web-profile` },
      },
    ]);
    assert.deepEqual(model.instanceProfiles, [
      { id: "p", name: "web-profile", arn: `arn:aws:iam::${A}:instance-profile/web-profile`, roles: ["web"] },
    ]);
  });
});

describe("exclusive management", () => {
  test("RolePolicyAttachmentsExclusive: the role's managed policies are exactly the list", () => {
    const { model, diagnostics } = build([
      policy("extra", [allow("s3:*")]),
      role("fn"),
      {
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: "a",
        props: { role: "fn", policyArn: `arn:aws:iam::${A}:policy/extra` },
      },
      {
        type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
        name: "x",
        props: { roleName: "fn", policyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
      },
    ]);
    assert.deepEqual(principal(model, "fn").managedPolicies, ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    assert.ok(diagnostics.some((d) => d.code === "capture-exclusive-removes" && d.message.includes("policy/extra")));
  });

  test("User/GroupPoliciesExclusive and RolePoliciesExclusive keep only the named inline policies, and say what they remove", () => {
    const { model, diagnostics } = build([
      user("ana"),
      {
        type: "aws:iam/userPolicy:UserPolicy",
        name: "keep",
        props: { user: "ana", name: "keep", policy: doc([allow("s3:GetObject")]) },
      },
      {
        type: "aws:iam/userPolicy:UserPolicy",
        name: "drop",
        props: { user: "ana", name: "drop", policy: doc([allow("s3:*")]) },
      },
      {
        type: "aws:iam/userPoliciesExclusive:UserPoliciesExclusive",
        name: "x",
        props: { userName: "ana", policyNames: ["keep"] },
      },
    ]);
    assert.deepEqual(principal(model, "ana").inlinePolicies, ["keep"]);
    assert.ok(diagnostics.some((d) => d.code === "capture-exclusive-removes" && d.message.includes("drop")));
  });
});

describe("resource-based policies", () => {
  const grant = (resource: string) => ({
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${A}:role/fn` },
    Action: "*",
    Resource: resource,
  });
  test("BucketPolicy, KeyPolicy, a Key's and a Queue's own policy, QueuePolicy, TopicPolicy, SecretPolicy", () => {
    const { model, diagnostics } = build([
      {
        type: "aws:s3/bucketPolicy:BucketPolicy",
        name: "bp",
        props: { bucket: "data", policy: doc([grant("arn:aws:s3:::data/*")]) },
      },
      {
        type: "aws:kms/key:Key",
        name: "k1",
        props: { arn: `arn:aws:kms:us-east-1:${A}:key/1`, keyId: "1", policy: doc([grant("*")]) },
      },
      { type: "aws:kms/key:Key", name: "k2", props: { arn: `arn:aws:kms:us-east-1:${A}:key/2`, keyId: "2" } },
      { type: "aws:kms/keyPolicy:KeyPolicy", name: "kp", props: { keyId: "2", policy: doc([grant("*")]) } },
      {
        type: "aws:sqs/queue:Queue",
        name: "q1",
        props: { arn: `arn:aws:sqs:us-east-1:${A}:q1`, policy: doc([grant("*")]) },
      },
      {
        type: "aws:sqs/queuePolicy:QueuePolicy",
        name: "qp",
        props: { queueUrl: `https://sqs.us-east-1.amazonaws.com/${A}/q2`, policy: doc([grant("*")]) },
      },
      {
        type: "aws:sns/topicPolicy:TopicPolicy",
        name: "tp",
        props: { arn: `arn:aws:sns:us-east-1:${A}:t`, policy: doc([grant("*")]) },
      },
      {
        type: "aws:secretsmanager/secretPolicy:SecretPolicy",
        name: "sp",
        props: { secretArn: `arn:aws:secretsmanager:us-east-1:${A}:secret:s-abcdef`, policy: doc([grant("*")]) },
      },
    ]);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(
      model.resourcePolicies.map((r) => `${r.id} ${r.resourceArn}`),
      [
        "bp arn:aws:s3:::data",
        `k1 arn:aws:kms:us-east-1:${A}:key/1`,
        `kp arn:aws:kms:us-east-1:${A}:key/2`,
        `q1 arn:aws:sqs:us-east-1:${A}:q1`,
        `qp arn:aws:sqs:us-east-1:${A}:q2`,
        `sp arn:aws:secretsmanager:us-east-1:${A}:secret:s-abcdef`,
        `tp arn:aws:sns:us-east-1:${A}:t`,
      ],
    );
  });

  test("RepositoryPolicy: statements without Resource mean the repository", () => {
    const { model, diagnostics } = build([
      {
        type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
        name: "pull",
        props: {
          repository: "trainer",
          policy: doc([
            { Effect: "Allow", Principal: { AWS: "arn:aws:iam::210987654321:root" }, Action: "ecr:BatchGetImage" },
          ]),
        },
      },
    ]);
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(model.policies.find((p) => p.id === "pull")?.document.Statement[0]?.Resource, [
      `arn:aws:ecr:us-east-1:${A}:repository/trainer`,
    ]);
  });

  test("Lambda Permissions: statements of one function policy, with their conditions", () => {
    const fn = `arn:aws:lambda:us-east-1:${A}:function:scorer`;
    const { model } = build([
      { type: "aws:lambda/function:Function", name: "scorer", props: { name: "scorer", arn: fn } },
      {
        type: "aws:lambda/permission:Permission",
        name: "s3",
        props: {
          function: "scorer",
          action: "lambda:InvokeFunction",
          principal: "s3.amazonaws.com",
          sourceArn: "arn:aws:s3:::in",
        },
      },
      {
        type: "aws:lambda/permission:Permission",
        name: "other",
        props: { function: fn, action: "lambda:InvokeFunction", principal: "210987654321" },
      },
    ]);
    assert.equal(model.resourcePolicies.length, 1);
    assert.deepEqual(model.resourcePolicies[0]?.sources, ["other", "s3"]);
    const statements = model.policies.find((p) => p.id === model.resourcePolicies[0]?.policyId)?.document.Statement;
    assert.deepEqual(
      statements?.map((s) => [s.Sid, s.Principal, s.Condition]),
      [
        ["other", { AWS: ["210987654321"] }, undefined],
        ["s3", { Service: ["s3.amazonaws.com"] }, { ArnLike: { "AWS:SourceArn": ["arn:aws:s3:::in"] } }],
      ],
    );
  });
});

describe("Identity Center", () => {
  test("PermissionSet with a managed policy, an inline policy and a boundary", () => {
    const ps = `arn:aws:sso:::permissionSet/ssoins-1/ps-1`;
    const { model } = build([
      policy("edge", [allow("sagemaker:*")]),
      { type: "aws:ssoadmin/permissionSet:PermissionSet", name: "ds", props: { name: "DataScientist", arn: ps } },
      {
        type: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
        name: "m",
        props: { permissionSetArn: ps, managedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
      },
      {
        type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
        name: "i",
        props: { permissionSetArn: ps, inlinePolicy: doc([allow("s3:GetObject")]) },
      },
      {
        type: "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment",
        name: "b",
        props: { permissionSetArn: ps, permissionsBoundary: { customerManagedPolicyReference: { name: "edge" } } },
      },
    ]);
    const p = principal(model, "ds");
    assert.equal("kind" in p && p.kind, "permission-set");
    assert.match(
      p.arn,
      /^arn:aws:iam::123456789012:role\/aws-reserved\/sso\.amazonaws\.com\/AWSReservedSSO_DataScientist_[0-9a-f]{16}$/,
    );
    assert.deepEqual(p.managedPolicies, ["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
    assert.deepEqual(p.inlinePolicies, ["i"]);
    assert.equal("boundary" in p && p.boundary, "edge");
    assert.equal(model.identity, "identity-center");
  });
});

describe("what capture cannot see", () => {
  test("a document that depends on an unknown value is unknown as a whole, named in the model", () => {
    const { model, diagnostics } = build([
      role("fn"),
      {
        type: "aws:iam/rolePolicy:RolePolicy",
        name: "r",
        props: { role: "fn", policy: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" },
      },
    ]);
    const p = model.policies.find((x) => x.id === "r");
    assert.equal(p?.unknown?.whole, true);
    assert.deepEqual(p?.document.Statement, []);
    assert.deepEqual(principal(model, "fn").inlinePolicies, ["r"]);
    assert.ok(
      diagnostics.some(
        (d) => d.code === "capture-unknown-value" && d.message.startsWith("r (aws:iam/rolePolicy:RolePolicy): policy"),
      ),
    );
    assert.deepEqual(
      model.unknowns?.map((u) => `${u.resource}.${u.property}`),
      ["r.policy"],
    );
  });

  test("a document with an unknown mark keeps its other statements, and records which element is unknown", () => {
    const mark = unknownMark("stack reference shared: bucketArn");
    const { model, diagnostics } = build([
      role("fn"),
      {
        type: "aws:iam/rolePolicy:RolePolicy",
        name: "r",
        props: { role: "fn", policy: doc([allow("s3:GetObject", `${mark}/*`), allow("logs:*")]) },
      },
    ]);
    const p = model.policies.find((x) => x.id === "r");
    assert.equal(p?.unknown?.whole, false);
    assert.deepEqual(p?.unknown?.statements, [{ index: 0, elements: ["Resource"], conditions: [] }]);
    assert.deepEqual(p?.document.Statement[1]?.Action, ["logs:*"]);
    assert.ok(diagnostics.every((d) => d.severity !== "error"));
    assert.match(String(p?.unknown?.reasons[0]), /stack reference shared: bucketArn/);
  });

  test("the model does not depend on the order resources registered in", () => {
    const resources = [
      policy("read", [allow("s3:GetObject")]),
      user("ana"),
      {
        type: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
        name: "a",
        props: { user: "ana", policyArn: `arn:aws:iam::${A}:policy/read` },
      },
    ];
    assert.deepEqual(JSON.stringify(build(resources)), JSON.stringify(build([...resources].reverse())));
  });
});
