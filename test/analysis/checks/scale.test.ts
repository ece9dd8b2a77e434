/**
 * Checking a model grows linearly with its principals (issues 12 and 14): the work the risk
 * analysis does is counted (`riskStats`), not timed, so the test does not depend on the load of
 * the machine. A quadratic term (every passer against every role, every principal's targets
 * matched against every user of the model) doubles the ratio below.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { RiskStats } from "../../../src/analysis/checks/risk/stats.js";
import { resetRiskStats, riskStats } from "../../../src/analysis/checks/risk/stats.js";
import { checkModel } from "../../../src/analysis/checks/runner.js";
import { compileSpec } from "../../../src/compile/compile.js";
import { loadSpecFromString } from "../../../src/input/team-spec/load.js";
import type { AccessModel } from "../../../src/model/types.js";
import { generateOrgSpec } from "../../helpers/generate-org.js";
import { allow, doc, model, policy, principal, rule } from "./rules/build.js";

function orgModel(teams: number): AccessModel {
  const loaded = loadSpecFromString(generateOrgSpec(teams, 4), "generated.yaml");
  const m = loaded.spec ? compileSpec(loaded.spec).model : undefined;
  if (!m) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
  return m;
}

function counted(m: AccessModel, rules?: Parameters<typeof checkModel>[1]): RiskStats {
  resetRiskStats();
  checkModel(m, rules);
  return { ...riskStats };
}

/** `big / small` is at most `factor` times the growth of the principals (1 = linear). */
function assertNearLinear(what: string, small: number, big: number, growth: number): void {
  assert.ok(small > 0, `${what}: nothing counted`);
  assert.ok(big / small <= growth * 1.2, `${what}: ${small} -> ${big} for ${growth}x the principals`);
}

describe("model checks scale linearly in principals", () => {
  it("PassRole comparisons and effective-access objects grow with the org, not its square", () => {
    const small = counted(orgModel(6));
    const big = counted(orgModel(12));
    assertNearLinear("passer-role pairs", small.passRolePairs, big.passRolePairs, 2);
    assertNearLinear("effective access built", small.accessCreated, big.accessCreated, 2);
  });

  it("escalation targets are found by prefix, not by testing every user of the model", () => {
    // Each user may create access keys for itself only (AWS: IAM User Guide, "Allow IAM users to
    // manage their own credentials"): its targets are its own user, whatever the model's size.
    const users = (n: number) =>
      model(
        Array.from({ length: n }, (_, i) => principal(`u/n${i}`, "user", { managedPolicies: [`p${i}`] })),
        Array.from({ length: n }, (_, i) =>
          policy(`p${i}`, doc(allow(["iam:CreateAccessKey"], [`arn:aws:iam::111122223333:user/u-n${i}`]))),
        ),
      );
    const opts = { rules: [rule("privilege-escalation")] };
    const small = counted(users(40), opts);
    const big = counted(users(80), opts);
    assertNearLinear("real targets tested", small.targetTests, big.targetTests, 2);
  });
});
