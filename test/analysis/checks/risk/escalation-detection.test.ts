import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ESCALATION_METHODS } from "../../../../src/analysis/checks/risk/methods.js";
import { LINT_RULES, loadManifest, reportedMethods, runCase } from "./escalation-corpus.js";

/**
 * Data-driven: every case of the escalation corpus (`test/fixtures/escalation/`, one per method
 * and way of scoping it — on `*`, on named ARNs, on the caller's own user, behind conditions —
 * and one per way a Deny, a boundary, an SCP or a condition removes it) is checked as
 * `ai-iam check` checks it. Exactly the expected methods are reported; a conditional path names
 * its limiting conditions; no escalation rule or PassRole lint flags a case whose guard removes
 * the path. Requests are decided as AWS does (IAM User Guide, "Policy evaluation logic").
 */
const manifest = loadManifest();

for (const m of ESCALATION_METHODS) {
  const cases = manifest.cases.filter((c) => c.method === m.id);
  describe(`escalation method ${m.id}`, () => {
    for (const c of cases) {
      test(`${c.variant}: ${c.kind === "positive" ? "found" : `not flagged (${c.removedBy})`}`, () => {
        const findings = runCase(c, manifest.account);
        assert.deepEqual(reportedMethods(findings), c.expect);
        if (c.kind === "negative") {
          const lints = findings.filter((f) => LINT_RULES.has(f.rule)).map((f) => f.message);
          assert.deepEqual(lints, [], "a lint flags a path the guard removes");
        }
        for (const key of c.conditions ?? []) {
          const f = findings.find((x) => (x.data?.methods as string[] | undefined)?.includes(m.id));
          assert.ok(f?.message.includes(key), `${m.id} is reported with ${key}: ${f?.message}`);
        }
      });
    }
  });
}

describe("aggregate policies", () => {
  for (const c of manifest.cases.filter((x) => x.variant === "aggregate")) {
    test(c.id, () => {
      assert.deepEqual(reportedMethods(runCase(c, manifest.account)), c.expect);
    });
  }
});

describe("external access", () => {
  for (const c of manifest.cases.filter((x) => x.variant.startsWith("external:"))) {
    test(c.id, () => {
      const exposure = runCase(c, manifest.account)
        .filter((f) => f.rule === "external-access")
        .map((f) => ({
          principal: f.data?.scope,
          conditions: [...((f.data?.conditions as string[]) ?? [])].sort(),
          severity: f.severity,
          category: f.category,
        }));
      const want = (c.expectExternal ?? []).map((e) => ({
        principal: e.principal,
        conditions: [...e.conditions].sort(),
        severity: "security",
        category: "resource-exposure",
      }));
      assert.deepEqual(exposure, want);
    });
  }
});

test("one finding per principal and rule, however many methods", () => {
  const c = manifest.cases.find((x) => x.id === "aggregate/administrator");
  assert.ok(c);
  const findings = runCase(c, manifest.account).filter((f) => f.rule === "privilege-escalation");
  assert.equal(findings.length, 1);
  assert.ok(((findings[0].data?.methods as string[]) ?? []).length > 10);
});
