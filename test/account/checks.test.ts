import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkModel } from "../../src/analysis/checks/index.js";
import { importAuthorizationDetails } from "../../src/input/account/authorization-details.js";

/**
 * `check` on imported accounts: principals of every imported account are checked in their own
 * account (a role of the second account once read as the first's, and its escalation went unseen).
 */
const user = (account: string, name: string, policy: string) => ({
  UserName: name,
  Arn: `arn:aws:iam::${account}:user/${name}`,
  Path: "/",
  AttachedManagedPolicies: [{ PolicyName: policy, PolicyArn: `arn:aws:iam::${account}:policy/${policy}` }],
});
const policy = (account: string, name: string, document: object) => ({
  PolicyName: name,
  Arn: `arn:aws:iam::${account}:policy/${name}`,
  Path: "/",
  DefaultVersionId: "v1",
  PolicyVersionList: [{ Document: document, VersionId: "v1", IsDefaultVersion: true }],
});
const escalation = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "iam:CreatePolicyVersion", Resource: "*" }],
};
const harmless = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }],
};
const file = (account: string, doc: object) => ({
  UserDetailList: [user(account, "dev", "p")],
  Policies: [policy(account, "p", doc)],
  IsTruncated: false,
});

describe("check on imported accounts", () => {
  it("finds the same escalation for a principal whichever account of the import it is in", async () => {
    const one = await importAuthorizationDetails([
      { file: "b.json", text: JSON.stringify(file("222222222222", escalation)) },
    ]);
    const two = await importAuthorizationDetails([
      { file: "a.json", text: JSON.stringify(file("111111111111", harmless)) },
      { file: "b.json", text: JSON.stringify(file("222222222222", escalation)) },
    ]);
    const escalations = (findings: ReturnType<typeof checkModel>) =>
      findings.filter((f) => f.rule === "privilege-escalation").map((f) => f.principal);
    assert.deepEqual(escalations(checkModel(one.model!)), ["user/dev"]);
    assert.deepEqual(escalations(checkModel(two.model!)), ["222222222222/user/dev"]);
  });

  it("a role of another imported account is not one a principal can pass", async () => {
    const passAny = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["iam:PassRole", "ec2:RunInstances"], Resource: "*" }],
    };
    const admin = {
      RoleName: "admin",
      Arn: "arn:aws:iam::222222222222:role/admin",
      Path: "/",
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
      },
      RolePolicyList: [
        {
          PolicyName: "all",
          PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
        },
      ],
    };
    const r = await importAuthorizationDetails([
      { file: "a.json", text: JSON.stringify(file("111111111111", passAny)) },
      { file: "b.json", text: JSON.stringify({ RoleDetailList: [admin], IsTruncated: false }) },
    ]);
    const passes = checkModel(r.model!).filter((f) => f.rule === "pass-role-to-more-privileged");
    assert.deepEqual(passes, []);
    // The same role in the passer's own account is reported.
    const same = { ...admin, Arn: "arn:aws:iam::111111111111:role/admin" };
    const one = await importAuthorizationDetails([
      { file: "a.json", text: JSON.stringify({ ...file("111111111111", passAny), RoleDetailList: [same] }) },
    ]);
    assert.equal(checkModel(one.model!).filter((f) => f.rule === "pass-role-to-more-privileged").length, 1);
  });
});
