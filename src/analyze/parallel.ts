import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AccessModel } from "../model/types.js";
import { assembleDiff, diffPrincipalIds, diffPrincipals } from "./diff.js";
import { type MatrixOptions, matrixRows, planMatrix, principalIds } from "./matrix.js";
import type { AccessDiff, AccessMatrix, MatrixRow, PrincipalDiff } from "./types.js";
import type { WorkerJob, WorkerMessage } from "./worker.js";

/**
 * The matrix and the diff over large organizations, spread over worker threads. Principals are
 * split into contiguous ranges of the sorted ids, so a team's members (who share policies and so
 * one computation) mostly land in the same worker. Small inputs stay in this thread: starting a
 * worker and loading the catalog there costs more than it saves.
 */
export interface ParallelOptions {
  /** Worker threads; default min(2, cores). 0 or 1 computes in this thread. */
  workers?: number;
  /** Below this many principals, compute in this thread (default 64). */
  threshold?: number;
  /** Called with (done, total) principals as work progresses. */
  onProgress?: (done: number, total: number) => void;
}

export async function accessMatrixParallel(
  model: AccessModel,
  opts: MatrixOptions = {},
  parallel: ParallelOptions = {},
): Promise<AccessMatrix> {
  const plan = planMatrix(model, opts);
  const ids = principalIds(model, opts);
  const rows = await spread<MatrixRow>(
    ids,
    parallel,
    (share) => ({ kind: "matrix", model, plan, ids: share }),
    (share, onDone) => matrixRows(model, plan, share, onDone),
  );
  return { capabilities: plan.capabilities, rows };
}

export async function diffModelsParallel(
  before: AccessModel,
  after: AccessModel,
  parallel: ParallelOptions = {},
): Promise<AccessDiff> {
  const ids = diffPrincipalIds(before, after);
  const diffs = await spread<PrincipalDiff>(
    ids,
    parallel,
    (share) => ({ kind: "diff", before, after, ids: share }),
    (share, onDone) => diffPrincipals(before, after, share, onDone),
  );
  return assembleDiff(diffs);
}

async function spread<T>(
  ids: string[],
  parallel: ParallelOptions,
  job: (share: string[]) => WorkerJob,
  inThread: (share: string[], onDone: (done: number) => void) => T[],
): Promise<T[]> {
  const workers = Math.max(1, Math.min(parallel.workers ?? Math.min(2, availableParallelism()), ids.length));
  const report = (done: number) => parallel.onProgress?.(done, ids.length);
  if (workers <= 1 || ids.length < (parallel.threshold ?? 64)) {
    const out = inThread(ids, report);
    report(ids.length);
    return out;
  }
  const size = Math.ceil(ids.length / workers);
  const shares = Array.from({ length: workers }, (_, i) => ids.slice(i * size, (i + 1) * size)).filter(
    (s) => s.length > 0,
  );
  const done = shares.map(() => 0);
  const results = await Promise.all(
    shares.map((share, i) =>
      runWorker<T[]>(job(share), (n) => {
        done[i] = n;
        report(done.reduce((a, b) => a + b, 0));
      }),
    ),
  );
  report(ids.length);
  return results.flat();
}

/**
 * The worker file beside this one, with this file's extension: `.js` from dist runs as is. From
 * source (`.ts`, under tsx) a worker does not inherit tsx's ESM loader on Node 20 (hooks that
 * `--import tsx` registers do not reach worker threads), so a tiny CommonJS bootstrap registers
 * tsx's require hook in the worker first and then loads the TypeScript worker through it.
 */
function startWorker(job: WorkerJob): Worker {
  const ext = extname(fileURLToPath(import.meta.url)) || ".js";
  const url = new URL(`./worker${ext}`, import.meta.url);
  if (ext !== ".ts") return new Worker(url, { workerData: job });
  const api = createRequire(import.meta.url).resolve("tsx/cjs/api");
  const code = `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(fileURLToPath(url))});`;
  return new Worker(code, { eval: true, workerData: job });
}

function runWorker<R>(job: WorkerJob, onProgress: (done: number) => void): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = startWorker(job);
    let settled = false;
    worker.on("message", (m: WorkerMessage) => {
      if (m.type === "progress") onProgress(m.done);
      else {
        settled = true;
        resolve(m.result as R);
        void worker.terminate();
      }
    });
    worker.on("error", (err) => {
      settled = true;
      reject(err);
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`analysis worker exited with code ${code}`));
    });
  });
}
