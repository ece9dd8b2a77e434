import assert from "node:assert/strict";
import { test } from "node:test";
import { DiagnosticsError } from "../../src/diagnostics/index.js";
import { importAuthorizationDetails } from "../../src/input/account/authorization-details.js";
import { setRecordingMocks, settle } from "../../src/input/capture/run-under-mocks.js";
import type { AccessModel } from "../../src/model/types.js";
import { identityCenterModel, smallModel } from "./fixtures/models.js";

/**
 * The component fed a model it did not compile (`{ model }`: an account import, a captured program,
 * one built in code). Every problem is a located `DiagnosticsError` before anything is registered,
 * never a bare Error half-way through registering, nor a guessed document deployed.
 * IAM API Reference, CreateUser/CreateRole ("[\w+=,.@-]+", paths "/" or "/…/" of U+0021–U+007F);
 * IAM User Guide, "IAM identifiers": names are unique in the account, not distinguished by case.
 */
const { AccessModelDeployment } = await import("../../src/deploy/access-model-deployment.js");
const recorder = await setRecordingMocks({ project: "ai-iam", stack: "dev" });

/** Deploys `model`; the codes of the DiagnosticsError it throws, with every diagnostic's text. */
async function refused(model: AccessModel): Promise<{ codes: string[]; text: string; located: boolean }> {
  const before = recorder.resources.length;
  let error: unknown;
  try {
    new AccessModelDeployment("org", { model });
  } catch (err) {
    error = err;
  }
  await settle(10_000);
  assert.ok(error instanceof DiagnosticsError, `a DiagnosticsError, not ${String(error)}`);
  assert.equal(recorder.resources.length, before, "nothing is registered, not even the component");
  return {
    codes: [...new Set(error.diagnostics.map((d) => d.code))].sort(),
    text: error.message,
    located: error.diagnostics.every((d) => d.file !== undefined && d.line !== undefined),
  };
}

const ACCOUNT = "111122223333";
const readAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] };

test("an imported user in a group the export does not hold is a located error, not a bare Error half-way", async () => {
  const text = JSON.stringify({
    UserDetailList: [
      {
        Path: "/",
        UserName: "alice",
        UserId: "AIDAEXAMPLE",
        Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
        GroupList: ["not-exported"],
        UserPolicyList: [{ PolicyName: "read", PolicyDocument: readAll }],
        AttachedManagedPolicies: [],
        Tags: [],
      },
    ],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
    IsTruncated: false,
  });
  const { model } = await importAuthorizationDetails([{ file: "account.json", text }]);
  assert.ok(model);
  const r = await refused(model);
  assert.deepEqual(r.codes, ["deploy-unknown-document"]);
  assert.ok(r.located, r.text);
  assert.match(r.text, /^account\.json:1:\d+ - error deploy-unknown-document: group "group\/not-exported"/);
  assert.match(r.text, /not-exported is not in the file/);
});

test("an imported policy the export does not hold but whose ARN is known is attached, not refused", async () => {
  const text = JSON.stringify({
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: [
      {
        Path: "/",
        RoleName: "trainer",
        RoleId: "AROAEXAMPLE",
        Arn: `arn:aws:iam::${ACCOUNT}:role/trainer`,
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
        RolePolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: "gone", PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/gone` }],
        Tags: [],
        InstanceProfileList: [],
      },
    ],
    Policies: [],
    IsTruncated: false,
  });
  const { model } = await importAuthorizationDetails([{ file: "account.json", text }]);
  assert.ok(model);
  const before = recorder.resources.length;
  new AccessModelDeployment("imported", { model });
  await settle(10_000);
  const attachment = recorder.resources
    .slice(before)
    .find((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
  assert.equal(attachment?.inputs.policyArn, `arn:aws:iam::${ACCOUNT}:policy/gone`);
});

test("a model built in code with dangling references, an unknown document or bad names is refused, every problem at once", async () => {
  const m = smallModel();
  const alice = m.principals.find((p) => p.id === "vision/alice")!;
  alice.groups = [...alice.groups, "vision/no-such-group"];
  alice.managedPolicies = ["vision/no-such-policy"];
  alice.name = "alice smith"; // a space: IAM rejects the name
  const role = m.principals.find((p) => p.kind === "role")!;
  delete role.trustPolicy;
  const group = m.groups[0]!;
  group.path = "/no-trailing-slash";
  const managed = m.policies.find((p) => p.kind === "managed")!;
  managed.unknown = { whole: false, reasons: ["the Resource is computed in the cloud"] };
  const r = await refused(m);
  assert.deepEqual(r.codes, ["deploy-invalid-name", "deploy-missing-reference", "deploy-unknown-document"]);
  for (const part of [
    /"vision\/alice" is a member of the group "vision\/no-such-group"/,
    /"vision\/alice" refers to the managed policy "vision\/no-such-policy"/,
    /user name "alice smith"/,
    /is a role without a trust policy/,
    /path "\/no-trailing-slash"/,
    /part of its document is not known/,
  ]) {
    assert.match(r.text, part);
  }
});

test("names that collide in IAM (case-insensitively), names too long and one inline name twice are refused", async () => {
  const m = smallModel();
  const [a, b] = m.principals.filter((p) => p.kind === "user");
  b!.name = a!.name.toUpperCase(); // IAM: "Names are not distinguished by case"
  const r = await refused(m);
  assert.deepEqual(r.codes, ["compile-name-collision"]);

  const ic = identityCenterModel();
  const set = ic.principals.find((p) => p.kind === "permission-set")!;
  set.name = "x".repeat(33); // a permission set name is at most 32 characters
  assert.deepEqual((await refused(ic)).codes, ["compile-name-too-long"]);

  const twice = smallModel();
  const user = twice.principals.find((p) => p.kind === "user")!;
  for (const n of [1, 2]) {
    const id = `${user.id}/inline-${n}`;
    const document = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["*"] }],
    };
    twice.policies.push({ id, name: "same", kind: "inline-user", policyType: "identity", document, size: 10 });
    user.inlinePolicies.push(id);
  }
  assert.match((await refused(twice)).text, /two inline policies named "same"/);
});

test("an Identity Center instance ARN or identity store id that is none is refused before anything is registered", async () => {
  // Before, AWS refused it only at the permission set, after the component's policies were created.
  const before = recorder.resources.length;
  let error: unknown;
  try {
    new AccessModelDeployment("ic", {
      model: identityCenterModel(),
      identityCenter: { instanceArn: "arn:aws:sso:::instance/ssoins-typo", identityStoreId: "d-123" },
    });
  } catch (err) {
    error = err;
  }
  await settle(10_000);
  assert.ok(error instanceof DiagnosticsError, String(error));
  assert.deepEqual(
    error.diagnostics.map((d) => d.code),
    ["deploy-invalid-setting", "deploy-invalid-setting"],
  );
  assert.match(error.message, /"arn:aws:sso:::instance\/ssoins-typo" is not an SSO instance ARN/);
  assert.equal(recorder.resources.length, before);
});
