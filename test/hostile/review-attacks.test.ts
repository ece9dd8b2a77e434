/**
 * Red-team session 2 (issue 14), the review commands that reason exactly or compare: `prove`,
 * `diff`, `merge`, `usage`. Each test pins one attack that gave a wrong answer or a silent pass.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { proveModelNoNewAccess, proveNever } from "../../src/analysis/prover/index.js";
import { createEvaluator } from "../../src/engine/index.js";
import type { AccessModel } from "../../src/model/types.js";
import type { PolicySet } from "../../src/policy/policy-set.js";
import type { ConditionBlock, PolicyDocument } from "../../src/policy/types.js";
import { runCli, tempDir } from "./helpers.js";

const ACCOUNT = "123456789012";
const ALICE = `arn:aws:iam::${ACCOUNT}:user/alice`;

/** An authorization-details export: one user, alice, with the given inline policy. */
function accountExport(policy: unknown): string {
  return JSON.stringify({
    UserDetailList: [
      {
        Path: "/",
        UserName: "alice",
        UserId: "AIDAEXAMPLE00000001",
        Arn: ALICE,
        CreateDate: "2024-01-01T00:00:00Z",
        UserPolicyList: [{ PolicyName: "read", PolicyDocument: policy }],
        GroupList: [],
        AttachedManagedPolicies: [],
        Tags: [],
      },
    ],
    GroupDetailList: [],
    RoleDetailList: [],
    Policies: [],
  });
}

/** A CloudTrail record of alice (JSON lines). */
function trailRecord(fields: Record<string, unknown>): string {
  return JSON.stringify({
    eventVersion: "1.08",
    userIdentity: { type: "IAMUser", arn: ALICE, accountId: ACCOUNT, userName: "alice" },
    eventTime: "2024-05-01T00:00:00Z",
    awsRegion: "us-east-1",
    ...fields,
  });
}

