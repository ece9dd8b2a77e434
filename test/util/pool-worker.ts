import { workerData } from "node:worker_threads";
import { serveChunks } from "../../src/util/worker-pool.js";

/** A worker of test/util/worker-pool.test.ts: each chunk's numbers times the job's factor, and the thread it ran in. */
const factor = (workerData as { factor: number }).factor;
serveChunks<number[]>((chunk) => ({ values: chunk.map((n) => n * factor), where: "worker" }));
