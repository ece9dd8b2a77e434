import type { AccessModel } from "../model/types.js";
import type { JobsOptions } from "./prover/jobs.js";
import type { ExactDiff, ExactDiffOptions } from "./prover/models.js";
import type { DatasetDefinition } from "./review/dataset-access.js";
import { classifiedAccessChanges } from "./review/dataset-diff.js";
import { diffModelsParallel, type ParallelOptions } from "./review/parallel.js";
import type { AccessDiff } from "./review/types.js";

export interface ChangeReviewOptions {
  /** Threads for the sampled diff (review/parallel.ts). */
  workers?: ParallelOptions["workers"];
  /** A progress display per phase: the sampled diff (`diff`, per principal), then the proof (`prove`). */
  progress?: (phase: "diff" | "prove") => PhaseProgress;
  /** The new spec's datasets: new access to confidential and restricted ones is called out by name. */
  datasets?: Readonly<Record<string, DatasetDefinition>>;
  /** Also prove exactly (SMT) whether any principal gains access; the solver is loaded only then. */
  exact?: boolean;
  /** Per solver query (default 5,000 ms). */
  timeoutMs?: ExactDiffOptions["timeoutMs"];
  /** Solver processes for the proof (prover/jobs.ts; default 1), and a worker that failed (its units are proven here). */
  jobs?: JobsOptions["jobs"];
  onWorkerError?: JobsOptions["onWorkerError"];
}

export interface PhaseProgress {
  update(done: number, total: number): void;
  finish(): void;
}

export interface ChangeReview {
  /** The sampled effective-access diff, per principal (with `classified` when datasets were given and access was gained). */
  diff: AccessDiff;
  /** The exact answer, when asked for. */
  exact?: ExactDiff;
  /**
   * Whether the change gains access: the exact answer decides when there is one (an undecided
   * principal is not a proof of no new access), else the sampled diff.
   */
  gainsAccess: boolean;
}

/**
 * What `diff` answers about a change from `before` to `after`: the effective-access diff decided
 * by the engine, the new access to classified data it brings, and, with `exact`, the solver's
 * proof over every action, resource and context.
 */
export async function reviewChange(
  before: AccessModel,
  after: AccessModel,
  opts: ChangeReviewOptions = {},
): Promise<ChangeReview> {
  const diffing = opts.progress?.("diff");
  const diff = await diffModelsParallel(before, after, {
    ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
    ...(diffing ? { onProgress: (d: number, t: number) => diffing.update(d, t) } : {}),
  });
  diffing?.finish();
  if (opts.datasets && diff.newAccess) {
    const classified = classifiedAccessChanges(before, after, diff, opts.datasets);
    if (classified.length > 0) diff.classified = classified;
  }
  if (!opts.exact) return { diff, gainsAccess: diff.newAccess };
  const { proveModelNoNewAccessJobs } = await import("./prover/jobs.js");
  const proving = opts.progress?.("prove");
  const exact = await proveModelNoNewAccessJobs(before, after, {
    timeoutMs: opts.timeoutMs,
    ...(opts.jobs !== undefined ? { jobs: opts.jobs } : {}),
    ...(proving ? { onUnit: (d: number, t: number) => proving.update(d, t) } : {}),
    ...(opts.onWorkerError ? { onWorkerError: opts.onWorkerError } : {}),
  });
  proving?.finish();
  return { diff, exact, gainsAccess: exact.status !== "proven" };
}
