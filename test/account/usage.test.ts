import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { PrincipalAccess } from "../../src/analysis/review/principal-access.js";
import { UsageAggregator } from "../../src/analysis/usage/aggregate.js";
import { analyzeUsage, type UsageReport } from "../../src/analysis/usage/index.js";
import { proposePolicy } from "../../src/analysis/usage/proposal.js";
import { parentPrefix, ResourceSet } from "../../src/analysis/usage/resources.js";
import { createEvaluator } from "../../src/engine/index.js";
import { importAuthorizationDetails } from "../../src/input/account/authorization-details.js";
import { readCloudTrailFile, type TrailEvent, toEvent } from "../../src/input/account/cloudtrail.js";
import { eventAction } from "../../src/input/account/cloudtrail-actions.js";
import { requestFor } from "../../src/model/policy-set.js";
import type { AccessModel } from "../../src/model/types.js";
import { canonicalJson } from "../../src/policy/canonical.js";
import { parsePolicy } from "../../src/policy/parse.js";
import { authorizationDetailsText, generateAuthorizationDetails } from "../helpers/generate-account.js";
import { generateCloudTrail, writeCloudTrailDelivery, writeJsonLines } from "../helpers/generate-cloudtrail.js";

const account = generateAuthorizationDetails({ seed: 4, principals: 120, policies: 80 });
const records = generateCloudTrail(account, { seed: 4, records: 6000 });
let dir: string;
let model: AccessModel;
let report: UsageReport;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "ai-iam-usage-"));
  writeCloudTrailDelivery(join(dir, "s3"), account.account, records, 400);
  const imported = await importAuthorizationDetails([{ file: "a.json", text: authorizationDetailsText(account) }]);
  model = imported.model!;
  const result = await analyzeUsage([join(dir, "s3")], { model, workers: 2 });
  assert.deepEqual(result.diagnostics, []);
  report = result.report!;
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** What the generator wrote for one principal, counted independently of the reader. */
function expected(arn: string) {
  const mine = records.filter((r) => {
    const ui = r.userIdentity as Record<string, unknown>;
    const issuer = (ui.sessionContext as { sessionIssuer?: { arn?: string } } | undefined)?.sessionIssuer?.arn;
    return ui.arn === arn || issuer === arn;
  });
  const used = new Map<string, number>();
  const denied = new Map<string, number>();
  for (const r of mine) {
    const action = eventAction(String(r.eventSource), String(r.eventName))!;
    const target = r.errorCode === "AccessDenied" ? denied : used;
    target.set(action, (target.get(action) ?? 0) + 1);
  }
  return { events: mine.length, used, denied };
}

