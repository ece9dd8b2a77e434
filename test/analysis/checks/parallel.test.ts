/**
 * `check` over a large model spread over threads gives the findings checking in one thread gives,
 * in the same order: document rules, model rules and risk rules of principals checked in a worker
 * thread are neither lost nor repeated, and a worker that cannot start leaves its chunks to this
 * thread.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkModelParallel } from "../../../src/analysis/checks/parallel.js";
import { checkModel } from "../../../src/analysis/checks/runner.js";
import type { Finding, Rule } from "../../../src/analysis/checks/types.js";
import type { AccessModel } from "../../../src/model/types.js";
import { allow, doc, model, policy, principal, rule } from "./rules/build.js";

/** Teams of a user and a role: PassRole on every role (a document finding and an escalation), a role of admins. */
function riskyModel(teams: number): AccessModel {
  const principals = [];
  const policies = [];
  for (let t = 0; t < teams; t++) {
    principals.push(principal(`t${t}/user`, "user", { managedPolicies: [`t${t}-pass`, `t${t}-read`] }));
    principals.push(principal(`t${t}/job`, "role", { managedPolicies: [t % 7 === 0 ? "admin" : `t${t}-read`] }));
    policies.push(
      policy(`t${t}-pass`, doc(allow(["iam:PassRole"], ["*"]), allow(["sagemaker:CreateTrainingJob"], ["*"]))),
    );
    policies.push(policy(`t${t}-read`, doc(allow(["s3:GetObject", "s3:GetObject"], [`arn:aws:s3:::t${t}/*`]))));
  }
  policies.push(policy("admin", doc(allow(["*"], ["*"]))));
  return model(principals, policies);
}

const key = (f: Finding) => JSON.stringify(f);

describe("checkModelParallel", () => {
  it("finds what checkModel finds, in its order, in a worker thread", async () => {
    const m = riskyModel(8);
    const one = checkModel(m);
    const errors: Error[] = [];
    // Every chunk in the worker (`inThisThread: false`), so that its answers are the ones compared.
    const opts = { workers: 1, threshold: 0, inThisThread: false, onWorkerError: (e: Error) => errors.push(e) };
    const two = await checkModelParallel(m, {}, opts);
    assert.deepEqual(errors, []);
    assert.deepEqual(two.map(key), one.map(key));
    // Every kind of unit is there: a document rule, a model rule, a risk rule of a principal.
    const rules = new Set(one.map((f) => f.rule));
    for (const id of ["pass-role-unconstrained", "pass-role-to-more-privileged", "privilege-escalation"])
      assert.ok(rules.has(id), `${id} among ${[...rules].join(", ")}`);
    assert.ok(
      one.some((f) => f.principal === "t7/user"),
      "the last team's principals are checked",
    );
  });

  it("checks in this thread what a worker cannot take", async () => {
    const m = riskyModel(12);
    const one = checkModel(m);
    // A job that does not clone (a function in the model): the worker never starts.
    const odd = Object.assign(riskyModel(12), { note: () => "not data" }) as AccessModel;
    const errors: Error[] = [];
    const opts = { workers: 1, threshold: 0, inThisThread: false, onWorkerError: (e: Error) => errors.push(e) };
    const two = await checkModelParallel(odd, {}, opts);
    assert.equal(errors.length, 1);
    assert.deepEqual(two.map(key), one.map(key));
  });

  it("runs a caller's own rules (which a worker cannot rebuild) in this thread", async () => {
    const own: Rule = {
      scope: "document",
      meta: { ...rule("star-resource").meta, id: "my-rule", messages: { found: "found" } },
      check: () => [{ messageId: "found" }],
    } as Rule;
    const m = riskyModel(12);
    const found = await checkModelParallel(m, { rules: [own] }, { workers: 2, threshold: 0 });
    assert.equal(found.filter((f) => f.rule === "my-rule").length, m.policies.length);
  });
});
