/**
 * The `--jobs` option and the warning about failed worker threads, apart from the worker pool
 * (jobs.ts) so that a command can check its options without loading the prover.
 */
import { availableParallelism } from "node:os";
import type { Diagnostic } from "../../diagnostics/index.js";

/** `--jobs` as given: a whole number ≥ 1, or `auto` (the cores Node may use); undefined if invalid. */
export function parseJobs(text: string): number | undefined {
  if (text === "auto") return availableParallelism();
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 64 ? n : undefined;
}

/** The warning a command prints when worker threads failed (their units were proven in the main thread). */
export function workerWarning(failures: readonly string[]): Diagnostic {
  return {
    code: "prover-worker-failed",
    severity: "warning",
    message: `${failures.length} prover worker thread failure(s); their units were proven in the main thread (the result is complete): ${failures[0]}`,
  };
}
