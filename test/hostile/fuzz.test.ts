/**
 * The fuzzers' short run (CI): a few hundred generated inputs per target, asserting only what must
 * hold for any input (no exception but DiagnosticsError, exit codes 0/1/2, consistent answers).
 * `npm run fuzz` runs thousands, with inputs up to 1 MB and time and memory limits.
 */
import { test } from "node:test";
import { runTarget } from "./fuzz/harness.js";
import { fuzzTargets } from "./fuzz/targets.js";

const RUNS: Record<string, number> = {
  "wildcard matches/covers/overlaps": 500,
  "policy parser and rules": 300,
  "request reader and engine": 300,
  "spec loader, compiler and access tests": 150,
  "YAML fast path = yaml package": 200,
  "CLI exit codes": 40,
};

for (const target of fuzzTargets({ large: false })) {
  test(`fuzz: ${target.name}`, async () => {
    await runTarget(target, { numRuns: RUNS[target.name] ?? 100 });
  });
}
