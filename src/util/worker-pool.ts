/**
 * Chunks of one computation spread over threads, this one included: `threads - 1` worker threads
 * are started and this thread computes too, so the time a worker needs to start (loading the code
 * and the catalog, reading its job) is not lost. Every thread takes the next chunk from one queue,
 * so a thread that started late or met costlier chunks simply takes fewer. Results come back in
 * chunk order whoever computed them; a chunk whose worker failed is computed in this thread, so
 * the result never depends on a worker starting. Used by the access matrix, the report's rows and
 * the diff (analysis/review/parallel.ts).
 *
 * The worker side is `serveChunks`: it receives its job once (`workerData`), says it is ready,
 * then computes each chunk it is sent and posts the result, which also asks for the next one.
 */
import { parentPort, type Worker } from "node:worker_threads";

export type PoolRequest<C> = { type: "chunk"; index: number; chunk: C };

export type PoolMessage = { type: "ready" } | { type: "result"; index: number; result: unknown };

export interface PoolOptions<C, R> {
  /** Threads taking part, this one included (at least 1). */
  threads: number;
  /** Starts one worker thread (which calls `serveChunks`). */
  start: () => Worker;
  /** Computes one chunk in this thread. */
  inThread: (chunk: C) => R;
  /** Whether this thread takes chunks too (default true); false leaves them all to `threads` workers. */
  inThisThread?: boolean;
  /** Called once per chunk, when its result is in. */
  onDone?: (chunk: C) => void;
  /** A worker that failed (its chunks are then computed in this thread). */
  onWorkerError?: (error: Error) => void;
}

/** Every chunk's result, in chunk order. */
export async function runChunks<C, R>(chunks: readonly C[], opts: PoolOptions<C, R>): Promise<R[]> {
  const results: (R | undefined)[] = chunks.map(() => undefined);
  const have = new Array<boolean>(chunks.length).fill(false);
  const settle = (index: number, result: R) => {
    results[index] = result;
    have[index] = true;
    opts.onDone?.(chunks[index]);
  };
  let next = 0;
  const take = (): number | undefined => (next < chunks.length ? next++ : undefined);
  const helping = opts.inThisThread ?? true;
  const count = Math.max(0, helping ? opts.threads - 1 : opts.threads);
  const workers = Array.from({ length: count }, () =>
    runWorker<C, R>(opts.start, chunks, take, settle, (err) => opts.onWorkerError?.(err)),
  );
  // This thread takes chunks too, yielding between them so the workers' messages are served.
  for (let i = helping ? take() : undefined; i !== undefined; i = take()) {
    settle(i, opts.inThread(chunks[i]));
    await new Promise((r) => setImmediate(r));
  }
  await Promise.all(workers);
  // A chunk whose worker failed (or that no thread took) is computed here.
  for (let i = 0; i < chunks.length; i++) if (!have[i]) settle(i, opts.inThread(chunks[i]));
  return results as R[];
}

/**
 * One worker: it asks for chunks (its first message says it is ready and takes two, each result
 * asks for one more) until the queue is empty. Resolves once the thread is gone: its heap is freed before
 * whatever runs next starts, so the two never add up in the peak memory.
 */
function runWorker<C, R>(
  start: () => Worker,
  chunks: readonly C[],
  take: () => number | undefined,
  onResult: (index: number, result: R) => void,
  onError: (error: Error) => void,
): Promise<void> {
  return new Promise((resolve) => {
    // The chunks sent and not answered yet. Two are kept in flight: the worker finds the next
    // chunk waiting when it posts a result, instead of idling until this thread, busy with a chunk
    // of its own, gets to its message (a matrix's or a check's worker idled a third of its time).
    const inFlight = new Set<number>();
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      const done = () => resolve();
      worker.terminate().then(done, done);
    };
    let worker: Worker;
    try {
      worker = start();
    } catch (err) {
      // A job that cannot be sent (`workerData` that does not clone) or a thread that cannot start.
      onError(err instanceof Error ? err : new Error(String(err)));
      resolve();
      return;
    }
    const feed = () => {
      const index = take();
      if (index === undefined) {
        if (inFlight.size === 0) finish();
        return;
      }
      inFlight.add(index);
      worker.postMessage({ type: "chunk", index, chunk: chunks[index] } satisfies PoolRequest<C>);
    };
    worker.on("message", (m: PoolMessage) => {
      if (m.type === "ready") {
        feed();
        feed();
        return;
      }
      inFlight.delete(m.index);
      onResult(m.index, m.result as R);
      feed();
    });
    worker.on("error", (err) => {
      if (!settled) onError(err);
      finish();
    });
    worker.on("exit", (code) => {
      if (!settled) onError(new Error(`analysis worker exited with code ${code}`));
      finish();
    });
  });
}

/** The worker side of `runChunks`: computes each chunk it is sent, in the order sent. */
export function serveChunks<C>(compute: (chunk: C) => unknown): void {
  const port = parentPort;
  if (!port) throw new Error("serveChunks runs in a worker thread");
  port.on("message", (m: PoolRequest<C>) => {
    port.postMessage({ type: "result", index: m.index, result: compute(m.chunk) } satisfies PoolMessage);
  });
  port.postMessage({ type: "ready" } satisfies PoolMessage);
}
