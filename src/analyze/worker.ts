import { parentPort, workerData } from "node:worker_threads";
import type { AccessModel } from "../model/types.js";
import { diffPrincipals } from "./diff.js";
import { type MatrixPlan, matrixRows } from "./matrix.js";

/**
 * A worker thread of `parallel.ts`: computes matrix rows or principal diffs for its share of the
 * principals, posting progress as it goes and its result at the end.
 */
export type WorkerJob =
  | { kind: "matrix"; model: AccessModel; plan: MatrixPlan; ids: string[] }
  | { kind: "diff"; before: AccessModel; after: AccessModel; ids: string[] };

export type WorkerMessage = { type: "progress"; done: number } | { type: "result"; result: unknown };

const job = workerData as WorkerJob;
const port = parentPort!;
let last = 0;
const progress = (done: number) => {
  const now = Date.now();
  if (now - last >= 50) {
    last = now;
    port.postMessage({ type: "progress", done } satisfies WorkerMessage);
  }
};
const result =
  job.kind === "matrix"
    ? matrixRows(job.model, job.plan, job.ids, progress)
    : diffPrincipals(job.before, job.after, job.ids, progress);
port.postMessage({ type: "result", result } satisfies WorkerMessage);
