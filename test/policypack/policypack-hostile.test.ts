import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  type Any,
  analyzeRequest,
  call,
  configure,
  diagnosticsOf,
  Empty,
  pb,
  startPackForSuite,
  UNKNOWN,
} from "./grpc-client.js";

/**
 * Hostile resource inputs and config through the pack's real analyzer gRPC protocol (the Pulumi
 * CLI's side of it, grpc-client.ts). The pack's verdict on a document is `ai-iam check`'s on the
 * same text; what is not known yet is never passed silently.
 */
startPackForSuite();

const POLICY = "aws:iam/policy:Policy";
const admin = { Effect: "Allow", Action: "*", Resource: "*" };
/** The rule ids (and input-warning codes) `ai-iam check` reports on a policy file, suggestions aside. */
function checkRules(file: string): string[] {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", "src/cli/bin.ts", "check", file, "--format", "json", "--fail-on", "never"],
    {
      encoding: "utf8",
    },
  );
  const json = JSON.parse(out) as {
    findings: Array<{ rule: string; severity: string }>;
    inputWarnings?: Array<{ code: string }>;
  };
  return [
    ...json.findings.filter((f) => f.severity !== "suggestion").map((f) => f.rule),
    ...(json.inputWarnings ?? []).map((w) => w.code),
  ].sort();
}

const mandatory = (res: Any) => diagnosticsOf(res).filter((d: Any) => d.policy === "iam-policy-documents");

