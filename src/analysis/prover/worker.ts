import { parentPort, workerData } from "node:worker_threads";
import type { Diagnostic } from "../../diagnostics/index.js";
import { MissingPeerError } from "../../input/capture/peers.js";
import { type ProverJob, runUnit } from "./units.js";
import { configureSolver } from "./z3.js";

/*
 * A prover worker thread (`jobs.ts`): it receives the job once (`workerData`), says it is ready,
 * then answers each unit it is sent. It has no Z3 instance of its own: each query goes to the
 * parent thread's solver (one instance per process, and the answers any thread learned are
 * shared). A unit that throws is reported as failed, and the parent computes it itself.
 */

/** What a worker thread receives once: the job. */
export interface ProverWorkerData {
  job: ProverJob;
}

/**
 * What the parent sends: a unit to prove, with the part of the job it reads when that is not the
 * whole job (`jobForUnit`); or the solver's output for a query this worker asked.
 */
export type ProverWorkerRequest =
  | { type: "unit"; index: number; unit: string; job?: ProverJob }
  | { type: "answer"; id: number; output?: string; error?: string; missingPeer?: Diagnostic };

export type ProverWorkerMessage =
  | { type: "ready" }
  | { type: "result"; index: number; result: unknown }
  | { type: "failed"; index: number; error: string }
  | { type: "query"; id: number; text: string };

const { job } = workerData as ProverWorkerData;
const port = parentPort!;
const pending = new Map<number, { resolve: (output: string) => void; reject: (error: Error) => void }>();
let queries = 0;
configureSolver({
  remote: (text) =>
    new Promise<string>((resolve, reject) => {
      const id = ++queries;
      pending.set(id, { resolve, reject });
      port.postMessage({ type: "query", id, text } satisfies ProverWorkerMessage);
    }),
});
port.on("message", (m: ProverWorkerRequest) => {
  if (m.type === "answer") {
    const waiting = pending.get(m.id);
    pending.delete(m.id);
    if (m.output !== undefined) waiting?.resolve(m.output);
    // No solver in the parent either: the same error as a solver of this thread's own would give.
    else if (m.missingPeer) waiting?.reject(new MissingPeerError(m.missingPeer));
    else waiting?.reject(new Error(m.error ?? "the solver failed"));
    return;
  }
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
