import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { inferPolicyKind, inferPolicyKindOfText } from "../../../src/input/policy-files/kind.js";
import { parsePolicySet } from "../../../src/input/policy-files/simulation-input.js";

const doc = (...statements: object[]) => ({ Version: "2012-10-17", Statement: statements });
const trustStatement = { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" };

describe("inferPolicyKind: the one policy-kind inference", () => {
  test("no principal anywhere: an identity policy", () => {
    assert.equal(inferPolicyKind(doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" })), "identity");
    assert.equal(inferPolicyKind({ Statement: { Effect: "Allow", Action: "s3:*", Resource: "*" } }), "identity");
    assert.equal(inferPolicyKindOfText("{ not json"), "identity");
    assert.equal(inferPolicyKind("a string"), "identity");
  });

  test("a principal with only trust-policy actions, in any case and as patterns: a trust policy", () => {
    assert.equal(inferPolicyKind(doc(trustStatement)), "trust");
    const web = {
      Effect: "Allow",
      Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/x" },
      Action: ["STS:AssumeRoleWithWebIdentity", "sts:TagSession"],
    };
    assert.equal(inferPolicyKind(doc(web)), "trust");
    assert.equal(inferPolicyKind(doc({ ...trustStatement, Action: "sts:AssumeRole*" })), "trust");
    assert.equal(inferPolicyKindOfText(JSON.stringify(doc(trustStatement))), "trust");
  });

  test("a file's text: a key spelled with escapes still names a principal (no text search decides it)", () => {
    const escaped = JSON.stringify(doc(trustStatement)).replace('"Principal"', '"\\u0050rincipal"');
    assert.ok(!escaped.includes("Principal"));
    assert.equal(inferPolicyKindOfText(escaped), "trust");
    const notPrincipal = JSON.stringify(doc({ ...trustStatement, Principal: undefined, NotPrincipal: { AWS: "*" } }));
    assert.equal(inferPolicyKindOfText(notPrincipal.replace('"NotPrincipal"', '"NotPrinc\\u0069pal"')), "trust");
    assert.equal(
      inferPolicyKindOfText(JSON.stringify(doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }))),
      "identity",
    );
  });

  test("a principal with any other action: a resource policy", () => {
    const bucket = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };
    assert.equal(inferPolicyKind(doc(bucket)), "resource");
    assert.equal(inferPolicyKind(doc(trustStatement, bucket)), "resource");
    assert.equal(inferPolicyKind(doc({ ...trustStatement, Action: "sts:GetCallerIdentity" })), "resource");
  });
});

describe("a simulated policy set's resource policy is read with the same inference", () => {
  const set = (resourcePolicy: object) =>
    parsePolicySet(JSON.stringify({ identityPolicies: [], resourcePolicy }), { file: "set.json" });

  test("a trust policy (no Resource) and a bucket policy (a Resource) are both accepted as written", () => {
    const trust = set(doc(trustStatement));
    assert.deepEqual(trust.diagnostics, []);
    assert.ok(trust.policySet?.resourcePolicy);
    const bucket = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };
    const resource = set(doc(bucket));
    assert.deepEqual(resource.diagnostics, []);
    assert.ok(resource.policySet?.resourcePolicy);
  });

  test("a document mixing the two is an error, never silently the other kind", () => {
    // A principal granted s3:GetObject with no Resource was once read as a trust policy and decided.
    const noResource = set(doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject" }));
    assert.equal(noResource.policySet, undefined);
    assert.ok(noResource.diagnostics.some((d) => d.code === "policy-missing-resource"));
    const trustWithResource = set(doc({ ...trustStatement, Resource: "*" }));
    assert.equal(trustWithResource.policySet, undefined);
    assert.ok(trustWithResource.diagnostics.some((d) => d.code === "policy-resource-not-allowed"));
  });
});
