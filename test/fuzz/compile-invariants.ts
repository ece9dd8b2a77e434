/**
 * The compiler's invariants over random specs (test/helpers/invariants.ts), as a fast-check run.
 * `npm test` runs a few hundred (test/compile/invariants.test.ts); run this file for a long run:
 *
 *   npx tsx test/fuzz/compile-invariants.ts [runs] [--full] [--seed N]
 *
 * which prints its figures (cases, compiled, rejected by code, requests decided, time).
 */
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { type InvariantOptions, invariantViolations } from "../helpers/invariants.js";
import { randomSpec, specText } from "../helpers/random-spec.js";
import { loadAndCompile } from "../helpers/spec-access.js";

/**
 * Rejections a generated spec can earn, each a located error: a sharedImages wildcard into team
 * `shared`'s repositories (the generator makes some on purpose). Any other error is a failure.
 */
const EXPECTED_REJECTIONS = new Set(["compile-shared-image-reach"]);

export interface RunOptions {
  runs: number;
  depth: InvariantOptions["depth"];
  /** Run `check` (invariant e) on every n-th compiled spec; 1 = all. */
  findingsEvery: number;
  seed?: number;
}

export interface RunStats {
  runs: number;
  compiled: number;
  rejected: Record<string, number>;
  decisions: number;
  compliantAllowed: number;
  findingsChecked: number;
  ms: number;
}

/** Runs the property; throws (fast-check's report, with the seed and the shrunk spec) on a violation. */
export function runInvariants(opts: RunOptions): RunStats {
  const stats: RunStats = {
    runs: opts.runs,
    compiled: 0,
    rejected: {},
    decisions: 0,
    compliantAllowed: 0,
    findingsChecked: 0,
    ms: 0,
  };
  const start = performance.now();
  let n = 0;
  fc.assert(
    fc.property(randomSpec, (spec) => {
      const text = specText(spec);
      const { model, errors } = loadAndCompile(text, "random.yaml");
      if (!model) {
        const unexpected = errors.filter((e) => !EXPECTED_REJECTIONS.has(e.code) || !e.file || !e.line);
        if (unexpected.length > 0 || errors.length === 0) {
          throw new Error(
            `rejected unexpectedly:\n${unexpected.map((e) => `${e.code} ${e.line}: ${e.message}`).join("\n")}\n${text}`,
          );
        }
        for (const e of errors) stats.rejected[e.code] = (stats.rejected[e.code] ?? 0) + 1;
        return;
      }
      stats.compiled++;
      const findings = n++ % opts.findingsEvery === 0;
      if (findings) stats.findingsChecked++;
      const result = invariantViolations(spec, model, { depth: opts.depth, findings });
      stats.decisions += result.decisions;
      stats.compliantAllowed += result.compliantAllowed;
      if (result.violations.length > 0) {
        throw new Error(result.violations.slice(0, 20).join("\n"));
      }
    }),
    { numRuns: opts.runs, ...(opts.seed !== undefined ? { seed: opts.seed } : {}) },
  );
  stats.ms = Math.round(performance.now() - start);
  return stats;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const runs = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
  const seedAt = args.indexOf("--seed");
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : Date.now() % 2 ** 31;
  const depth = args.includes("--full") ? "full" : "quick";
  process.stdout.write(`compiler invariants: ${runs} random specs, ${depth} probes, seed ${seed}\n`);
  const stats = runInvariants({ runs, depth, findingsEvery: 5, seed });
  process.stdout.write(
    `${stats.runs} specs: ${stats.compiled} compiled, rejected ${JSON.stringify(stats.rejected)}; ` +
      `${stats.decisions} requests decided (${stats.compliantAllowed} compliant ones allowed); ` +
      `check on ${stats.findingsChecked}; ${(stats.ms / 1000).toFixed(1)} s; no violation\n`,
  );
}
