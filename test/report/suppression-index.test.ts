import assert from "node:assert/strict";
import { test } from "node:test";
import type { Finding } from "../../src/analysis/checks/types.js";
import type { SpecSuppression } from "../../src/input/team-spec/types.js";
import { suppressionIndex } from "../../src/report/report-data.js";
import { Random } from "../helpers/random.js";

/** The definition: the first suppression, in the spec's order, that matches the finding. */
function firstMatch(suppressions: readonly SpecSuppression[], f: Finding): SpecSuppression | undefined {
  return suppressions.find(
    (s) =>
      (s.rule === f.rule || s.rule === "*") &&
      s.reason.trim() === f.suppressed?.reason &&
      (s.principal === undefined || s.principal === f.principal) &&
      (s.policy === undefined || s.policy === f.policy),
  );
}

test("the suppression index finds the same suppression as a scan of the spec's, in order", () => {
  const random = new Random(14);
  const maybe = <T>(xs: readonly T[]) => (random.chance(0.4) ? undefined : random.pick(xs));
  for (let round = 0; round < 200; round++) {
    const suppressions: SpecSuppression[] = Array.from({ length: random.int(12) }, () => {
      const s: SpecSuppression = { rule: random.pick(["r1", "r2", "*"]), reason: random.pick(["a", " a ", "b"]) };
      const principal = maybe(["p1", "p2", ""]);
      const policy = maybe(["x", "y"]);
      if (principal !== undefined) s.principal = principal;
      if (policy !== undefined) s.policy = policy;
      return s;
    });
    const find = suppressionIndex(suppressions);
    for (let i = 0; i < 20; i++) {
      const f: Finding = {
        rule: random.pick(["r1", "r2", "r3"]),
        severity: "warning",
        message: "m",
        suppressed: { reason: random.pick(["a", "b"]) },
      };
      const principal = maybe(["p1", "p2", ""]);
      const policy = maybe(["x", "y"]);
      if (principal !== undefined) f.principal = principal;
      if (policy !== undefined) f.policy = policy;
      assert.equal(find(f), firstMatch(suppressions, f), JSON.stringify({ suppressions, f }));
    }
  }
});
