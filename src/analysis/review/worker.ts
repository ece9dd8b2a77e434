import { workerData } from "node:worker_threads";
import type { AccessModel } from "../../model/types.js";
import { serveChunks } from "../../util/worker-pool.js";
import { diffPrincipals } from "./diff.js";
import { type MatrixPlan, matrixRows } from "./matrix.js";
import { matrixRowsAndCan } from "./report-rows.js";

/**
 * A worker thread of `parallel.ts`: receives the models once (`workerData`), then computes each
 * chunk of principals it is sent (matrix rows or principal diffs; util/worker-pool.ts).
 * Compiled policies stay cached between chunks.
 */
export type WorkerJob =
  | { kind: "matrix"; model: AccessModel; plan: MatrixPlan }
  | { kind: "matrix-can"; model: AccessModel; plan: MatrixPlan }
  | { kind: "diff"; before: AccessModel; after: AccessModel };

const job = workerData as WorkerJob;
serveChunks<string[]>((ids) =>
  job.kind === "matrix"
    ? matrixRows(job.model, job.plan, ids)
    : job.kind === "matrix-can"
      ? matrixRowsAndCan(job.model, job.plan, ids)
      : diffPrincipals(job.before, job.after, ids),
);
