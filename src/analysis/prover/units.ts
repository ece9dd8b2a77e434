/**
 * The prover's work, cut into units that can run anywhere: one principal of `prove` (its isolation,
 * guardrail and ad-hoc properties) or of the exact diff (its access and trust questions), or one never/always test. A
 * unit's answer depends only on the job and the unit, never on which thread or process computed it
 * or what ran before it, so any split of the units (threads with `--jobs`, CI jobs with `--shard`)
 * puts together the same report.
 *
 * Imports are static: a worker started from source loads this file through tsx's CommonJS hook,
 * which a dynamic `import()` would bypass.
 */
import type { AccessModel } from "../../model/types.js";
import { relieveHeap } from "../../util/heap.js";
import type { PropertyDefinition } from "./guardrails.js";
import type { PropertyResult } from "./isolation.js";
import { type ExactPrincipalResult, proveModelNoNewAccess } from "./models.js";
import { proveModel } from "./properties.js";
import { type ExactTestResult, runExactTests } from "./tests.js";

/** What every unit of one run shares (sent once to each worker). */
export type ProverJob =
  | { kind: "prove"; model: AccessModel; timeoutMs?: number; properties?: readonly PropertyDefinition[] }
  | { kind: "diff"; before: AccessModel; after: AccessModel; timeoutMs?: number; maxFindings?: number }
  | { kind: "tests"; model: AccessModel; timeoutMs?: number };

/** A unit's answer: `prove` → properties, `diff` → principal questions, `tests` → one test's result. */
export type UnitResult = PropertyResult[] | ExactPrincipalResult[] | ExactTestResult[];

/**
 * One unit: a principal id (`prove`, `diff`) or the index of a never/always test among the model's
 * tests (`tests`, as a decimal string).
 */
export async function runUnit(job: ProverJob, unit: string): Promise<UnitResult> {
  relieveHeap();
  if (job.kind === "prove") {
    const opts = { timeoutMs: job.timeoutMs, ids: [unit], properties: job.properties };
    return (await proveModel(job.model, opts)).properties;
  }
  if (job.kind === "diff") {
    const opts = { ids: [unit], timeoutMs: job.timeoutMs, maxFindings: job.maxFindings };
    return (await proveModelNoNewAccess(job.before, job.after, opts)).principals;
  }
  const test = (job.model.tests ?? [])[Number(unit)];
  return runExactTests(job.model, [test], { timeoutMs: job.timeoutMs });
}
