/**
 * `--jobs N`: the prover's units (principals, tests) spread over N threads. This thread is one of
 * the N: it starts N − 1 worker threads and proves too, so the second or so a worker needs to
 * start (the code, the catalog) is not lost. Every thread takes the next unit from one queue, so a
 * thread that started late or met a costly principal simply takes fewer. Answers are put back in
 * the units' order: the report is byte-identical for any N.
 *
 * The threads share this thread's one Z3 instance: a worker sends each query here and waits for
 * its output. Most of a proof's time is spent outside Z3 (encoding the principal's policies,
 * confirming counterexamples with the engine, and most queries are answered from the remembered
 * answers: 300 principals of the 100-team diff sent Z3 six queries), which is the part the threads
 * divide. A Z3 instance per thread cost about 80 MB each (its WASM memory and its pthread's V8
 * isolate: `diff --jobs 2` on that diff peaked at 560 MB, now 465–480 MB), and asked again the
 * questions another thread had answered. A worker loads its own copy of the catalog, so memory still grows
 * with N: the default is 1. An exact diff's worker is sent each principal's part of the models
 * (`jobForUnit`), not the whole organization.
 */
import type { Worker } from "node:worker_threads";
import { MissingPeerError } from "../../input/capture/peers.js";
import type { AccessModel } from "../../model/types.js";
import { startSiblingWorker } from "../../util/worker-thread.js";
import type { PropertyDefinition } from "./guardrails.js";

export { parseJobs, workerWarning } from "./jobs-options.js";

import type { PropertyResult, ProveReport } from "./isolation.js";
import { type ExactDiff, type ExactDiffOptions, type ExactPrincipalResult, exactDiffIds, overall } from "./models.js";
import { answerForWorker } from "./prove.js";
import { type ExactTestResult, exactTestUnits } from "./tests.js";
import { jobForUnit, type ProverJob, runUnit, type UnitResult } from "./units.js";
import type { ProverWorkerData, ProverWorkerMessage, ProverWorkerRequest } from "./worker.js";

export interface JobsOptions {
  /** Threads proving, this one included (default 1). */
  jobs?: number;
  /** Called with (done, total) units as they finish, and whether a worker thread answered. */
  onUnit?: (done: number, total: number, byWorker: boolean) => void;
  /** Whether this thread proves too (default true); false leaves every unit to `jobs` worker threads. */
  inThisThread?: boolean;
  /** A worker that failed (its unit is then proven in this thread). */
  onWorkerError?: (error: Error) => void;
}

