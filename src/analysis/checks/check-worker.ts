import { workerData } from "node:worker_threads";
import { withCompileCache } from "../../engine/compile.js";
import type { AccessModel } from "../../model/types.js";
import { serveChunks } from "../../util/worker-pool.js";
import { type CheckChunk, checkChunk } from "./parallel.js";
import { allRules } from "./rules/index.js";
import { type ModelCheck, startModelCheck } from "./runner.js";

/**
 * A worker thread of `checkModelParallel`: receives the model and the rules' ids once
 * (`workerData`), then checks each chunk of units it is sent. The principals' effective access
 * stays cached between chunks.
 */
export interface CheckWorkerJob {
  model: AccessModel;
  rules: string[];
  risks: boolean;
}

const job = workerData as CheckWorkerJob;
const byId = new Map(allRules.map((r) => [r.meta.id, r]));
let run: ModelCheck | undefined;
serveChunks<CheckChunk>((chunk) =>
  withCompileCache(() => {
    run ??= startModelCheck(job.model, { rules: job.rules.map((id) => byId.get(id)!), risks: job.risks });
    return checkChunk(run, chunk);
  }),
);