describe("usage: the least-privilege proposal grants no more than was used", () => {
  // IAM User Guide, "IAM policy elements: Variables and tags" (special characters): in a Resource,
  // `*` and `?` are wildcards and `${...}` a policy variable; `${*}`, `${?}` and `${$}` are the
  // literal characters. An S3 key may hold any of them.
  it("an S3 key holding `*`, `?` or `${` is written escaped: the proposal allows that object, not its neighbours", async () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an S3 key that reads as a policy variable
    const keys = ["reports/*", "q?", "${aws:username}/x"];
    const dir = tempDir({
      "account.json": accountExport({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" }],
      }),
      "trail.jsonl": `${keys.map((key) => trailRecord({ eventSource: "s3.amazonaws.com", eventName: "GetObject", requestParameters: { bucketName: "b", key } })).join("\n")}\n`,
    });
    try {
      const out = join(dir, "proposals");
      const r = await runCli([
        "usage",
        join(dir, "trail.jsonl"),
        "--account-file",
        join(dir, "account.json"),
        "--proposals",
        out,
        "--format",
        "json",
        "--quiet",
      ]);
      assert.equal(r.code, 0, r.stderr);
      const report = JSON.parse(r.stdout) as {
        principals: Array<{ proposal?: { verified: { requests: number; allowed: number } } }>;
      };
      const verified = report.principals[0].proposal!.verified;
      assert.deepEqual(verified, { ...verified, requests: 3, allowed: 3 });
      const [file] = readdirSync(out);
      const document = JSON.parse(readFileSync(join(out, file), "utf8")) as PolicyDocument;
      const evaluator = createEvaluator({ identityPolicies: [{ name: "proposal", document }] });
      const decide = (key: string) =>
        evaluator.evaluate({
          principal: ALICE,
          action: "s3:GetObject",
          resource: `arn:aws:s3:::b/${key}`,
          context: { "aws:username": "alice" },
        }).decision;
      for (const key of keys) assert.equal(decide(key), "Allowed", key);
      for (const key of ["reports/secret.csv", "qz", "alice/x"]) assert.equal(decide(key), "ImplicitlyDenied", key);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("usage: a proposal generalized past a Deny of today's policies keeps that Deny", () => {
  // Past 32 objects the used resources fold into a prefix (`b/*`). Alice's own policy allows `b/*`
  // but denies `b/secret/*` (IAM User Guide, "Policy evaluation logic": an explicit deny overrides
  // an allow); the proposal, which replaces her policies, granted `b/*` whole, secret included.
  it("the proposal denies b/secret/* as today's policy does, and still allows every used object", async () => {
    const dir = tempDir({
      "account.json": accountExport({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" },
          { Effect: "Deny", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/secret/*" },
        ],
      }),
      "trail.jsonl": `${Array.from({ length: 40 }, (_, i) =>
        trailRecord({
          eventSource: "s3.amazonaws.com",
          eventName: "GetObject",
          requestParameters: { bucketName: "b", key: `k${i}.csv` },
        }),
      ).join("\n")}\n`,
    });
    try {
      const out = join(dir, "proposals");
      const args = ["usage", join(dir, "trail.jsonl"), "--account-file", join(dir, "account.json")];
      const r = await runCli([...args, "--proposals", out, "--quiet"]);
      assert.equal(r.code, 0, r.stderr);
      const [file] = readdirSync(out);
      const document = JSON.parse(readFileSync(join(out, file), "utf8")) as PolicyDocument;
      const evaluator = createEvaluator({ identityPolicies: [{ name: "proposal", document }] });
      const decide = (key: string) =>
        evaluator.evaluate({ principal: ALICE, action: "s3:GetObject", resource: `arn:aws:s3:::b/${key}` }).decision;
      assert.equal(decide("secret/keys.txt"), "ExplicitlyDenied");
      for (let i = 0; i < 40; i++) assert.equal(decide(`k${i}.csv`), "Allowed");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("prove: a date condition is decided over every date the engine reads", () => {
  // IAM User Guide, "IAM JSON policy elements: Condition operators" (date condition operators):
  // a date is ISO 8601 or epoch time; the engine reads epoch seconds with a fraction
  // (`1704067200.0005`) and past the year 9999. The prover counted whole milliseconds of years
  // 0000-9999 only, so a grant open between two policy dates less than 2 ms apart, or after
  // 9999-12-31, was "proven" never allowed while the engine allowed it.
  const grant = (condition: ConditionBlock): PolicySet => ({
    identityPolicies: [
      {
        name: "p",
        document: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"], Condition: condition }],
        },
      },
    ],
  });
  const cases: Array<[string, ConditionBlock]> = [
    [
      "between two dates 1 ms apart",
      {
        DateGreaterThan: { "aws:CurrentTime": ["2024-01-01T00:00:00Z"] },
        DateLessThan: { "aws:CurrentTime": ["2024-01-01T00:00:00.001Z"] },
      },
    ],
    ["a fraction of a millisecond", { DateEquals: { "aws:CurrentTime": ["1704067200.0005"] } }],
    ["after the year 9999", { DateGreaterThan: { "aws:CurrentTime": ["9999-12-31T23:59:59.999Z"] } }],
  ];
  for (const [name, condition] of cases) {
    it(`${name}: violated, with a request the engine allows`, async () => {
      const set = grant(condition);
      const r = await proveNever(set, { action: "s3:GetObject" }, { principal: ALICE });
      assert.equal(r.status, "violated", r.reason);
      const request = r.counterexample!.request;
      assert.equal(createEvaluator(set).evaluate(request).decision, "Allowed", JSON.stringify(request));
    });
  }
});

describe("prove (library): a policy set in raw JSON, as AWS accepts it, is proven as the engine decides it", () => {
  // IAM User Guide, "IAM JSON policy element reference": Action, Resource and a condition's values
  // may be a string or a list. `createEvaluator` reads both; the prover read only lists, so a string
  // `Action` matched no action and an allow was "proven" never to apply (or a scalar condition value
  // threw a TypeError).
  const raw = (statement: Record<string, unknown>) =>
    ({
      identityPolicies: [{ name: "p", document: { Version: "2012-10-17", Statement: [statement] } }],
    }) as unknown as PolicySet;
  const cases: Array<[string, Record<string, unknown>]> = [
    ["a string Action", { Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
    ["a string Resource", { Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::b/*" }],
    [
      "a scalar condition value",
      {
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { StringEquals: { "aws:username": "alice" } },
      },
    ],
  ];
  for (const [name, statement] of cases) {
    it(`${name}: violated, with a request the engine allows`, async () => {
      const set = raw(statement);
      const r = await proveNever(set, { action: "s3:GetObject" }, { principal: ALICE });
      assert.equal(r.status, "violated", r.reason);
      assert.equal(createEvaluator(set).evaluate(r.counterexample!.request).decision, "Allowed");
    });
  }

  it("a scalar value in the pattern's condition reads as a list of one", async () => {
    const set = raw({ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] });
    const condition = { StringEquals: { "s3:prefix": "data/" } } as unknown as ConditionBlock;
    const r = await proveNever(set, { action: "s3:GetObject", condition }, { principal: ALICE });
    assert.equal(r.status, "violated", r.reason);
    assert.equal(r.counterexample!.request.context?.["s3:prefix"], "data/");
  });
});

describe("merge: a result that is not one whole, consistent run is refused (exit 2), never merged into a pass", () => {
  const cex = {
    request: { principal: ALICE, action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: {} },
    hypothetical: false,
    decisions: { decision: "Allowed" },
    sameActions: [],
    classSize: 1,
  };
  const property = (status: string, extra: Record<string, unknown> = {}) => ({
    property: "never/1",
    name: "never/1: alice never reads b",
    principal: "alice",
    status,
    ...extra,
  });
  const prove = (properties: unknown[], extra: Record<string, unknown> = {}) => ({
    fingerprint: "sha256:0",
    status: properties.some((p) => (p as { status: string }).status === "violated") ? "violated" : "proven",
    properties,
    ...extra,
  });
  const grant = { action: "s3:GetObject", resource: "arn:aws:s3:::b/*" };
  const diff = (extra: Record<string, unknown>) => ({
    fingerprint: "sha256:0",
    newAccess: false,
    principals: [],
    ...extra,
  });

  const merge = async (...results: unknown[]) => {
    const dir = tempDir();
    try {
      const files = results.map((r, i) => {
        const file = join(dir, `r${i + 1}.json`);
        writeFileSync(file, JSON.stringify(r));
        return file;
      });
      return await runCli(["merge", ...files]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("a well-formed result merges: a violated property exits 1 (the cases below differ from it in one part)", async () => {
    const r = await merge(prove([property("violated", { counterexample: cex })]));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /violated/);
  });

  const refused: Array<[string, unknown[]]> = [
    // A diff shard that says "no new access" while one of its principals gains a grant exited 0.
    [
      "newAccess false beside a principal that gains a grant",
      [diff({ principals: [{ id: "alice", status: "added", added: [grant], removed: [] }] })],
    ],
    [
      "an exact status that is not its answers'",
      [
        diff({
          exact: {
            status: "proven",
            principals: [{ id: "alice", question: "access", status: "violated", findings: [cex] }],
          },
        }),
      ],
    ],
    [
      "a prove status that is not its properties'",
      [prove([property("violated", { counterexample: cex })], { status: "proven" })],
    ],
    // These crashed the report (exit 70, a stack trace).
    ["a principal without added/removed lists", [diff({ principals: [{ id: "alice", status: "added", added: 5 }] })]],
    ["a counterexample that is not one", [prove([property("violated", { counterexample: 5 })])]],
    [
      "exact findings that are not a list",
      [
        diff({
          exact: {
            status: "violated",
            principals: [{ id: "alice", question: "access", status: "violated", findings: 5 }],
          },
        }),
      ],
    ],
    ["a classified change without its dataset", [diff({ classified: [{ principal: "alice" }] })]],
    [
      "a grant whose conditions are not condition blocks",
      [
        diff({
          newAccess: true,
          principals: [{ id: "alice", status: "added", added: [{ ...grant, conditions: ["x"] }], removed: [] }],
        }),
      ],
    ],
    // A split into 99,999,999,999 shards: an array of that length threw a RangeError.
    ["an absurd shard count", [prove([], { shard: "1/99999999999" })]],
  ];
  for (const [name, results] of refused) {
    it(name, async () => {
      const r = await merge(...results);
      assert.equal(r.code, 2, `${r.stdout}\n${r.stderr}`);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /error merge-/);
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /);
    });
  }

  it("many missing shards are counted, not listed one by one", async () => {
    const r = await merge(prove([], { shard: "1/99999" }));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing shards 2\/99999, .* 21\/99999 and 99978 more of 99999/);
  });
});

describe("diff --exact: a principal whose tags changed is not proven by its new tags alone", () => {
  // The exact diff decides both versions as the new version's principal (docs/review.md, "a change
  // to a principal's tags"). An ABAC grant (IAM User Guide, "Define permissions based on attributes
  // with ABAC authorization") that alice's new tag meets and her old tag did not was then "proven"
  // no new access, and `diff --fail-on-new-access` exited 0 on a gain.
  const model = (team: string): AccessModel => ({
    source: { kind: "account", path: "a.json" },
    account: ACCOUNT,
    partition: "aws",
    principals: [
      {
        id: "user/alice",
        kind: "user",
        name: "alice",
        arn: ALICE,
        tags: { team },
        groups: [],
        managedPolicies: [],
        inlinePolicies: ["abac"],
      },
    ],
    groups: [],
    policies: [
      {
        id: "abac",
        name: "abac",
        kind: "inline-user",
        policyType: "identity",
        owner: "user/alice",
        size: 0,
        document: {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["s3:GetObject"],
              Resource: ["arn:aws:s3:::admin-data/*"],
              Condition: { StringEquals: { "aws:PrincipalTag/team": ["admins"] } },
            },
          ],
        },
      },
    ],
    resourcePolicies: [],
  });

  it("the same ABAC policy, the tag now met: unknown (not proven), naming the tag", async () => {
    const r = await proveModelNoNewAccess(model("nlp"), model("admins"));
    assert.equal(r.status, "unknown");
    assert.match(r.principals[0].reason ?? "", /aws:principaltag\/team/);
  });

  it("a tag no policy reads changes nothing", async () => {
    const before = model("nlp");
    const after = model("admins");
    after.principals[0].tags.cost = "x";
    before.principals[0].tags.cost = "y";
    after.principals[0].tags.team = "nlp";
    const r = await proveModelNoNewAccess(before, after);
    assert.equal(r.status, "proven");
  });
});
