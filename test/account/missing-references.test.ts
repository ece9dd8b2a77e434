import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkModel } from "../../src/analysis/checks/runner.js";
import { planOf } from "../../src/compile/plan.js";
import { importAuthorizationDetails } from "../../src/input/account/authorization-details.js";
import { decideForPrincipal } from "../../src/model/decide.js";

/**
 * An export that names policies or groups it does not hold (a filtered export, an AWS managed
 * policy newer than the offline catalog). What is not in the file is not known: decisions it could
 * change are `Unknown`, never decided as if it granted nothing or, for a permissions boundary, as if
 * there were no boundary. IAM User Guide, "Permissions boundaries for IAM entities": the effective
 * permissions are what both the identity-based policies and the boundary allow, so an unknown
 * boundary leaves every Allow of the identity policies in doubt.
 */
const ACCOUNT = "111122223333";
const doc = (statement: object) => ({ Version: "2012-10-17", Statement: [statement] });
const readAll = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });

function exportOf(user: Record<string, unknown>, policies: object[] = []): string {
  return JSON.stringify({
    UserDetailList: [
      {
        Path: "/",
        UserName: "alice",
        UserId: "AIDAEXAMPLE",
        Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
        GroupList: [],
        UserPolicyList: [{ PolicyName: "read", PolicyDocument: readAll }],
        AttachedManagedPolicies: [],
        Tags: [],
        ...user,
      },
    ],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: policies,
    IsTruncated: false,
  });
}

async function imported(text: string) {
  const result = await importAuthorizationDetails([{ file: "account.json", text }]);
  assert.deepEqual(
    result.diagnostics.filter((d) => d.severity === "error"),
    [],
  );
  assert.ok(result.model);
  return result;
}

describe("import: references the export does not hold", () => {
  it("a permissions boundary that is not in the file is Unknown, not 'no boundary'", async () => {
    const { model, diagnostics } = await imported(
      exportOf({
        PermissionsBoundary: {
          PermissionsBoundaryType: "Policy",
          PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/missing-boundary`,
        },
      }),
    );
    const d = decideForPrincipal(model!, "user/alice", "s3:GetObject", "arn:aws:s3:::bucket/key");
    assert.equal(d.decision, "Unknown");
    assert.match(d.unknown!.join("\n"), /missing-boundary is not in the file/);
    const warning = diagnostics.find((x) => x.code === "account-unknown-policy")!;
    assert.match(warning.message, /permissions boundary/);
    assert.equal(warning.path, "/UserDetailList/0/PermissionsBoundary/PermissionsBoundaryArn");
    // The risk rules read the identity policies as if unbounded: the unknown boundary hides no finding.
    const findings = checkModel(model!);
    assert.ok(
      findings.some((f) => f.rule === "no-mfa-guardrail" && f.principal === "user/alice"),
      JSON.stringify(findings.map((f) => [f.rule, f.principal])),
    );
  });

  it("plan does not create a policy whose document is unknown (an empty boundary would deny everything)", async () => {
    const { model } = await imported(
      exportOf({
        PermissionsBoundary: {
          PermissionsBoundaryType: "Policy",
          PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/missing-boundary`,
        },
      }),
    );
    const plan = planOf(model!);
    assert.deepEqual(
      plan.resources.filter((r) => r.type === "aws:iam/policy:Policy"),
      [],
    );
    assert.equal(
      plan.policies.find((p) => p.id === "policy/missing-boundary"),
      undefined,
    );
    // Still the user's boundary: attached by its ARN, which the model keeps.
    assert.equal(plan.principals[0]?.boundary, "policy/missing-boundary");
    assert.equal(
      model!.policies.find((p) => p.id === "policy/missing-boundary")?.arn,
      `arn:aws:iam::${ACCOUNT}:policy/missing-boundary`,
    );
  });

  it("a boundary in the file still decides as before", async () => {
    const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/only-list`;
    const { model } = await imported(
      exportOf({ PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: boundaryArn } }, [
        {
          PolicyName: "only-list",
          Arn: boundaryArn,
          Path: "/",
          DefaultVersionId: "v1",
          PolicyVersionList: [
            {
              Document: doc({ Effect: "Allow", Action: "s3:ListBucket", Resource: "*" }),
              VersionId: "v1",
              IsDefaultVersion: true,
            },
          ],
        },
      ]),
    );
    const d = decideForPrincipal(model!, "user/alice", "s3:GetObject", "arn:aws:s3:::bucket/key");
    assert.equal(d.decision, "ImplicitlyDenied");
  });

  it("a customer managed policy that is not in the file is Unknown, not 'grants nothing'", async () => {
    const { model } = await imported(
      exportOf({
        UserPolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: "gone", PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/gone` }],
      }),
    );
    const d = decideForPrincipal(model!, "user/alice", "s3:PutObject", "arn:aws:s3:::bucket/key");
    assert.equal(d.decision, "Unknown");
    const p = model!.policies.find((x) => x.id === "policy/gone")!;
    assert.equal(p.unknown?.whole, true);
  });

  it("an AWS managed policy the file lacks comes from the offline catalog (README: 'else from ai-iam's offline catalog')", async () => {
    const { model, diagnostics } = await imported(
      exportOf({
        UserPolicyList: [],
        AttachedManagedPolicies: [{ PolicyName: "IAMFullAccess", PolicyArn: "arn:aws:iam::aws:policy/IAMFullAccess" }],
      }),
    );
    assert.deepEqual(
      diagnostics.map((x) => x.code),
      [],
    );
    const p = model!.policies.find((x) => x.id === "aws-managed/IAMFullAccess")!;
    assert.equal(p.kind, "aws-managed");
    assert.equal(p.unknown, undefined);
    assert.equal(decideForPrincipal(model!, "user/alice", "iam:CreateUser", "*").decision, "Allowed");
  });

  it("a group that is not in the file: the membership is kept and its policies are Unknown", async () => {
    const { model, diagnostics } = await imported(exportOf({ UserPolicyList: [], GroupList: ["admins"] }));
    const alice = model!.principals.find((p) => p.id === "user/alice")!;
    assert.deepEqual(alice.groups, ["group/admins"]);
    assert.deepEqual(alice.managedPolicies, []);
    assert.equal(decideForPrincipal(model!, "user/alice", "iam:CreateUser", "*").decision, "Unknown");
    assert.deepEqual(
      diagnostics.map((x) => x.code),
      ["account-unknown-group"],
    );
  });
});
