import { parentPort, workerData } from "node:worker_threads";
import { runChecks } from "../analysis/checks/runner.js";
import type { Finding, Suppression } from "../analysis/checks/types.js";
import type { AccessModel } from "../model/types.js";

/**
 * A worker thread that runs the checks of one model (`checksBeside`), while the
 * thread that started it computes something else (the report's matrix): it starts at once, from
 * `workerData`, since that thread may be too busy to answer, and posts its one answer.
 */
export interface ChecksJob {
  model: AccessModel;
  suppressions: Suppression[];
}

/** What a checks worker answers: `runChecks`' findings and each rule's explanation (plain data, unlike rules). */
export interface ChecksAnswer {
  findings: Finding[];
  explanations: Array<[rule: string, explanation: string]>;
}

const job = workerData as ChecksJob;
const checked = runChecks({ model: job.model, suppressions: job.suppressions });
const answer: ChecksAnswer = {
  findings: checked.findings,
  explanations: checked.rules.map((r) => [r.id, r.explanation]),
};
parentPort!.postMessage(answer);
