/**
 * What `ai-iam test` answers: the model's access tests, `allowed`/`denied` decided by the engine and
 * `never`/`always` proven over every request (with Z3, on `jobs` threads), in the spec's order. The
 * prover is loaded only when the model has a never/always test.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import type { AccessModel } from "../model/types.js";
import type { AccessTestResult } from "./review/run-tests.js";

export interface ModelTestsOptions {
  /** Threads proving never/always tests, this one included (default 1). */
  jobs?: number;
  /** Per solver query, in milliseconds. */
  timeoutMs?: number;
  /** What needs the solver, for the diagnostic when it is not installed (default: the tests). */
  solverFeature?: string;
}

/**
 * Every test's result, in the spec's order; `results` is absent when a never/always test needs
 * the solver and it is not installed (then `diagnostics` says what to install). A worker thread
 * that failed is a warning (its tests are proven in this thread).
 */
export async function runModelTests(
  model: AccessModel,
  options: ModelTestsOptions = {},
): Promise<{ results?: AccessTestResult[]; diagnostics: Diagnostic[] }> {
  const { runAccessTests } = await import("./review/run-tests.js");
  const results: AccessTestResult[] = runAccessTests(model);
  const tests = model.tests ?? [];
  if (!tests.some((t) => t.expect === "never" || t.expect === "always")) return { results, diagnostics: [] };
  const { missingSolverDiagnostic } = await import("../input/capture/peers.js");
  const noSolver = missingSolverDiagnostic(options.solverFeature ?? "expect: never/always tests");
  if (noSolver) return { diagnostics: [noSolver] };
  const { runExactTestsJobs, workerWarning } = await import("./prover/jobs.js");
  const workerFailures: string[] = [];
  const exact = await runExactTestsJobs(model, {
    jobs: options.jobs ?? 1,
    onWorkerError: (e) => workerFailures.push(e.message),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  // In the spec's order.
  const order = new Map(tests.map((t, i) => [t, i]));
  results.push(...exact);
  results.sort((a, b) => order.get(a.test)! - order.get(b.test)!);
  return { results, diagnostics: workerFailures.length > 0 ? [workerWarning(workerFailures)] : [] };
}
