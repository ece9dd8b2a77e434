import { workerData } from "node:worker_threads";
import { compileTeam } from "./compile.js";
import type { DocumentVerdicts } from "./documents.js";
import {
  CURSOR,
  DONE,
  FIRST,
  FREE,
  MAIN,
  STOP,
  type TeamWorkerData,
  type TeamWorkerMessage,
  WORKER,
} from "./parallel.js";

/**
 * The worker thread of `parallel.ts`: claims the spec's teams one at a time (those the compiling
 * thread has not claimed), compiles each with the default activity library, posts the result and
 * marks the team done. A team it fails on is handed back (its state set to "this thread's"), so
 * the compiling thread compiles it and reports whatever went wrong there.
 */
const { spec, teams, state: buffer, port } = workerData as TeamWorkerData;
const state = new Int32Array(buffer);
const verdicts: DocumentVerdicts = new Map();
while (Atomics.load(state, STOP) === 0) {
  const j = Atomics.add(state, CURSOR, 1);
  if (j >= teams.length) break;
  const slot = FIRST + j;
  if (Atomics.compareExchange(state, slot, FREE, WORKER) !== FREE) continue;
  try {
    port.postMessage({
      index: j,
      result: compileTeam(spec, teams[j], undefined, verdicts),
    } satisfies TeamWorkerMessage<unknown>);
    Atomics.store(state, slot, DONE);
  } catch (error) {
    port.postMessage({ index: j, error: String(error) } satisfies TeamWorkerMessage<unknown>);
    Atomics.store(state, slot, MAIN);
  }
  Atomics.notify(state, slot);
}
port.close();
