import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { AccessModel } from "../../model/types.js";
import { startSiblingWorker } from "../../util/worker-thread.js";
import { assembleDiff, diffPrincipalIds, diffPrincipals } from "./diff.js";
import { type MatrixOptions, matrixRows, planMatrix, principalIds } from "./matrix.js";
import { matrixRowsAndCan, type RowAndCan } from "./report-rows.js";
import type { AccessDiff, AccessMatrix, CanResult, MatrixRow, PrincipalDiff } from "./types.js";
import type { WorkerJob, WorkerMessage, WorkerRequest } from "./worker.js";

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
  const results: (T[] | undefined)[] = chunks.map(() => undefined);
  let next = 0;
  const take = (): number | undefined => (next < chunks.length ? next++ : undefined);
  const helping = parallel.inThisThread ?? true;
  const workers = Array.from({ length: helping ? threads - 1 : threads }, () =>
    runWorker<T[]>(
      job,
      chunks,
      take,
      (index, result) => {
        results[index] = result;
        report(chunks[index].length);
      },
      (err) => parallel.onWorkerError?.(err),
    ),
  );
  // This thread takes chunks too, yielding between them so the workers' messages are served.
  for (let i = helping ? take() : undefined; i !== undefined; i = take()) {
    results[i] = inThread(chunks[i]);
    report(chunks[i].length);
    await new Promise((r) => setImmediate(r));
  }
  const failed = (await Promise.all(workers)).flat();
  // A chunk whose worker failed is computed here: the result never depends on a worker starting.
  for (const i of failed) {
    results[i] = inThread(chunks[i]);
    report(chunks[i].length);
  }
  return results.flatMap((r) => r ?? []);
}

function startWorker(job: WorkerJob): Worker {
  return startSiblingWorker(import.meta.url, "worker", job);
}

/**
 * One worker: it loads the job's models once, then asks for chunks (its first message says it is
 * ready and takes two, each result asks for one more) until the queue is empty. Resolves with the chunks it
 * took but did not finish (when it fails), for this thread to compute.
 */
function runWorker<R>(
  job: WorkerJob,
  chunks: string[][],
  take: () => number | undefined,
  onResult: (index: number, result: R) => void,
  onError: (error: Error) => void,
): Promise<number[]> {
  return new Promise((resolve) => {
    // The chunks sent and not answered yet, in order. Two are kept in flight: the worker finds
    // the next chunk waiting when it posts a result, instead of idling until this thread, busy
    // with a chunk of its own, gets to its message (the matrix's worker idled a third of its time).
    const inFlight: number[] = [];
    let settled = false;
    const finish = (unfinished: number[]) => {
      if (settled) return;
      settled = true;
      // Resolved once the thread is gone: its heap is freed before whatever runs next (the
      // solver, after the sampled diff) starts, so the two never add up in the peak memory.
      const done = () => resolve(unfinished);
      worker.terminate().then(done, done);
    };
    const worker = startWorker(job);
    const feed = () => {
      const next = take();
      if (next === undefined) {
        if (inFlight.length === 0) finish([]);
        return;
      }
      inFlight.push(next);
      worker.postMessage({ type: "chunk", index: next, ids: chunks[next] } satisfies WorkerRequest);
    };
    worker.on("message", (m: WorkerMessage) => {
      if (m.type === "ready") {
        feed();
        feed();
        return;
      }
      const at = inFlight.indexOf(m.index);
      if (at >= 0) inFlight.splice(at, 1);
      onResult(m.index, m.result as R);
      feed();
    });
    worker.on("error", (err) => {
      if (!settled) onError(err);
      finish([...inFlight]);
    });
    worker.on("exit", (code) => {
      if (!settled) onError(new Error(`analysis worker exited with code ${code}`));
      finish([...inFlight]);
    });
  });
}
