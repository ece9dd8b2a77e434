import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { AccessModel } from "../../model/types.js";
import { runChunks } from "../../util/worker-pool.js";
import { startSiblingWorker } from "../../util/worker-thread.js";
import { assembleDiff, diffPrincipalIds, diffPrincipals } from "./diff.js";
import { type MatrixOptions, matrixRows, planMatrix, principalIds } from "./matrix.js";
import { matrixRowsAndCan, type RowAndCan } from "./report-rows.js";
import type { AccessDiff, AccessMatrix, CanResult, MatrixRow, PrincipalDiff } from "./types.js";
import type { WorkerJob } from "./worker.js";

/**
 * The matrix and the diff over large organizations, spread over threads. `workers` threads take
 * part, and this thread is one of them: it starts `workers - 1` worker threads and computes too,
 * so the seconds a worker needs to start (loading the code and the catalog) are not lost. The
 * sorted principal ids are cut into contiguous chunks (a team's members, who share one
 * computation, mostly land in the same chunk) that every thread takes from one queue, so a thread
 * that started late or met costlier principals simply takes fewer. Small inputs stay in this
 * thread: starting a worker costs more than it saves.
 */
export interface ParallelOptions {
  /** Threads taking part, this one included; default min(2, cores). 0 or 1 computes in this thread. */
  workers?: number;
  /** Below this many principals, compute in this thread (default 64). */
  threshold?: number;
  /** Called with (done, total) principals as work progresses. */
  onProgress?: (done: number, total: number) => void;
  /** Whether this thread takes chunks too (default true); false leaves all of them to `workers` worker threads. */
  inThisThread?: boolean;
  /** A worker that failed (its chunks are then computed in this thread). */
  onWorkerError?: (error: Error) => void;
}

export async function accessMatrixParallel(
  model: AccessModel,
  opts: MatrixOptions = {},
  parallel: ParallelOptions = {},
): Promise<AccessMatrix> {
  const plan = planMatrix(model, opts);
  const ids = principalIds(model, opts);
  const rows = await spread<MatrixRow>(ids, parallel, { kind: "matrix", model, plan }, (share) =>
    matrixRows(model, plan, share),
  );
  return { capabilities: plan.capabilities, rows };
}

/**
 * The access matrix and every principal's `can` (by principal id), as the report shows both:
 * each principal's row and `can` are computed together, in the same thread, so they share its
 * candidate pairs and the engine's answers on them (`matrixRowsAndCan`).
 */
export async function accessMatrixAndCanParallel(
  model: AccessModel,
  opts: MatrixOptions = {},
  parallel: ParallelOptions = {},
): Promise<{ matrix: AccessMatrix; can: Map<string, CanResult> }> {
  const plan = planMatrix(model, opts);
  const ids = principalIds(model, opts);
  const both = await spread<RowAndCan>(ids, parallel, { kind: "matrix-can", model, plan }, (share) =>
    matrixRowsAndCan(model, plan, share),
  );
  return {
    matrix: { capabilities: plan.capabilities, rows: both.map(([row]) => row) },
    can: new Map(both.map(([, can]) => [can.principal, can])),
  };
}

/** The diff of every principal of either version, or of `ids` only (a shard). */
export async function diffModelsParallel(
  before: AccessModel,
  after: AccessModel,
  parallel: ParallelOptions = {},
  ids: readonly string[] = diffPrincipalIds(before, after),
): Promise<AccessDiff> {
  const diffs = await spread<PrincipalDiff>([...ids], parallel, { kind: "diff", before, after }, (share) =>
    diffPrincipals(before, after, share),
  );
  return assembleDiff(diffs);
}

async function spread<T>(
  ids: string[],
  parallel: ParallelOptions,
  job: WorkerJob,
  inThread: (share: string[]) => T[],
): Promise<T[]> {
  const threads = Math.max(1, Math.min(parallel.workers ?? Math.min(2, availableParallelism()), ids.length));
  let done = 0;
  const report = (n: number) => {
    done += n;
    parallel.onProgress?.(done, ids.length);
  };
  if (threads <= 1 || ids.length < (parallel.threshold ?? 64)) {
    // In chunks all the same, so a progress bar moves on a long single-thread run.
    const out: T[] = [];
    for (let i = 0; i < ids.length; i += 64) {
      const share = ids.slice(i, i + 64);
      out.push(...inThread(share));
      report(share.length);
    }
    return out;
  }
  // About eight chunks per thread: enough to even out, few enough that messages cost nothing.
  const size = Math.max(4, Math.min(64, Math.ceil(ids.length / (threads * 8))));
  const chunks = Array.from({ length: Math.ceil(ids.length / size) }, (_, i) => ids.slice(i * size, (i + 1) * size));
  const results = await runChunks<string[], T[]>(chunks, {
    threads,
    start: () => startWorker(job),
    inThread,
    onDone: (chunk) => report(chunk.length),
    ...(parallel.inThisThread !== undefined ? { inThisThread: parallel.inThisThread } : {}),
    ...(parallel.onWorkerError ? { onWorkerError: parallel.onWorkerError } : {}),
  });
  return results.flat();
}

function startWorker(job: WorkerJob): Worker {
  return startSiblingWorker(import.meta.url, "worker", job);
}