/** Runs every unit of the job over `opts.jobs` threads; the answers in the units' order. */
export async function runUnits(
  job: ProverJob,
  units: readonly string[],
  opts: JobsOptions = {},
): Promise<UnitResult[]> {
  const threads = Math.max(1, Math.min(opts.jobs ?? 1, units.length));
  const helping = opts.inThisThread ?? true;
  const results: (UnitResult | undefined)[] = units.map(() => undefined);
  let done = 0;
  const finished = (index: number, result: UnitResult, byWorker: boolean) => {
    results[index] = result;
    opts.onUnit?.(++done, units.length, byWorker);
  };
  let next = 0;
  const take = (): number | undefined => (next < units.length ? next++ : undefined);
  const count = helping ? threads - 1 : threads;
  const workers = Array.from({ length: count }, () =>
    runWorker(
      { job: jobForUnit(job) },
      job,
      units,
      take,
      (i, r) => finished(i, r, true),
      (err) => opts.onWorkerError?.(err),
    ),
  );
  for (let i = helping ? take() : undefined; i !== undefined; i = take()) {
    finished(i, await runUnit(job, units[i]), false);
    // A unit's proof settles through promises alone: without a turn of the event loop here, a
    // worker's answers (and its requests for the next unit) would wait until this thread had
    // proven every other unit, and the worker would sit idle after its first.
    if (count > 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // A unit whose worker failed is proven here: the answer never depends on a worker starting.
  for (const i of (await Promise.all(workers)).flat()) finished(i, await runUnit(job, units[i]), false);
  // And any unit no worker took (every worker failed before the queue was empty).
  for (let i = take(); i !== undefined; i = take()) finished(i, await runUnit(job, units[i]), false);
  return results.map((r) => r ?? []);
}

function startWorker(data: ProverWorkerData): Worker {
  return startSiblingWorker(import.meta.url, "worker", data);
}

/**
 * One worker: it loads the job once, then asks for units (its first message says it is ready, each
 * answer asks for the next) until the queue is empty. Resolves with the units it took but did not
 * answer (it failed), for this thread to prove.
 */
function runWorker(
  data: ProverWorkerData,
  job: ProverJob,
  units: readonly string[],
  take: () => number | undefined,
  onResult: (index: number, result: UnitResult) => void,
  onError: (error: Error) => void,
): Promise<number[]> {
  return new Promise((resolve) => {
    let current: number | undefined;
    let settled = false;
    const unfinished: number[] = [];
    const finish = () => {
      if (settled) return;
      settled = true;
      if (current !== undefined) unfinished.push(current);
      resolve(unfinished);
      void worker.terminate();
    };
    const worker = startWorker(data);
    // A query's answer may arrive after the worker was told to stop.
    const post = (message: ProverWorkerRequest) => {
      if (!settled) worker.postMessage(message);
    };
    const feed = () => {
      current = take();
      if (current === undefined) finish();
      else {
        const unitJob = jobForUnit(job, units[current]);
        const request: ProverWorkerRequest = { type: "unit", index: current, unit: units[current] };
        if (unitJob !== job) request.job = unitJob;
        worker.postMessage(request);
      }
    };
    worker.on("message", (m: ProverWorkerMessage) => {
      if (m.type === "query") {
        answerForWorker(m.text).then(
          (output) => post({ type: "answer", id: m.id, output }),
          (err: unknown) =>
            post({
              type: "answer",
              id: m.id,
              error: err instanceof Error ? err.message : String(err),
              missingPeer: err instanceof MissingPeerError ? err.diagnostic : undefined,
            }),
        );
        return;
      }
      if (m.type === "result") onResult(m.index, m.result as UnitResult);
      if (m.type === "failed") {
        onError(new Error(`prover worker: ${m.error}`));
        unfinished.push(m.index);
      }
      current = undefined;
      feed();
    });
    worker.on("error", (err) => {
      if (!settled) onError(err);
      finish();
    });
    worker.on("exit", (code) => {
      if (!settled) onError(new Error(`prover worker exited with code ${code}`));
      finish();
    });
  });
}

/** `proveModel` (isolation and `opts.properties`) over `opts.jobs` threads: the same report, principal by principal. */
export async function proveModelJobs(
  model: AccessModel,
  opts: JobsOptions & { timeoutMs?: number; ids?: readonly string[]; properties?: readonly PropertyDefinition[] } = {},
): Promise<ProveReport> {
  const ids = [...(opts.ids ?? model.principals.map((p) => p.id))].sort();
  const job: ProverJob = { kind: "prove", model, timeoutMs: opts.timeoutMs, properties: opts.properties };
  const properties = (await runUnits(job, ids, opts)).flat() as PropertyResult[];
  return { status: overall(properties.map((p) => p.status)), properties };
}

/** Team isolation alone over `opts.jobs` threads. */
export function proveIsolationJobs(
  model: AccessModel,
  opts: JobsOptions & { timeoutMs?: number; ids?: readonly string[] } = {},
): Promise<ProveReport> {
  return proveModelJobs(model, opts);
}

/** `proveModelNoNewAccess` over `opts.jobs` threads: the same answer, principal by principal. */
export async function proveModelNoNewAccessJobs(
  before: AccessModel,
  after: AccessModel,
  opts: JobsOptions & Omit<ExactDiffOptions, "onPrincipal"> = {},
): Promise<ExactDiff> {
  const ids = [...(opts.ids ?? exactDiffIds(after))].sort();
  const job: ProverJob = { kind: "diff", before, after, timeoutMs: opts.timeoutMs, maxFindings: opts.maxFindings };
  const principals = (await runUnits(job, ids, opts)).flat() as ExactPrincipalResult[];
  return { status: overall(principals.map((p) => p.status)), principals };
}

/** `runExactTests` (the model's never/always tests) over `opts.jobs` threads, in the tests' order. */
export async function runExactTestsJobs(
  model: AccessModel,
  opts: JobsOptions & { timeoutMs?: number } = {},
): Promise<ExactTestResult[]> {
  const tests = model.tests ?? [];
  const batches = exactTestUnits(model, tests);
  const results = await runUnits(
    { kind: "tests", model, timeoutMs: opts.timeoutMs },
    batches.map((b) => b.join(",")),
    opts,
  );
  // A worker's answer holds a copy of the test: give back the model's own (callers key on it).
  const out: Array<[number, ExactTestResult]> = [];
  batches.forEach((b, k) => {
    b.forEach((i, j) => {
      out.push([i, { ...(results[k][j] as ExactTestResult), test: tests[i] }]);
    });
  });
  return out.sort((a, b) => a[0] - b[0]).map(([, r]) => r);
}
