/**
 * The report's checks on a thread of their own: the worker's answer is what the checks give in
 * this thread, and a model the worker cannot be sent leaves the checks to this thread (undefined,
 * the error reported) instead of failing the report.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AccessModel } from "../../src/model/types.js";
import { checksBeside, checksHere } from "../../src/report/checks-beside.js";
import { allow, doc, model, policy, principal } from "../analysis/checks/rules/build.js";

function small(): AccessModel {
  return model(
    [principal("t/alice", "user", { managedPolicies: ["pass"] }), principal("t/job", "role")],
    [policy("pass", doc(allow(["iam:PassRole"], ["*"]), allow(["sagemaker:CreateTrainingJob"], ["*"])))],
  );
}

describe("checksBeside", () => {
  it("answers in the worker what the checks answer here", async () => {
    const errors: Error[] = [];
    const there = await checksBeside(small(), [], (e) => errors.push(e));
    const here = checksHere(small(), []);
    assert.deepEqual(errors, []);
    assert.ok(there, "the worker answered");
    assert.ok(here.findings.length > 0, "the model has findings");
    assert.deepEqual(there, here);
  });

  it("leaves the checks to this thread when the model cannot be sent", async () => {
    const errors: Error[] = [];
    const odd = Object.assign(small(), { note: () => "not data" }) as AccessModel;
    const there = await checksBeside(odd, [], (e) => errors.push(e));
    assert.equal(there, undefined);
    assert.equal(errors.length, 1);
  });
});
