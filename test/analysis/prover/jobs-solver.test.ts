/**
 * `--jobs`: worker threads have no Z3 instance of their own; each query goes to this thread's
 * solver, so a process holds one instance whatever N is, and every thread shares its answers.
 * This file sets this thread's solver to a stand-in (`configureSolver({ remote })`) before any
 * proof starts it, and watches what the workers ask of it.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { proveModelNoNewAccessJobs } from "../../../src/analysis/prover/jobs.js";
import { forgetRemembered } from "../../../src/analysis/prover/prove.js";
import { configureSolver, solverStarted } from "../../../src/analysis/prover/z3.js";
import { generateOrgSpec } from "../../helpers/generate-org.js";
import { compiledModel } from "../../helpers/spec-access.js";

const asked: string[] = [];
let answer: (script: string) => string = () => "unsat\n";
configureSolver({
  remote: async (script) => {
    asked.push(script);
    return answer(script);
  },
});

// The new version approves one more model family: new access for every member (a real solver
// finds it; see units-slice.test.ts).
const before = compiledModel(generateOrgSpec(2, 2));
const after = compiledModel(
  generateOrgSpec(2, 2).replace('"amazon.titan-embed-text-v2:0"]', '"amazon.titan-embed-text-v2:0", "meta.llama3-*"]'),
);
const ids = ["t0/t0-m0", "t1/t1-m1"];

test("worker threads ask this thread's solver, and take its answers", { timeout: 900_000 }, async () => {
  assert.equal(solverStarted(), false);
  const errors: Error[] = [];
  let byWorkers = 0;
  const report = await proveModelNoNewAccessJobs(before, after, {
    ids,
    jobs: 2,
    inThisThread: false,
    onUnit: (_d, _t, byWorker) => {
      if (byWorker) byWorkers++;
    },
    onWorkerError: (e) => errors.push(e),
  });
  assert.deepEqual(errors, []);
  assert.equal(byWorkers, 2, "both units proven by worker threads");
  // The workers' queries reached this thread (a worker with a Z3 of its own would have asked
  // nothing here), and the stand-in's "unsat" to each is what they concluded: no new access.
  assert.ok(asked.length > 0, "no query reached this thread's solver");
  assert.ok(asked.every((s) => s.includes("(check-sat)")));
  assert.equal(report.status, "proven");
});

test("a failure of this thread's solver reaches the worker's proof as an unknown answer with its reason", {
  timeout: 900_000,
}, async () => {
  forgetRemembered(); // this thread remembers the first test's answers, and would give them again
  answer = () => {
    throw new Error("solver stand-in failed");
  };
  const report = await proveModelNoNewAccessJobs(before, after, { ids, jobs: 2, inThisThread: false });
  assert.equal(report.status, "unknown");
  assert.ok(
    report.principals.every((p) => p.status === "unknown" && /solver stand-in failed/.test(JSON.stringify(p))),
    JSON.stringify(report.principals),
  );
});
