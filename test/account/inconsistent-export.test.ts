import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { importAuthorizationDetails } from "../../src/input/account/authorization-details.js";

/**
 * Exports no IAM account can produce: several default versions, a DefaultVersionId that contradicts
 * IsDefaultVersion (IAM API Reference, ManagedPolicyDetail / PolicyVersion: one default version),
 * two policies of one name (CreatePolicy: "IAM user, group, role, and policy names must be unique
 * within the account. Names are not distinguished by case"), one user twice with different
 * policies. Each was read by taking one of the two silently (the first default, or the policy of
 * that name at another path: an `iam:*` grant in place of `s3:GetObject`). Each is now an error.
 */
const ACCOUNT = "111122223333";
const doc = (action: string) => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: action, Resource: "*" }],
});
const policy = (name: string, path: string, versions: object[], defaultId = "v1") => ({
  PolicyName: name,
  Arn: `arn:aws:iam::${ACCOUNT}:policy${path}${name}`,
  Path: path,
  DefaultVersionId: defaultId,
  PolicyVersionList: versions,
});
const version = (id: string, action: string, isDefault: boolean) => ({
  Document: doc(action),
  VersionId: id,
  IsDefaultVersion: isDefault,
});
const user = (attached: string[]) => ({
  Path: "/",
  UserName: "alice",
  Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  GroupList: [],
  UserPolicyList: [],
  AttachedManagedPolicies: attached.map((arn) => ({ PolicyArn: arn })),
  Tags: [],
});

async function importOf(details: object) {
  return importAuthorizationDetails([
    { file: "account.json", text: JSON.stringify({ IsTruncated: false, ...details }) },
  ]);
}

function errors(r: Awaited<ReturnType<typeof importOf>>) {
  return r.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.path, d.message]);
}

describe("import: an export no account can produce is an error, not one of its readings", () => {
  const readArn = `arn:aws:iam::${ACCOUNT}:policy/read`;

  it("two versions marked IsDefaultVersion", async () => {
    const r = await importOf({
      UserDetailList: [user([readArn])],
      Policies: [policy("read", "/", [version("v1", "s3:GetObject", true), version("v2", "*", true)], "v2")],
    });
    assert.equal(r.model, undefined);
    const [e] = errors(r);
    assert.equal(e?.[0], "account-policy-version");
    assert.equal(e?.[1], "/Policies/0/PolicyVersionList");
    assert.match(String(e?.[2]), /2 versions marked IsDefaultVersion \(v1, v2\)/);
  });

  it("IsDefaultVersion on one version, DefaultVersionId naming another", async () => {
    const r = await importOf({
      UserDetailList: [user([readArn])],
      Policies: [policy("read", "/", [version("v1", "s3:GetObject", true), version("v2", "*", false)], "v2")],
    });
    assert.equal(r.model, undefined);
    assert.match(String(errors(r)[0]?.[2]), /marks v1 IsDefaultVersion but its DefaultVersionId is v2/);
  });

  it("the default named by both still imports (and so does DefaultVersionId alone)", async () => {
    for (const flags of [
      [false, true],
      [false, false],
    ]) {
      const r = await importOf({
        UserDetailList: [user([readArn])],
        Policies: [
          policy("read", "/", [version("v1", "*", flags[0]!), version("v2", "s3:GetObject", flags[1]!)], "v2"),
        ],
      });
      assert.deepEqual(errors(r), []);
      const p = r.model!.policies.find((x) => x.id === "policy/read")!;
      assert.equal(p.version, "v2");
      assert.deepEqual(p.document.Statement[0]?.Action, ["s3:GetObject"]);
    }
  });

  it("two customer managed policies of one name at different paths", async () => {
    const r = await importOf({
      UserDetailList: [user([readArn])],
      Policies: [
        policy("read", "/", [version("v1", "s3:GetObject", true)]),
        policy("READ", "/admin/", [version("v1", "iam:*", true)]),
      ],
    });
    assert.equal(r.model, undefined);
    const [e] = errors(r);
    assert.equal(e?.[0], "account-conflict");
    assert.match(String(e?.[2]), /policy\/read and .*policy\/admin\/READ have the same name/);
  });

  it("an attachment naming a policy the file holds at another path", async () => {
    const r = await importOf({
      UserDetailList: [user([`arn:aws:iam::${ACCOUNT}:policy/admin/read`])],
      Policies: [policy("read", "/", [version("v1", "s3:GetObject", true)])],
    });
    assert.equal(r.model, undefined);
    const [e] = errors(r);
    assert.equal(e?.[0], "account-conflict");
    assert.equal(e?.[1], "/UserDetailList/0/AttachedManagedPolicies/0/PolicyArn");
  });

  it("one user twice with different policies is an error; twice the same is a warning", async () => {
    const p = policy("read", "/", [version("v1", "s3:GetObject", true)]);
    const twice = await importOf({ UserDetailList: [user([readArn]), user([])], Policies: [p] });
    assert.equal(twice.model, undefined);
    assert.deepEqual(
      errors(twice).map((e) => [e[0], e[1]]),
      [["account-conflict", "/UserDetailList/1"]],
    );
    const same = await importOf({ UserDetailList: [user([readArn]), user([readArn])], Policies: [p] });
    assert.ok(same.model);
    assert.deepEqual(
      same.diagnostics.map((d) => [d.severity, d.code]),
      [["warning", "account-duplicate"]],
    );
  });
});

