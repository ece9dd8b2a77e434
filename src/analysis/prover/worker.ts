import { parentPort, workerData } from "node:worker_threads";
import { type ProverJob, runUnit } from "./units.js";

/**
 * A prover worker thread (`jobs.ts`): it receives the job once (`workerData`), says it is ready,
 * then answers each unit it is sent with its own Z3 instance (Z3 runs one check at a time per
 * instance, so parallel proofs need one instance per thread). A unit that throws is reported as
 * failed, and the parent computes it itself.
 */
export type ProverWorkerRequest = { type: "unit"; index: number; unit: string };

export type ProverWorkerMessage =
  | { type: "ready" }
  | { type: "result"; index: number; result: unknown }
  | { type: "failed"; index: number; error: string };

const job = workerData as ProverJob;
const port = parentPort!;
port.on("message", (m: ProverWorkerRequest) => {
  runUnit(job, m.unit).then(
    (result) => port.postMessage({ type: "result", index: m.index, result } satisfies ProverWorkerMessage),
    (err: unknown) =>
      port.postMessage({
        type: "failed",
        index: m.index,
        error: err instanceof Error ? err.message : String(err),
      } satisfies ProverWorkerMessage),
  );
});
port.postMessage({ type: "ready" } satisfies ProverWorkerMessage);
