import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { proveNoNewAccess } from "../../../src/analysis/prover/index.js";
import { simulate } from "../../../src/engine/index.js";
import { ALICE, CASES } from "./cases.js";

describe("proveNoNewAccess: data-driven pairs", () => {
  for (const c of CASES) {
    it(`${c.name} → ${c.expect} (${c.aws})`, async () => {
      const result = await proveNoNewAccess(c.old, c.new, {
        principal: c.principal ?? ALICE,
        resourceAccount: c.resourceAccount,
        context: c.context,
        pinnedPrefixes: c.context ? ["aws:principaltag/"] : undefined,
        timeoutMs: 60_000, // a loaded CI machine must not turn a proof into "unknown"
      });
      assert.equal(result.status, c.expect, result.reason ?? JSON.stringify(result.counterexample));
      if (c.expect === "proven") {
        assert.equal(result.findings.length, 0);
        return;
      }
      assert.ok(result.findings.length > 0);
      for (const f of result.findings) {
        // Replayed here, independently of the prover's own check: allowed under new, denied under old.
        assert.equal(simulate(c.new, f.request).decision, "Allowed", JSON.stringify(f.request));
        assert.notEqual(simulate(c.old, f.request).decision, "Allowed", JSON.stringify(f.request));
      }
      if (c.action) {
        assert.ok(
          result.findings.some((f) => c.action!.test(f.request.action)),
          `expected a counterexample on ${c.action}: ${result.findings.map((f) => f.request.action).join(", ")}`,
        );
      }
    });
  }
});
