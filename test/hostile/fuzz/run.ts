/**
 * `npm run fuzz [-- --runs N] [--seed S] [--target name]`: the long run. Every target with inputs
 * up to 1 MB, thousands of cases, each input timed and the process's peak memory recorded; an input
 * over 2 s or a peak over 500 MB fails the run. Prints, per target: cases, the slowest input's
 * time and size, the largest input, and the peak memory.
 */
import { parseArgs } from "node:util";
import { runTarget } from "./harness.js";
import { fuzzTargets } from "./targets.js";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3000" },
    seed: { type: "string" },
    target: { type: "string" },
    "no-limits": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
process.stdout.write(`fuzz: seed ${seed}, ${runs} cases per target (the CLI target a tenth of that)\n`);
let failed = false;
for (const target of fuzzTargets({ large: true })) {
  if (values.target && !target.name.includes(values.target)) continue;
  const numRuns = target.name.startsWith("CLI") ? Math.ceil(runs / 10) : runs;
  const t0 = performance.now();
  try {
    const s = await runTarget(target, { numRuns, seed, measure: !values["no-limits"] });
    process.stdout.write(
      `${target.name.padEnd(42)} ${String(s.cases).padStart(6)} cases  slowest ${s.maxMs.toFixed(0).padStart(5)} ms ` +
        `(${s.slowestBytes} B)  largest ${s.largestBytes} B  peak RSS ${Math.round(s.peakRssBytes / 2 ** 20)} MB  ` +
        `total ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
    );
  } catch (e) {
    failed = true;
    process.stdout.write(`${target.name}: FAILED\n${abbreviate(e instanceof Error ? e.message : String(e))}\n`);
  }
}
process.exitCode = failed ? 1 : 0;

/** fast-check prints the whole counterexample; a 1 MB input is shown by its ends. */
function abbreviate(message: string): string {
  return message.replace(
    /[^\n]{2000,}/g,
    (line) => `${line.slice(0, 600)} … (${line.length} characters) … ${line.slice(-600)}`,
  );
}