describe("import: a key written twice inside an entry", () => {
  it("is a located error, not the last value silently (a second empty list hiding an attachment)", async () => {
    const text = [
      "{",
      '  "UserDetailList": [',
      `    {"UserName": "alice", "Arn": "arn:aws:iam::${ACCOUNT}:user/alice", "Path": "/",`,
      '     "AttachedManagedPolicies": [{"PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}],',
      '     "AttachedManagedPolicies": []}',
      "  ],",
      '  "IsTruncated": false',
      "}",
    ].join("\n");
    const r = await importAuthorizationDetails([{ file: "account.json", text }]);
    assert.equal(r.model, undefined);
    const e = r.diagnostics.filter((d) => d.severity === "error");
    assert.deepEqual(
      e.map((d) => [d.code, d.line, d.column, d.path]),
      [["account-json-syntax", 5, 6, "/UserDetailList/0/AttachedManagedPolicies"]],
    );
    assert.match(e[0]!.message, /duplicate key "AttachedManagedPolicies": no AWS export repeats a key/);
  });
});

describe("import: a page that is not the last", () => {
  const page = (extra: Record<string, unknown>) =>
    JSON.stringify({
      UserDetailList: [user([])],
      ...extra,
    });

  for (const [name, extra, path] of [
    [
      "the AWS CLI cut by --max-items (a NextToken, no IsTruncated)",
      { NextToken: "eyJNYXJrZXIiOiAiQUJDIn0=" },
      "/NextToken",
    ],
    ["the raw API's Marker without IsTruncated", { Marker: "ABC" }, "/Marker"],
    ["IsTruncated true", { IsTruncated: true, Marker: "ABC" }, "/IsTruncated"],
  ] as const) {
    it(`${name}: the account is truncated, not analyzed in part`, async () => {
      const r = await importAuthorizationDetails([{ file: "page.json", text: page(extra) }]);
      assert.equal(r.model, undefined);
      assert.deepEqual(
        errors(r).map((e) => [e[0], e[1]]),
        [["account-truncated", path]],
      );
    });
  }

  it('"IsTruncated": "true" (a string) is invalid, not false', async () => {
    const r = await importAuthorizationDetails([{ file: "page.json", text: page({ IsTruncated: "true" }) }]);
    assert.equal(r.model, undefined);
    assert.deepEqual(
      errors(r).map((e) => [e[0], e[1]]),
      [["account-invalid-field", "/IsTruncated"]],
    );
  });

  it("the last page (IsTruncated false, Marker null) imports", async () => {
    const r = await importAuthorizationDetails([
      { file: "page.json", text: page({ IsTruncated: false, Marker: null, NextToken: "" }) },
    ]);
    assert.deepEqual(errors(r), []);
    assert.ok(r.model);
  });
});

