import assert from "node:assert/strict";
import { test } from "node:test";
import { DiagnosticsError } from "../../../src/diagnostics/index.js";
import { runAccessTests, whoCan } from "../../../src/index.js";
import type { AccessTest } from "../../../src/model/types.js";
import { model, policy, user } from "./fixtures.js";

/**
 * Tests built in code reach `runAccessTests` without the spec loader, which refuses a test no
 * request can be: the library refuses the same ones (a `DiagnosticsError` naming each, located at
 * `/tests/<i>/…`), where `expect: deny` passed vacuously on an action, service or resource that
 * does not exist (issue 14: "one request validator … and the library").
 */
test("the library's runAccessTests refuses tests of requests that cannot exist, as the loader does", () => {
  const m = model(
    [user("t/ann", "t", { managedPolicies: ["read"] })],
    [policy("read", [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/*"] }])],
  );
  const t = (over: Partial<AccessTest>): AccessTest => ({
    principal: "t/ann",
    action: "s3:GetObject",
    resource: "arn:aws:s3:::a/x",
    expect: "deny",
    ...over,
  });
  const bad: [Partial<AccessTest>, string, string][] = [
    [{ action: "s4:GetObject" }, "request-unknown-service", "/action"],
    [{ action: "s3:GetObjekt" }, "spec-unknown-test-action", "/action"],
    [{ action: "s3:Get*" }, "request-invalid-action", "/action"],
    [{ resource: "not-an-arn" }, "request-invalid-resource", "/resource"],
    // Decided as the one object named "*": a deny test "passes" while ann reads every other object.
    [{ resource: "arn:aws:s3:::a/*" }, "request-invalid-resource", "/resource"],
    [{ context: { "aws:RequestedRegon": "us-east-1" } }, "spec-invalid-value", "/context/aws:RequestedRegon"],
    [{ absent: ["aws:MultiFactorAuthPresnt"] }, "spec-invalid-value", "/absent/aws:MultiFactorAuthPresnt"],
  ];
  for (const [over, code, path] of bad) {
    assert.throws(
      () => runAccessTests(m, [t({ expect: "allow" }), t(over)]),
      (e: unknown) =>
        e instanceof DiagnosticsError &&
        e.diagnostics.length === 1 &&
        e.diagnostics[0].code === code &&
        e.diagnostics[0].severity === "error" &&
        e.diagnostics[0].path === `/tests/1${path}`,
      JSON.stringify(over),
    );
  }
  // Every problem at once, not the first.
  assert.throws(
    () =>
      runAccessTests(
        m,
        bad.map(([over]) => t(over)),
      ),
    (e: unknown) => e instanceof DiagnosticsError && e.diagnostics.length === bad.length,
  );
  // Valid tests run; `never`/`always` patterns are the prover's (not validated as one request).
  const ok = runAccessTests(m, [
    t({ expect: "allow" }),
    t({ resource: "arn:aws:s3:::b/x" }),
    t({ resource: "*", action: "s3:ListAllMyBuckets" }),
    t({ context: { "aws:RequestedRegion": "eu-west-1" }, absent: ["aws:MultiFactorAuthPresent"] }),
    t({ action: "s3:Get*", resource: "arn:aws:s3:::b/*", expect: "never" }),
  ]);
  assert.deepEqual(
    ok.map((r) => r.passed),
    [true, true, true, false],
  );
});

test("the library's whoCan refuses a query no request can be, as who-can does, instead of answering 'nobody'", () => {
  const m = model(
    [user("t/ann", "t", { managedPolicies: ["read"] })],
    [policy("read", [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/*"] }])],
  );
  for (const [query, code, path] of [
    [{ action: "s3:GetObjekt", resource: "arn:aws:s3:::a/x" }, "request-unknown-action-asked", "/action"],
    [{ action: "s4:GetObject", resource: "arn:aws:s3:::a/x" }, "request-unknown-service", "/action"],
    [{ action: "s3:Get*", resource: "arn:aws:s3:::a/x" }, "request-invalid-action", "/action"],
    [{ action: "s3:GetObject", resource: "a/x" }, "request-invalid-resource", "/resource"],
  ] as const) {
    assert.throws(
      () => whoCan(m, query),
      (e: unknown) =>
        e instanceof DiagnosticsError && e.diagnostics[0]?.code === code && e.diagnostics[0].path === path,
      JSON.stringify(query),
    );
  }
  assert.deepEqual(
    whoCan(m, { action: "s3:GetObject", resource: "arn:aws:s3:::a/*" }).principals.map((p) => p.principal),
    ["t/ann"],
  );
});
