import { parentPort, workerData } from "node:worker_threads";
import { type ProverJob, runUnit } from "./units.js";
import { configureSolver, type SolverOptions } from "./z3.js";

/*
 * A prover worker thread (`jobs.ts`): it receives the job once (`workerData`, with Z3's compiled
 * module), says it is ready, then answers each unit it is sent with its own Z3 instance (Z3 runs
 * one check at a time per instance, so parallel proofs need one instance per thread). A unit that
 * throws is reported as failed, and the parent computes it itself.
 */

/** What a worker thread receives once: the job, and the solver's compiled module if there is one. */
export interface ProverWorkerData {
  job: ProverJob;
  solver?: SolverOptions;
}

/** A unit to prove, with the part of the job it reads when that is not the whole job (`jobForUnit`). */
export type ProverWorkerRequest = { type: "unit"; index: number; unit: string; job?: ProverJob };

export type ProverWorkerMessage =
  | { type: "ready" }
  | { type: "result"; index: number; result: unknown }
  | { type: "failed"; index: number; error: string };

const { job, solver } = workerData as ProverWorkerData;
// The parent's compiled Z3 module, when it sent one: instantiated here, not compiled again.
if (solver) configureSolver(solver);
const port = parentPort!;
port.on("message", (m: ProverWorkerRequest) => {
  runUnit(m.job ?? job, m.unit).then(
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
