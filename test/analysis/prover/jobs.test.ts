/**
 * `runUnits` (`--jobs`): worker threads (asking this thread's Z3 instance) answer exactly as this
 * thread does, and a unit whose worker fails is answered here.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { proveModelJobs, runUnits } from "../../../src/analysis/prover/jobs.js";
import { compileSpec } from "../../../src/compile/compile.js";
import { loadSpec } from "../../../src/input/team-spec/load.js";
import type { AccessModel } from "../../../src/model/types.js";
import { generateOrgSpec } from "../../helpers/generate-org.js";
import { compiledModel } from "../../helpers/spec-access.js";

function example(): AccessModel {
  const loaded = loadSpec("examples/ai-platform");
  assert.ok(loaded.spec);
  const model = compileSpec(loaded.spec).model;
  assert.ok(model);
  return model;
}

test("worker threads alone (two, this thread idle) prove the example's isolation as this thread does", {
  timeout: 900_000,
}, async () => {
  const model = example();
  const ids = ["nlp/carol", "vision/execution-role"];
  const here = await proveModelJobs(model, { ids, jobs: 1 });
  let byWorkers = 0;
  const errors: Error[] = [];
  const there = await proveModelJobs(model, {
    ids,
    jobs: 2,
    inThisThread: false,
    onUnit: (_d, _t, byWorker) => {
      if (byWorker) byWorkers++;
    },
    onWorkerError: (e) => errors.push(e),
  });
  assert.deepEqual(errors, []);
  assert.equal(byWorkers, 2, "both units answered by worker threads");
  const timeless = (r: typeof here) => r.properties.map(({ ms: _ms, ...p }) => p);
  assert.equal(here.status, "proven");
  assert.deepEqual(timeless(there), timeless(here));
});

test("with this thread proving too, a worker's answers are taken as they come, not after this thread's last unit", {
  timeout: 900_000,
}, async () => {
  // A proof settles through promises alone: this thread must give the event loop a turn between
  // its units, or a worker's answer (and its request for the next unit) waits for this thread to
  // prove every other unit — `--jobs 2` then cost a thread's memory and saved no time.
  // Enough principals that this thread is still proving when the worker has started and answered
  // (its first answer takes 9-12 s here: its start-up, then its questions wait their turn at this
  // thread's solver). Two teams were too few once this thread's own units got faster: it proved 9
  // of 10 before the worker's first answer.
  const model = compiledModel(generateOrgSpec(4, 4));
  const order: boolean[] = [];
  await proveModelJobs(model, { jobs: 2, onUnit: (_d, _t, byWorker) => order.push(byWorker) });
  const firstByWorker = order.indexOf(true);
  assert.ok(firstByWorker >= 0, `no unit answered by the worker: ${order.join(",")}`);
  assert.ok(order.lastIndexOf(false) > firstByWorker, `the worker's answers all came last: ${order.join(",")}`);
});

test("a unit that fails in its worker is reported and answered in this thread (which fails the same way)", {
  timeout: 900_000,
}, async () => {
  const model = example();
  // A `tests` unit naming a test that does not exist throws wherever it runs.
  const errors: Error[] = [];
  await assert.rejects(
    runUnits({ kind: "tests", model }, ["999"], {
      jobs: 1,
      inThisThread: false,
      onWorkerError: (e) => errors.push(e),
    }),
  );
  assert.equal(errors.length, 1);
  assert.match(errors[0].message, /^prover worker: /);
});