describe("usage: CloudTrail → per-principal report", () => {
  it("reads every record of the delivered files", () => {
    assert.equal(report.records, records.length);
    assert.equal(report.files, Math.ceil(records.length / 400));
    assert.equal(report.window.from, records[0].eventTime);
    assert.equal(report.window.to, records[records.length - 1].eventTime);
  });

  it("counts each principal's calls by action, with denied calls apart", () => {
    const user = report.principals.filter((p) => p.kind === "user").sort((a, b) => b.events - a.events)[0];
    const want = expected(user.arn);
    assert.ok(want.events > 20);
    assert.equal(user.events, want.events);
    assert.deepEqual(
      Object.fromEntries(user.used.map((u) => [u.action, u.count])),
      Object.fromEntries([...want.used].sort()),
    );
    assert.deepEqual(
      Object.fromEntries(user.denied.map((u) => [u.action, u.count])),
      Object.fromEntries([...want.denied].sort()),
    );
    const get = user.used.find((u) => u.action === "s3:GetObject");
    if (get) assert.ok(get.resources.every((r) => r.startsWith("arn:aws:s3:::acme-datasets/")));
  });

  it("maps assumed-role and Identity Center sessions to their role, keeping the session names", () => {
    const sso = report.principals.find((p) => p.id.startsWith("role/AWSReservedSSO_DataScientist_"))!;
    assert.ok(sso.events > 0);
    assert.equal(sso.events, expected(sso.arn).events);
    assert.ok(sso.sessions.length > 1);
    assert.ok(sso.sessions.every((s) => s.endsWith("@example.com")));
    const exec = report.principals.find((p) => p.id === "role/vision-sagemaker-execution")!;
    assert.equal(exec.events, expected(exec.arn).events);
    assert.deepEqual(exec.sessions, ["SageMaker"]);
  });

  it("lists callers outside the model apart: AWS services and other accounts", () => {
    const types = new Set(report.others.map((o) => o.type));
    assert.ok(types.has("AWSService"));
    assert.ok(types.has("AWSAccount"));
    const counted =
      report.principals.reduce((n, p) => n + p.events, 0) + report.others.reduce((n, o) => n + o.events, 0);
    assert.equal(counted, records.length);
  });

  it("reports granted but unused actions by service and access level", () => {
    const user = report.principals.find((p) => p.events > 0 && p.id === "user/alice.garcia")!; // a vision data scientist
    assert.ok(user.granted > 20);
    assert.equal(user.unusedCount, user.granted - user.used.length);
    const sagemaker = user.unused.find((s) => s.service === "sagemaker")!;
    assert.ok(sagemaker.byLevel.Write!.includes("sagemaker:StopTrainingJob"));
    assert.ok(!sagemaker.byLevel.Write!.includes("sagemaker:CreateTrainingJob"), "used");
    const admin = report.principals.find((p) => p.id.startsWith("role/AWSReservedSSO_AdministratorAccess"))!;
    assert.ok(admin.granted > 10_000, "AdministratorAccess grants every action");
    // Services it used carry their last use; the ones it never touched do not.
    if (user.used.some((u) => u.service === "s3")) assert.ok(user.unused.find((s) => s.service === "s3")?.lastUsed);
    assert.equal(
      sagemaker.lastUsed,
      user.used
        .filter((u) => u.service === "sagemaker")
        .map((u) => u.lastUsed)
        .sort()
        .pop(),
    );
    assert.equal(admin.unused.find((s) => s.service === "a4b")?.lastUsed, undefined);
    // A principal with no activity: everything it is granted is unused.
    const idle = report.principals.find((p) => p.events === 0 && p.granted > 0)!;
    assert.equal(idle.unusedCount, idle.granted);
    assert.equal(idle.proposal, undefined);
  });

  it("proposes a policy that parses, allows every used request, and grants nothing beyond today's access", () => {
    let checked = 0;
    for (const p of report.principals) {
      if (!p.proposal) continue;
      const doc = p.proposal.document;
      const parsed = parsePolicy(canonicalJson(doc), { kind: "identity" });
      assert.deepEqual(
        parsed.diagnostics.filter((d) => d.severity === "error"),
        [],
      );
      const relaxed = { ...doc, Statement: doc.Statement.map(({ Condition: _c, ...s }) => s) };
      const evaluator = createEvaluator({ identityPolicies: [{ name: "proposal", document: relaxed }] });
      const access = new PrincipalAccess(model, p.id);
      for (const u of p.used) {
        for (const resource of u.resources) {
          const decision = evaluator.evaluate(requestFor(model, p.id, u.action, resource)).decision;
          assert.equal(decision, "Allowed", `${p.id} ${u.action} ${resource}`);
          checked++;
        }
      }
      for (const s of doc.Statement) {
        for (const action of s.Action ?? []) {
          for (const resource of s.Resource ?? []) {
            assert.notEqual(
              access.classify(action, resource),
              "Denied",
              `${p.id}: ${action} on ${resource} is wider than today`,
            );
          }
        }
      }
      assert.equal(p.proposal.verified.allowed, p.proposal.verified.requests);
    }
    assert.ok(checked > 100);
  });

  it("the proposal keeps the conditions today's grant depends on", () => {
    const ds = model.principals.find((p) => p.groups.includes("group/vision-data-scientists"))!;
    const access = new PrincipalAccess(model, ds.id);
    const proposal = proposePolicy(access, [
      {
        action: "iam:PassRole",
        resources: ["arn:aws:iam::111122223333:role/service-role/vision-sagemaker-execution"],
        unknownResource: 0,
      },
      { action: "s3:GetObject", resources: ["arn:aws:s3:::acme-datasets/vision/a.jpg"], unknownResource: 0 },
      { action: "s3:GetObject", resources: ["arn:aws:s3:::other-bucket/x"], unknownResource: 0 },
    ]);
    const pass = proposal.document.Statement.find((s) => s.Action?.includes("iam:PassRole"))!;
    assert.deepEqual(pass.Condition, { StringEquals: { "iam:PassedToService": ["sagemaker.amazonaws.com"] } });
    // A resource the principal's own policies do not grant is left out, and said so.
    assert.ok(!JSON.stringify(proposal.document).includes("other-bucket"));
    assert.ok(proposal.notes.some((n) => n.includes("other-bucket")));
    assert.equal(proposal.verified.failures.length, 0);
  });

  it("a proposal IAM would not read (a malformed ARN a trail recorded) is noted and verifies nothing, never throws", () => {
    const proposal = proposePolicy(undefined, [
      { action: "sqs:SendMessage", resources: ["arn:aws:sqs:us-east-1"], unknownResource: 0 },
    ]);
    assert.ok(proposal.notes.some((n) => n.includes("does not parse")));
    assert.deepEqual(proposal.verified, {
      requests: 1,
      allowed: 0,
      failures: [{ action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-1" }],
    });
  });

  it("JSON lines exports (plain and gzip'd) and a JSON array read like the delivered files", async () => {
    const lake = join(dir, "lake");
    mkdirSync(lake);
    writeJsonLines(join(lake, "part-1.json"), records.slice(0, 3000));
    writeJsonLines(join(lake, "part-2.json.gz"), records.slice(3000), true);
    const r = await analyzeUsage([lake], { model, workers: 0 });
    assert.deepEqual(r.diagnostics, []);
    const strip = (x: UsageReport) => JSON.stringify({ ...x, files: 0 });
    assert.equal(strip(r.report!), strip(report));
    const arrayFile = join(dir, "array.json");
    writeFileSync(arrayFile, JSON.stringify(records));
    const a = await analyzeUsage([arrayFile], { model, workers: 0 });
    assert.equal(strip(a.report!), strip(report));
  });
});

describe("usage: bad input", () => {
  it("a record that is not JSON, or not a record, is reported at its line; nothing is returned", async () => {
    const bad = join(dir, "bad.jsonl");
    const lines = records.slice(0, 5).map((r) => JSON.stringify(r));
    lines.splice(2, 0, '{"eventTime": "2024-05-01T00:00:00Z", "eventName": oops}');
    lines.splice(4, 0, '{"hello": "world"}');
    writeFileSync(bad, `${lines.join("\n")}\n`);
    const r = await analyzeUsage([bad], { model, workers: 0 });
    assert.equal(r.report, undefined);
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.line, d.column]),
      [
        ["account-json-syntax", 3, 52],
        ["account-not-a-trail-record", 5, 1],
      ],
    );
  });

  it("a delivered Records file (read whole when it is sound) still reports a bad record, or Records twice, where it is", async () => {
    const good = records.slice(0, 3).map((r) => JSON.stringify(r));
    const shaped = join(dir, "shaped.json.gz");
    writeFileSync(shaped, gzipSync(`{"Records":[\n${[good[0], '{"hello": "world"}', good[1]].join(",\n")}\n]}`));
    const twice = join(dir, "twice.json");
    writeFileSync(twice, `{"Records":[${good[0]}],\n"Records":[${good[1]},${good[2]}]}`);
    const whole = join(dir, "whole.json.gz");
    writeFileSync(whole, gzipSync(`{"Records":[${good.join(",")}]}`));
    const seen: string[] = [];
    const ok = await readCloudTrailFile(whole, (e) => seen.push(e.time));
    assert.deepEqual(ok, { records: 3, diagnostics: [] });
    assert.deepEqual(
      seen,
      records.slice(0, 3).map((r) => (r as { eventTime: string }).eventTime),
    );
    const a = await readCloudTrailFile(shaped, () => {});
    assert.deepEqual(
      a.diagnostics.map((d) => [d.code, d.line, d.column, d.path]),
      [["account-not-a-trail-record", 3, 1, "/Records/1"]],
    );
    const b = await readCloudTrailFile(twice, () => {});
    assert.deepEqual(
      b.diagnostics.map((d) => [d.code, d.line]),
      [["account-json-syntax", 2]],
    );
    assert.match(b.diagnostics[0].message, /"Records" appears twice/);
  });

  it("a Records member that is not a list is an error at it, not a file of no records (usage said nothing was used)", async () => {
    for (const [name, text] of [
      ["string.json", '{"Records": "x"}'],
      ["object.json.gz", '{\n  "Records": {"a": 1}\n}'],
      ["null.json", '{"Records": null}'],
    ]) {
      const f = join(dir, name);
      writeFileSync(f, name.endsWith(".gz") ? gzipSync(text) : text);
      const r = await readCloudTrailFile(f, () => {});
      assert.deepEqual(
        r.diagnostics.map((d) => [d.code, d.severity, d.path, d.line]),
        [["account-invalid-field", "error", "/Records", name.endsWith(".gz") ? 2 : 1]],
        name,
      );
    }
    const empty = join(dir, "empty.json");
    writeFileSync(empty, '{"Records": []}');
    assert.deepEqual(await readCloudTrailFile(empty, () => {}), { records: 0, diagnostics: [] });
  });

  it("a truncated gzip file and a cut Records file are errors; a missing path too", async () => {
    const cut = join(dir, "cut.json.gz");
    writeFileSync(cut, gzipSync(JSON.stringify({ Records: records.slice(0, 50) })).subarray(0, 300));
    const text = JSON.stringify({ Records: records.slice(0, 50) }, null, 1);
    const half = join(dir, "half.json");
    writeFileSync(half, text.slice(0, text.length / 2));
    for (const [file, code] of [
      [cut, "account-gzip"],
      [half, "account-json-syntax"],
      [join(dir, "nope"), "account-read"],
    ]) {
      const r = await analyzeUsage([file], { workers: 0 });
      assert.equal(r.report, undefined, file);
      assert.ok(
        r.diagnostics.some((d) => d.code === code),
        `${file}: ${JSON.stringify(r.diagnostics)}`,
      );
    }
  });

  it("without a model, every caller is listed with what it used", async () => {
    const r = await analyzeUsage([join(dir, "s3")], { workers: 0 });
    assert.equal(r.report!.principals.length, 0);
    assert.equal(
      r.report!.others.reduce((n, o) => n + o.events, 0),
      records.length,
    );
  });
});

