import assert from "node:assert/strict";
import { test } from "node:test";
import { runAccessTests } from "../../../src/analysis/review/run-tests.js";
import type { AccessModel, AccessTest, ModelPolicy } from "../../../src/model/types.js";
import { ACCOUNT, model, policy, user } from "./fixtures.js";

/**
 * `runAccessTests` compiles one policy set per principal and resource policy, not one per test
 * (13,000 tests of one principal took 3 s compiling). Run together, the tests must answer exactly
 * as each run alone (a fresh compilation each): the bucket policy of the asked bucket, and a
 * role's trust policy for `sts:AssumeRole`, change the set between tests of one principal. AWS:
 * "Policy evaluation logic" (a resource-based policy can allow on its own within an account).
 */

function withPolicies(): AccessModel {
  const role = {
    ...user("ops/runner", "ops", { managedPolicies: [] }),
    kind: "role" as const,
    arn: `arn:aws:iam::${ACCOUNT}:role/runner`,
    trustPolicy: "runner-trust",
  };
  const m = model(
    [user("t/ann", "t", { managedPolicies: ["read-a"] }), user("t/bob", "t", { managedPolicies: ["assume"] }), role],
    [
      policy("read-a", [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::a/*"] }]),
      policy("assume", [{ Effect: "Allow", Action: ["sts:AssumeRole"], Resource: ["*"] }]),
    ],
  );
  const resource = (id: string, statements: ModelPolicy["document"]["Statement"]): ModelPolicy => ({
    ...policy(id, statements),
    policyType: id.endsWith("trust") ? "trust" : "resource",
  });
  m.policies.push(
    resource("bucket-b", [
      {
        Effect: "Allow",
        Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:user/t-ann`] },
        Action: ["s3:GetObject"],
        Resource: ["arn:aws:s3:::b/*"],
      },
    ]),
    resource("runner-trust", [
      {
        Effect: "Allow",
        Principal: { AWS: [`arn:aws:iam::${ACCOUNT}:user/t-bob`] },
        Action: ["sts:AssumeRole"],
      },
    ]),
  );
  m.resourcePolicies.push({ id: "b", resourceArn: "arn:aws:s3:::b", policyId: "bucket-b" });
  return m;
}

test("tests run together answer as each run alone (shared compilations, resource and trust policies)", () => {
  const m = withPolicies();
  const t = (principal: string, action: string, resource: string, expect: "allow" | "deny"): AccessTest => ({
    principal,
    action,
    resource,
    expect,
  });
  const tests = [
    t("t/ann", "s3:GetObject", "arn:aws:s3:::a/x", "allow"),
    t("t/ann", "s3:GetObject", "arn:aws:s3:::b/x", "allow"),
    t("t/ann", "s3:GetObject", "arn:aws:s3:::c/x", "deny"),
    t("t/ann", "s3:GetObject", "arn:aws:s3:::b/y", "allow"),
    t("t/bob", "s3:GetObject", "arn:aws:s3:::b/x", "deny"),
    t("t/bob", "sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/runner`, "allow"),
    t("t/ann", "sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/runner`, "deny"),
    t("t/bob", "sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/other`, "deny"),
    t("t/nobody", "s3:GetObject", "arn:aws:s3:::a/x", "deny"),
    t("t/ann", "s3:GetObject", "arn:aws:s3:::a/x", "allow"),
  ];
  const together = runAccessTests(m, tests);
  const alone = tests.flatMap((x) => runAccessTests(m, [x]));
  assert.deepEqual(together, alone);
  assert.deepEqual(
    together.map((r) => r.passed),
    tests.map((x) => x.principal !== "t/nobody"),
  );
  // The bucket policy alone allows ann on b (her identity policy names only a).
  assert.equal(together[1].decision, "Allowed");
  assert.equal(together[5].decision, "Allowed");
});
