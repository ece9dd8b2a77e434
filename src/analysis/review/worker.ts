import { parentPort, workerData } from "node:worker_threads";
import type { AccessModel } from "../../model/types.js";
import { diffPrincipals } from "./diff.js";
import { type MatrixPlan, matrixRows } from "./matrix.js";
import { matrixRowsAndCan } from "./report-rows.js";

/**
 * A worker thread of `parallel.ts`: receives the models once (`workerData`), says it is ready,
 * then computes each chunk of principals it is sent (matrix rows or principal diffs) and posts the
 * result, which also asks for the next chunk. Compiled policies stay cached between chunks.
 */
export type WorkerJob =
  | { kind: "matrix"; model: AccessModel; plan: MatrixPlan }
  | { kind: "matrix-can"; model: AccessModel; plan: MatrixPlan }
  | { kind: "diff"; before: AccessModel; after: AccessModel };

export type WorkerRequest = { type: "chunk"; index: number; ids: string[] };

export type WorkerMessage = { type: "ready" } | { type: "result"; index: number; result: unknown };

const job = workerData as WorkerJob;
const port = parentPort!;
port.on("message", (m: WorkerRequest) => {
  const result =
    job.kind === "matrix"
      ? matrixRows(job.model, job.plan, m.ids)
      : job.kind === "matrix-can"
        ? matrixRowsAndCan(job.model, job.plan, m.ids)
        : diffPrincipals(job.before, job.after, m.ids);
  port.postMessage({ type: "result", index: m.index, result } satisfies WorkerMessage);
});
port.postMessage({ type: "ready" } satisfies WorkerMessage);
