/** The files `simulate` reads (src/input/policy-files/simulation-input.ts): requests and policy sets, with positions. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DiagnosticsError } from "../../../src/diagnostics/index.js";
import { createEvaluator } from "../../../src/engine/index.js";
import { parsePolicySet, parseRequests } from "../../../src/input/policy-files/simulation-input.js";

describe("input loaders", () => {
  test("requests as a JSON array and as JSON Lines, with line numbers", () => {
    const arr = parseRequests(
      '[{"principal":"111122223333","action":"s3:GetObject","resource":"*","context":{"n":5,"b":[true]}}]',
    );
    assert.deepEqual(arr.diagnostics, []);
    assert.deepEqual(arr.requests[0].context, { n: "5", b: ["true"] });
    const lines = parseRequests(
      '{"principal":"anonymous","action":"s3:GetObject","resource":"*"}\n\n{"principal":"anonymous","action":"s3:*","resource":"*","extra":1}\nnot json\n',
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
  test("a principal the engine cannot identify is an error, not an unknown caller decided silently", () => {
    // docs/simulate.md lists the principals a request may name; anything else (a typo, a group,
    // which never makes a request, an ARN without its account) is reported at the principal.
    const line = (principal: string) => JSON.stringify({ principal, action: "s3:GetObject", resource: "*" });
    const bad = [
      "arn:aws:iam:111122223333:user/alice",
      "alice",
      "arn:aws:iam::111122223333:group/devs",
      "arn:aws:iam::1234:user/alice",
      "arn:aws:sts::111122223333:assumed-rol/r/s",
    ];
    const r = parseRequests(bad.map(line).join("\n"), { file: "r.jsonl" });
    assert.equal(r.requests.length, 0);
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.line}:${d.code}:${d.path}`),
      bad.map((_, i) => `${i + 1}:request-invalid-principal:/principal`),
    );
    const good = [
      "arn:aws:iam::111122223333:user/team/alice",
      "arn:aws:iam::111122223333:role/ml-role",
      "arn:aws:sts::111122223333:assumed-role/ml-role/s",
      "arn:aws:sts::111122223333:federated-user/f",
      "arn:aws:iam::111122223333:root",
      "111122223333",
      "sagemaker.amazonaws.com",
      "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
      "accounts.google.com",
      "anonymous",
    ];
    const ok = parseRequests(good.map(line).join("\n"));
    assert.deepEqual(ok.diagnostics, []);
    assert.equal(ok.requests.length, good.length);
    // The library's evaluator refuses the same principals (one rule: engine/principal.ts), where
    // it decided them as an unknown caller: an Allow of "*" to everyone read as ImplicitlyDenied.
    const evaluator = createEvaluator({
      identityPolicies: [
        {
          name: "all",
          document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["*"], Resource: ["*"] }] },
        },
      ],
    });
    for (const principal of bad) {
      assert.throws(
        () => evaluator.evaluate({ principal, action: "s3:GetObject", resource: "*" }),
        (e: unknown) => e instanceof DiagnosticsError && e.diagnostics[0]?.code === "request-invalid-principal",
        principal,
      );
    }
    for (const principal of good) evaluator.evaluate({ principal, action: "s3:GetObject", resource: "*" });
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
