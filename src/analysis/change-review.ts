import type { AccessModel } from "../model/types.js";
import type { ExactDiff, ExactDiffOptions } from "./prover/models.js";
import type { DatasetDefinition } from "./review/dataset-access.js";
import { classifiedAccessChanges } from "./review/dataset-diff.js";
import { diffPrincipalIds } from "./review/diff.js";
import { diffModelsParallel, type ParallelOptions } from "./review/parallel.js";
import { releaseModelAccess } from "./review/principal-access.js";
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
  /** Threads proving, each with its own solver (prover/jobs.ts; default 1). */
  jobs?: number;
  /** A worker thread that failed (its principals were then proven in this thread). */
  onWorkerError?: (error: Error) => void;
  /**
   * Only the i-th (1-based) of n deterministic slices of the principals (a CI matrix job): every
   * n-th of the sorted ids of both versions, from the i-th. The shards' results put together
   * (`ai-iam merge`) are the unsharded review.
   */
  shard?: { index: number; count: number };
}

/** The principal ids a review considers: those of either version, sorted, or the shard's slice of them. */
export function reviewIds(before: AccessModel, after: AccessModel, shard?: ChangeReviewOptions["shard"]): string[] {
  const ids = diffPrincipalIds(before, after);
  return shard ? ids.filter((_, i) => i % shard.count === shard.index - 1) : ids;
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
  const ids = reviewIds(before, after, opts.shard);
  const diff = await diffModelsParallel(
    before,
    after,
    {
      ...(opts.workers !== undefined ? { workers: opts.workers } : {}),
      ...(diffing ? { onProgress: (d: number, t: number) => diffing.update(d, t) } : {}),
    },
    ids,
  );
  diffing?.finish();
  if (opts.datasets && diff.newAccess) {
    const classified = classifiedAccessChanges(before, after, diff, opts.datasets);
    if (classified.length > 0) diff.classified = classified;
  }
  if (!opts.exact) return { diff, gainsAccess: diff.newAccess };
  // The solver does not read the engine analyses' caches: free them for the proof.
  releaseModelAccess(before);
  releaseModelAccess(after);
  const { proveModelNoNewAccessJobs } = await import("./prover/jobs.js");
  const { exactDiffIds } = await import("./prover/models.js");
  const proving = opts.progress?.("prove");
  const mine = new Set(ids);
  const exact = await proveModelNoNewAccessJobs(before, after, {
    ids: exactDiffIds(after).filter((id) => mine.has(id)),
    timeoutMs: opts.timeoutMs,
    jobs: opts.jobs ?? 1,
    ...(opts.onWorkerError ? { onWorkerError: opts.onWorkerError } : {}),
    ...(proving ? { onUnit: (d: number, t: number) => proving.update(d, t) } : {}),
  });
  proving?.finish();
  return { diff, exact, gainsAccess: exact.status !== "proven" };
}