describe("usage: internals", () => {
  it("maps CloudTrail events to IAM actions, or to nothing when no permission applies", () => {
    assert.equal(eventAction("s3.amazonaws.com", "ListObjectsV2"), "s3:ListBucket");
    assert.equal(eventAction("s3.amazonaws.com", "HeadObject"), "s3:GetObject");
    assert.equal(eventAction("lambda.amazonaws.com", "UpdateFunctionCode20150331v2"), "lambda:UpdateFunctionCode");
    assert.equal(eventAction("monitoring.amazonaws.com", "PutMetricData"), "cloudwatch:PutMetricData");
    assert.equal(eventAction("bedrock.amazonaws.com", "Converse"), "bedrock:InvokeModel");
    assert.equal(eventAction("sts.amazonaws.com", "GetCallerIdentity"), undefined);
    assert.equal(eventAction("signin.amazonaws.com", "ConsoleLogin"), undefined);
    assert.equal(eventAction("example.amazonaws.com", "DoThing"), undefined);
  });

  it("reads the identity of each kind of caller", () => {
    const base = { eventTime: "2024-01-01T00:00:00Z", eventSource: "s3.amazonaws.com", eventName: "GetObject" };
    const e = toEvent({
      ...base,
      userIdentity: {
        type: "AssumedRole",
        arn: "arn:aws:sts::111122223333:assumed-role/r/s@x.com",
        accountId: "111122223333",
        sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/p/r" } },
      },
      requestParameters: { bucketName: "b", key: "k/1" },
    }) as TrailEvent;
    assert.deepEqual(e.identity, {
      type: "AssumedRole",
      arn: "arn:aws:sts::111122223333:assumed-role/r/s@x.com",
      accountId: "111122223333",
      issuerArn: "arn:aws:iam::111122223333:role/p/r",
      sessionName: "s@x.com",
    });
    assert.deepEqual(e.resources, ["arn:aws:s3:::b/k/1"]);
    // S3's request names only the bucket: its ARN is the caller's partition (IAM User Guide, "IAM
    // identifiers"), read from the caller's ARN, else from the region (they were all `arn:aws:`).
    const inPartition = (userIdentity: object, awsRegion: string) =>
      (toEvent({ ...base, userIdentity, awsRegion, requestParameters: { bucketName: "b", key: "k" } }) as TrailEvent)
        .resources;
    assert.deepEqual(inPartition({ type: "IAMUser", arn: "arn:aws-cn:iam::1:user/u" }, "cn-north-1"), [
      "arn:aws-cn:s3:::b/k",
    ]);
    assert.deepEqual(inPartition({ type: "AWSService", invokedBy: "x" }, "us-gov-west-1"), ["arn:aws-us-gov:s3:::b/k"]);
    assert.deepEqual(inPartition({ type: "AWSService", invokedBy: "x" }, "eu-west-1"), ["arn:aws:s3:::b/k"]);
    assert.equal(toEvent({ ...base }), undefined);
    const created = toEvent({
      ...base,
      eventSource: "sagemaker.amazonaws.com",
      eventName: "CreateTrainingJob",
      userIdentity: { type: "IAMUser", arn: "arn:aws:iam::1:user/u" },
      requestParameters: { trainingJobName: "j", roleArn: "arn:aws:iam::1:role/x" },
      responseElements: { trainingJobArn: "arn:aws:sagemaker:us-east-1:1:training-job/j" },
    })!;
    assert.deepEqual(created.resources, ["arn:aws:sagemaker:us-east-1:1:training-job/j"]);
    // Keys ending in "arn" in any case; only ARNs of the event's own service (STS: IAM's roles).
    const assumed = toEvent({
      ...base,
      eventSource: "sts.amazonaws.com",
      eventName: "AssumeRole",
      userIdentity: { type: "IAMUser", arn: "arn:aws:iam::1:user/u" },
      requestParameters: {
        RoleARN: "arn:aws:iam::1:role/deploy",
        policyArns: ["arn:aws:iam::1:policy/p"],
        sourceArn: "arn:aws:s3:::b",
        durationSeconds: 900,
        tokenCodeArnx: "arn:aws:iam::1:mfa/u",
      },
    })!;
    assert.deepEqual(assumed.resources, ["arn:aws:iam::1:role/deploy"]);
  });

  it("keeps resources in bounded memory, generalizing to prefixes one level at a time", () => {
    const set = new ResourceSet(4);
    for (let i = 0; i < 1000; i++)
      set.add(`arn:aws:s3:::b/data/2024/${String(i % 12).padStart(2, "0")}/part-${i}.parquet`);
    set.add("arn:aws:s3:::c/one.csv");
    assert.ok(set.size <= 4);
    assert.deepEqual(set.patterns(), ["arn:aws:s3:::b/data/2024/*", "arn:aws:s3:::c/one.csv"]);
    set.add("arn:aws:s3:::b/data/2024/07/more.parquet"); // inside a prefix: nothing changes
    assert.deepEqual(set.patterns(), ["arn:aws:s3:::b/data/2024/*", "arn:aws:s3:::c/one.csv"]);
    set.add("arn:aws:s3:::b/data/x");
    set.add("arn:aws:s3:::b/data/y");
    set.add("arn:aws:s3:::d/z");
    assert.deepEqual(set.patterns(), ["arn:aws:s3:::b/data/*", "arn:aws:s3:::c/one.csv", "arn:aws:s3:::d/z"]);
    assert.equal(parentPrefix("arn:aws:s3:::b/x/y.csv"), "arn:aws:s3:::b/x/");
    assert.equal(parentPrefix("arn:aws:s3:::b/"), "arn:aws:s3:::");
    assert.equal(parentPrefix("arn:aws:lambda:us-east-1:1:function:f:1"), "arn:aws:lambda:us-east-1:1:function:f:");
    assert.equal(parentPrefix("arn:aws:sqs:us-east-1:1:"), undefined);
  });

  it("aggregates merge to the same result in any order", async () => {
    const files = writeCloudTrailDelivery(join(dir, "merge"), account.account, records.slice(0, 1200), 300);
    const parts = await Promise.all(
      files.map(async (f) => {
        const u = new UsageAggregator();
        await readCloudTrailFile(f, (e) => u.add(e));
        return u.toJSON();
      }),
    );
    const forward = new UsageAggregator();
    for (const p of parts) forward.merge(p);
    const backward = new UsageAggregator();
    for (const p of [...parts].reverse()) backward.merge(p);
    const canon = (u: UsageAggregator) => {
      const j = u.toJSON();
      j.identities.sort((a, b) => (a.key < b.key ? -1 : 1));
      for (const i of j.identities) {
        i.actions.sort(([a], [b]) => (a < b ? -1 : 1));
        i.denied.sort(([a], [b]) => (a < b ? -1 : 1));
        i.unmapped.sort(([a], [b]) => (a < b ? -1 : 1));
        i.sessions.sort();
      }
      return j;
    };
    assert.deepEqual(canon(forward), canon(backward));
    assert.equal(forward.records, 1200);
  });
});
