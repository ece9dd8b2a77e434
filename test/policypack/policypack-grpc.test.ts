import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type Any,
  analyzeRequest,
  call,
  configure,
  diagnosticsOf,
  Empty,
  pb,
  stackResource,
  startPackForSuite,
  UNKNOWN,
  urn,
} from "./grpc-client.js";

/** The policy pack as the Pulumi CLI runs it, over the analyzer gRPC protocol (grpc-client.ts). */
startPackForSuite();

const broad = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }],
});

describe("the policy pack over the analyzer gRPC protocol", () => {
  test("GetAnalyzerInfo lists the pack and its policies with their enforcement levels", async () => {
    const info: Any = await call("getAnalyzerInfo", new Empty());
    assert.equal(info.getName(), "ai-iam");
    const policies = info
      .getPoliciesList()
      .map((p: Any) => `${p.getName()}=${p.getEnforcementlevel()}`)
      .sort();
    const { ADVISORY, MANDATORY } = pb.EnforcementLevel;
    assert.deepEqual(policies, [
      `iam-mfa-guardrail=${MANDATORY}`,
      `iam-policies-on-users=${ADVISORY}`,
      `iam-policy-documents-advisory=${ADVISORY}`,
      `iam-policy-documents=${MANDATORY}`,
      `iam-privilege-escalation=${MANDATORY}`,
    ]);
  });

  test("Analyze: a risky policy document is a mandatory violation; a bucket is not applicable", async () => {
    const res: Any = await call("analyze", analyzeRequest("aws:iam/policy:Policy", "broad", { policy: broad }));
    const ds = diagnosticsOf(res);
    const mandatory = ds.filter((d: Any) => d.policy === "iam-policy-documents");
    assert.ok(mandatory.length > 0, JSON.stringify(ds));
    assert.ok(mandatory.every((d: Any) => d.level === pb.EnforcementLevel.MANDATORY));
    assert.ok(mandatory.some((d: Any) => d.message.includes("[allow-with-not-action]")));

    const bucket: Any = await call("analyze", analyzeRequest("aws:s3/bucket:Bucket", "b", { bucket: "x" }));
    assert.deepEqual(diagnosticsOf(bucket), []);
    const notApplicable = bucket
      .getNotApplicableList()
      .map((n: Any) => n.getPolicyName())
      .sort();
    assert.deepEqual(notApplicable, ["iam-policy-documents", "iam-policy-documents-advisory"]);
  });

  test("AnalyzeStack: the seed's user gets the advisory violation, linked through property dependencies", async () => {
    const policy = stackResource("aws:iam/policy:Policy", "aiPolicy", {
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme/*" }],
      }),
      arn: UNKNOWN,
    });
    const user = stackResource("aws:iam/user:User", "aiUser", { name: UNKNOWN, forceDestroy: true });
    const attachment = stackResource(
      "aws:iam/userPolicyAttachment:UserPolicyAttachment",
      "aiUserPolicyAttachment",
      { user: UNKNOWN, policyArn: UNKNOWN },
      { user: [urn("aws:iam/user:User", "aiUser")], policyArn: [urn("aws:iam/policy:Policy", "aiPolicy")] },
    );
    const res: Any = await call(
      "analyzeStack",
      new pb.AnalyzeStackRequest().setResourcesList([policy, user, attachment]),
    );
    const onUsers = diagnosticsOf(res).filter((d: Any) => d.policy === "iam-policies-on-users");
    assert.equal(onUsers.length, 1, JSON.stringify(diagnosticsOf(res)));
    assert.equal(onUsers[0].urn, urn("aws:iam/user:User", "aiUser"));
    assert.equal(onUsers[0].level, pb.EnforcementLevel.ADVISORY);
  });

  test("Configure: enforcement is configurable per policy (disabled policies report nothing)", async () => {
    await configure({
      "iam-policy-documents": [pb.EnforcementLevel.DISABLED, {}],
      "iam-policy-documents-advisory": [pb.EnforcementLevel.MANDATORY, { includeSuggestions: false }],
    });
    const res: Any = await call(
      "analyze",
      analyzeRequest("aws:iam/policy:Policy", "nov", {
        policy: JSON.stringify({ Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] }),
      }),
    );
    const ds = diagnosticsOf(res);
    assert.equal(ds.filter((d: Any) => d.policy === "iam-policy-documents").length, 0);
    const advisory = ds.filter((d: Any) => d.policy === "iam-policy-documents-advisory");
    assert.ok(
      advisory.some((d: Any) => d.message.includes("missing-version")),
      JSON.stringify(ds),
    );
    assert.ok(advisory.every((d: Any) => d.level === pb.EnforcementLevel.MANDATORY));
  });
});