describe("the policy pack on hostile documents", () => {
  test("a known document whose text holds the engine's unknown sentinel is checked (it is not a preview's unknown)", async () => {
    // The engine sends a value it does not know as the sentinel, whole. Text that merely holds it
    // (a condition value here) is known: skipping it let an admin policy through, at preview and at up.
    const text = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ ...admin, Condition: { StringEquals: { "aws:PrincipalTag/team": UNKNOWN } } }],
    });
    const ds = mandatory(await call("analyze", analyzeRequest(POLICY, "hidden-admin", { policy: text })));
    assert.ok(
      ds.some((d: Any) => d.level === pb.EnforcementLevel.MANDATORY && d.message.includes("[pass-role-unconstrained]")),
      JSON.stringify(ds),
    );
  });

  test("a document with a part not known yet (a preview) is not a violation, and not passed silently", async () => {
    // The common program: `Resource: bucket.arn` in an object policy. Before, the sentinel was read
    // as the resource and the preview failed on a mandatory policy-invalid-resource.
    const policy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: UNKNOWN }],
    };
    const res: Any = await call("analyze", analyzeRequest(POLICY, "later", { policy }));
    const ds = diagnosticsOf(res);
    assert.equal(ds.filter((d: Any) => d.level === pb.EnforcementLevel.MANDATORY).length, 0, JSON.stringify(ds));
    const notice = ds.filter((d: Any) => d.policy === "iam-policy-documents");
    assert.equal(notice.length, 1, JSON.stringify(ds));
    assert.equal(notice[0].level, pb.EnforcementLevel.ADVISORY);
    assert.match(notice[0].message, /during preview: .*\.policy\.Statement\.0\.Resource/);

    // Wholly unknown, as `pulumi.interpolate` or `getPolicyDocumentOutput` are in a preview.
    const whole = diagnosticsOf(await call("analyze", analyzeRequest(POLICY, "later2", { policy: UNKNOWN })));
    assert.deepEqual(
      whole.map((d: Any) => [d.policy, d.level]),
      [["iam-policy-documents", pb.EnforcementLevel.ADVISORY]],
    );
  });

  test("a role's known inline policy is reported while its trust policy is not known yet", async () => {
    const res: Any = await call(
      "analyze",
      analyzeRequest("aws:iam/role:Role", "r", {
        assumeRolePolicy: UNKNOWN,
        inlinePolicies: [{ name: "x", policy: JSON.stringify({ Version: "2012-10-17", Statement: [admin] }) }],
      }),
    );
    const ds = mandatory(res);
    assert.ok(
      ds.some(
        (d: Any) =>
          d.level === pb.EnforcementLevel.MANDATORY &&
          d.message.includes("\ninlinePolicies[0].policy: [privilege-escalation]"),
      ),
      JSON.stringify(ds),
    );
    assert.ok(ds.some((d: Any) => d.level === pb.EnforcementLevel.ADVISORY && d.message.includes(".assumeRolePolicy")));

    // A role whose inline policies, or one of them, are not known yet says so too.
    const trust = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "sagemaker.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
        },
      ],
    });
    for (const [inlinePolicies, path] of [
      [UNKNOWN, ".inlinePolicies "],
      [[UNKNOWN], ".inlinePolicies.0 "],
    ] as const) {
      const notice = mandatory(
        await call("analyze", analyzeRequest("aws:iam/role:Role", "r2", { assumeRolePolicy: trust, inlinePolicies })),
      );
      assert.equal(notice.length, 1, JSON.stringify(notice));
      assert.equal(notice[0].level, pb.EnforcementLevel.ADVISORY);
      assert.ok(notice[0].message.includes(path), notice[0].message);
    }
  });

  test("duplicate keys and a byte-order mark get check's verdict (its JSON reader, not JSON.parse)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ai-iam-pack-"));
    const stmt = JSON.stringify({ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::acme/*" });
    const texts = {
      duplicate: `{"Version":"2012-10-17","Statement":[${JSON.stringify(admin)}],"Statement":[${stmt}]}`,
      bom: `\ufeff${JSON.stringify({ Version: "2012-10-17", Statement: [JSON.parse(stmt)] })}`,
    };
    for (const [name, text] of Object.entries(texts)) {
      const file = join(dir, `${name}.json`);
      writeFileSync(file, text);
      const cli = checkRules(file);
      const res: Any = await call("analyze", analyzeRequest(POLICY, name, { policy: text }));
      const pack = diagnosticsOf(res)
        .map((d: Any) => /\[([a-z0-9-]+)\]/.exec(d.message)?.[1])
        .sort();
      assert.deepEqual(pack, cli, `${name}: the pack and check disagree`);
    }
  });
});

describe("the policy pack's config", () => {
  test("an ignoreRules id ai-iam does not have, or a wrong type, fails the analysis with the config's problem", async () => {
    const configureDocuments = (props: object) =>
      configure({ "iam-policy-documents": [pb.EnforcementLevel.MANDATORY, props] });
    const broad = JSON.stringify({ Version: "2012-10-17", Statement: [admin] });
    for (const [props, expected] of [
      [{ ignoreRules: ["star-resourse"] }, /unknown rule "star-resourse".*star-resource/],
      [{ ignoreRules: "star-resource" }, /ignoreRules must be a list/],
    ] as const) {
      await configureDocuments(props);
      await assert.rejects(call("analyze", analyzeRequest(POLICY, "p", { policy: broad })), expected);
    }
    await configureDocuments({ ignoreRules: ["star-resource"] });
    const ds = mandatory(await call("analyze", analyzeRequest(POLICY, "p", { policy: broad })));
    assert.ok(ds.length > 0 && ds.every((d: Any) => !d.message.includes("[star-resource]")), JSON.stringify(ds));
  });

  test("the config schema the CLI validates lists the rule ids ignoreRules may name", async () => {
    const info: Any = await call("getAnalyzerInfo", new Empty());
    const p = info.getPoliciesList().find((x: Any) => x.getName() === "iam-policy-documents");
    const schema = p.getConfigschema().getProperties().toJavaScript();
    assert.ok(schema.ignoreRules.items.enum.includes("star-resource"));
    assert.ok(schema.ignoreRules.items.enum.includes("policy-json-syntax"));
  });
});

test("a bucket policy given on the bucket itself is checked like a BucketPolicy (docs: every bucket policy)", async () => {
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::public/*" }],
  });
  for (const type of ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:s3/bucketPolicy:BucketPolicy"]) {
    const ds = mandatory(await call("analyze", analyzeRequest(type, "public", { bucket: "public", policy })));
    assert.ok(
      ds.some((d: Any) => d.level === pb.EnforcementLevel.MANDATORY && d.message.includes("[external-access]")),
      `${type}: ${JSON.stringify(ds)}`,
    );
  }
  const none = await call<Any>("analyze", analyzeRequest("aws:s3/bucket:Bucket", "b", { bucket: "b", policy: "" }));
  assert.deepEqual(diagnosticsOf(none), []);
});
