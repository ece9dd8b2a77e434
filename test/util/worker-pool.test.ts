/**
 * The chunk queue shared by the matrix, the report and the diff: results come back in chunk order
 * whichever thread computed them, a worker's chunks are its own computation, and a worker that
 * cannot start leaves its chunks to this thread.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { runChunks } from "../../src/util/worker-pool.js";
import { startSiblingWorker } from "../../src/util/worker-thread.js";

type Answer = { values: number[]; where: string };
const chunks = Array.from({ length: 12 }, (_, i) => [i * 3, i * 3 + 1, i * 3 + 2]);
const here = (chunk: number[]): Answer => ({ values: chunk.map((n) => n * 10), where: "here" });

describe("runChunks", () => {
  it("gives every chunk's result in chunk order, the worker's computed there", async () => {
    const done: number[][] = [];
    const out = await runChunks<number[], Answer>(chunks, {
      threads: 1,
      inThisThread: false,
      start: () => startSiblingWorker(import.meta.url, "pool-worker", { factor: 10 }),
      inThread: here,
      onDone: (c) => done.push(c),
    });
    assert.deepEqual(
      out.map((a) => a.values),
      chunks.map((c) => c.map((n) => n * 10)),
    );
    assert.ok(
      out.every((a) => a.where === "worker"),
      "every chunk was the worker's",
    );
    assert.equal(done.length, chunks.length);
  });

  it("shares the chunks between this thread and a worker, in order", async () => {
    const out = await runChunks<number[], Answer>(chunks, {
      threads: 2,
      start: () => startSiblingWorker(import.meta.url, "pool-worker", { factor: 10 }),
      inThread: here,
    });
    assert.deepEqual(
      out.map((a) => a.values),
      chunks.map((c) => c.map((n) => n * 10)),
    );
  });

  it("computes here the chunks of a worker that cannot start", async () => {
    const errors: Error[] = [];
    const out = await runChunks<number[], Answer>(chunks, {
      threads: 1,
      inThisThread: false,
      start: () => {
        throw new Error("DataCloneError: a function could not be cloned");
      },
      inThread: here,
      onWorkerError: (e) => errors.push(e),
    });
    assert.equal(errors.length, 1);
    assert.deepEqual(
      out.map((a) => a.where),
      chunks.map(() => "here"),
    );
  });
});
