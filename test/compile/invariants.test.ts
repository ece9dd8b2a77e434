/**
 * The compiler's invariants over random specs (issue 13; test/helpers/invariants.ts says what each
 * is): a few hundred generated specs per run — prefix-sharing team, member, persona and dataset
 * names, nested prefixes, every identity mode, each guardrail on or off — each loaded, compiled and
 * then decided with the engine. A spec may also be rejected, but only with located errors of the
 * kinds a generated spec can legitimately earn. `npm run fuzz` runs thousands (test/fuzz/).
 * Replay a failure with AI_IAM_SEED=<seed> (fast-check prints it with the counterexample).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { runInvariants } from "../fuzz/compile-invariants.js";

test("random specs compile to IAM that keeps teams apart, fits AWS and holds the guardrails", () => {
  const seed = process.env.AI_IAM_SEED ? Number(process.env.AI_IAM_SEED) : undefined;
  const stats = runInvariants({
    runs: 200,
    depth: "quick",
    findingsEvery: 40,
    ...(seed !== undefined ? { seed } : {}),
  });
  // Not vacuous: most specs compile, requests were decided, and compliant ones were allowed.
  assert.ok(stats.compiled >= stats.runs * 0.6, JSON.stringify(stats));
  assert.ok(stats.decisions > stats.compiled * 50, JSON.stringify(stats));
  assert.ok(stats.compliantAllowed > 0, JSON.stringify(stats));
  assert.ok(stats.findingsChecked > 0, JSON.stringify(stats));
});
