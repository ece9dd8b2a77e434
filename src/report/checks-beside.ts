import type { Worker } from "node:worker_threads";
import { runChecks } from "../analysis/checks/runner.js";
import type { Suppression } from "../analysis/checks/types.js";
import type { AccessModel } from "../model/types.js";
import { startSiblingWorker } from "../util/worker-thread.js";
import type { ChecksAnswer, ChecksJob } from "./checks-worker.js";

/**
 * The checks of `model` on a worker thread, started now, while this thread goes on with other work
 * (the report's matrix): their answer, or undefined when the worker failed (the caller then runs
 * them itself: the result never depends on a worker starting).
 */
export function checksBeside(
  model: AccessModel,
  suppressions: Suppression[],
  onError?: (error: Error) => void,
): Promise<ChecksAnswer | undefined> {
  return new Promise((resolve) => {
    let answer: ChecksAnswer | undefined;
    let settled = false;
    let worker: Worker;
    try {
      worker = startSiblingWorker(import.meta.url, "checks-worker", { model, suppressions } satisfies ChecksJob);
    } catch (err) {
      // A model that cannot be sent (`workerData` that does not clone) or a thread that cannot start.
      onError?.(err instanceof Error ? err : new Error(String(err)));
      resolve(undefined);
      return;
    }
    const finish = (failure?: Error) => {
      if (settled) return;
      settled = true;
      if (failure) onError?.(failure);
      // Resolved once the thread is gone, its heap freed.
      const done = () => resolve(failure ? undefined : answer);
      worker.terminate().then(done, done);
    };
    worker.on("message", (m: ChecksAnswer) => {
      answer = m;
      finish();
    });
    worker.on("error", (err) => finish(err));
    worker.on("exit", (code) => finish(new Error(`checks worker exited with code ${code}`)));
  });
}

/** The checks of `model` in this thread, as a checks worker answers them. */
export function checksHere(model: AccessModel, suppressions: Suppression[]): ChecksAnswer {
  const checked = runChecks({ model, suppressions });
  return { findings: checked.findings, explanations: checked.rules.map((r) => [r.id, r.explanation]) };
}