describe("import: an ARN that names another entity than its entry", () => {
  it("a user whose ARN names another user, or another path, is an error (IAM identifiers: <type>/<path><name>)", async () => {
    for (const [u, message] of [
      [{ ...user([]), Arn: `arn:aws:iam::${ACCOUNT}:user/bob` }, /not the ARN of the user named "alice" at path "\/"/],
      [{ ...user([]), Path: "/teams/vision/" }, /at path "\/teams\/vision\/"/],
    ] as const) {
      const r = await importOf({ UserDetailList: [u] });
      assert.equal(r.model, undefined);
      const [e] = errors(r);
      assert.deepEqual([e?.[0], e?.[1]], ["account-invalid-arn", "/UserDetailList/0/Arn"]);
      assert.match(String(e?.[2]), message);
    }
  });

  it("a role under a path imports when its ARN carries the path", async () => {
    const r = await importOf({
      RoleDetailList: [
        {
          RoleName: "AWSReservedSSO_Admin_1a2b",
          Path: "/aws-reserved/sso.amazonaws.com/",
          Arn: `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1a2b`,
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
          },
        },
      ],
    });
    assert.deepEqual(errors(r), []);
  });
  it("a tag key is data: `__proto__` is kept as a tag (it was dropped), a key listed twice is an error", async () => {
    // aws:PrincipalTag/<key> reads the principal's tags (IAM User Guide, "Controlling access to
    // and for IAM users and roles using tags"): a tag lost in reading changes decisions.
    const tagged = (tags: object[]) => ({ UserDetailList: [{ ...user([]), Tags: tags }] });
    const ok = await importOf(
      tagged([
        { Key: "__proto__", Value: "x" },
        { Key: "team", Value: "ml" },
      ]),
    );
    assert.deepEqual(errors(ok), []);
    const tags = ok.model?.principals[0]?.tags ?? {};
    assert.deepEqual(Object.keys(tags), ["__proto__", "team"]);
    assert.equal(Object.getOwnPropertyDescriptor(tags, "__proto__")?.value, "x");
    const twice = await importOf(
      tagged([
        { Key: "team", Value: "ml" },
        { Key: "team", Value: "ops" },
      ]),
    );
    assert.equal(twice.model, undefined);
    assert.deepEqual(
      errors(twice).map((e) => [e[0], e[2]]),
      [["account-invalid-field", 'tag "team" is listed twice']],
    );
  });
  it("a name or path IAM forbids is an error at it (it became a file name under plan --out, a line in reports)", async () => {
    // IAM API Reference, CreateUser/CreatePolicy: names match [\w+=,.@-]+ (users 64, policies 128);
    // paths are "/" or "/…/" of printable ASCII.
    for (const [details, path] of [
      [
        { UserDetailList: [{ ...user([]), UserName: "../../x", Arn: `arn:aws:iam::${ACCOUNT}:user/../../x` }] },
        "/UserName",
      ],
      [
        {
          UserDetailList: [
            { ...user([]), UserName: "a".repeat(65), Arn: `arn:aws:iam::${ACCOUNT}:user/${"a".repeat(65)}` },
          ],
        },
        "/UserName",
      ],
      [{ Policies: [policy("read\nforged", "/", [version("v1", "s3:GetObject", true)])] }, "/PolicyName"],
      [{ Policies: [policy("<script>", "/", [version("v1", "s3:GetObject", true)])] }, "/PolicyName"],
      [{ Policies: [policy("read", "/é/", [version("v1", "s3:GetObject", true)])] }, "/Path"],
      [
        {
          UserDetailList: [
            { ...user([]), UserPolicyList: [{ PolicyName: "../x", PolicyDocument: doc("s3:GetObject") }] },
          ],
        },
        "/UserPolicyList/0/PolicyName",
      ],
    ] as const) {
      const r = await importOf(details);
      assert.equal(r.model, undefined, JSON.stringify(details));
      const found = errors(r).map(([code, at]) => `${code} ${String(at).replace(/^\/\w+\/\d+/, "")}`);
      assert.ok(found.includes(`account-invalid-field ${path}`), JSON.stringify(found));
    }
    const ok = await importOf({
      UserDetailList: [
        { ...user([]), UserName: "a.b+c=d,e@f_g-h", Arn: `arn:aws:iam::${ACCOUNT}:user/a.b+c=d,e@f_g-h` },
      ],
    });
    assert.deepEqual(errors(ok), []);
  });
});
