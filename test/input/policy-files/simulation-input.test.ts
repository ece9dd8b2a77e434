/** The files `simulate` reads (src/input/policy-files/simulation-input.ts): requests and policy sets, with positions. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parsePolicySet, parseRequests } from "../../../src/input/policy-files/simulation-input.js";

describe("input loaders", () => {
  test("requests as a JSON array and as JSON Lines, with line numbers", () => {
    const arr = parseRequests(
      '[{"principal":"p","action":"s3:GetObject","resource":"*","context":{"n":5,"b":[true]}}]',
    );
    assert.deepEqual(arr.diagnostics, []);
    assert.deepEqual(arr.requests[0].context, { n: "5", b: ["true"] });
    const lines = parseRequests(
      '{"principal":"p","action":"s3:GetObject","resource":"*"}\n\n{"principal":"p","action":"s3:*","resource":"*","extra":1}\nnot json\n',
      {
        file: "r.jsonl",
      },
    );
    assert.equal(lines.requests.length, 1);
    const where = lines.diagnostics.map((d) => `${d.line}:${d.code}`).sort();
    assert.deepEqual(where, ["3:request-invalid-action", "3:request-unknown-key", "4:policy-json-syntax"]);
  });
  test("policy-set diagnostics point into the file, wrapped documents included", () => {
    const text = `{
  "identityPolicies": [
    { "name": "a", "document": { "Version": "2012-10-17", "Statement": [
      { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": { "NumericLessThan": { "s3:max-keys": "ten" } } } ] } }
  ]
}`;
    const r = parsePolicySet(text, { file: "set.json" });
    assert.equal(r.policySet, undefined);
    assert.equal(r.diagnostics.length, 1, JSON.stringify(r.diagnostics));
    const [d] = r.diagnostics;
    // The parser reports it (the engine reads values with the same functions: policy/condition-values.ts).
    assert.equal(d.code, "policy-invalid-condition-value");
    assert.equal(d.file, "set.json");
    assert.equal(d.path, "/identityPolicies/0/document/Statement/0/Condition/NumericLessThan/s3:max-keys");
    assert.equal(d.line, 5);
    const bad = parsePolicySet('{ "identityPolicies": [], "scps": [ {} ] }', { file: "s.json" });
    assert.equal(bad.diagnostics[0]?.code, "policy-set-not-a-list");
    assert.equal(bad.diagnostics[0]?.line, 1);
  });
  test("a resource policy without Resource is read as a trust policy", () => {
    const r = parsePolicySet(
      JSON.stringify({
        identityPolicies: [],
        resourcePolicy: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "sagemaker.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
      }),
    );
    assert.ok(r.policySet, JSON.stringify(r.diagnostics));
  });
});
