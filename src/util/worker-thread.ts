/**
 * Starting a worker thread from a module that may run as built JavaScript or as TypeScript under
 * tsx: the worker file beside the caller, with the caller's extension. `.js` from dist runs as is.
 * From source (`.ts`) a worker does not inherit tsx's ESM loader on Node 20 (hooks that
 * `--import tsx` registers do not reach worker threads), so a tiny CommonJS bootstrap registers
 * tsx's require hook in the worker first and then loads the TypeScript worker through it.
 * Used by the sampled review's pool (analysis/review/parallel.ts) and the prover's
 * (analysis/prover/jobs.ts).
 */
import { createRequire } from "node:module";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/** A worker running `./<name>.js|.ts` next to the module at `callerUrl` (its `import.meta.url`). */
export function startSiblingWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const ext = extname(fileURLToPath(callerUrl)) || ".js";
  const url = new URL(`./${name}${ext}`, callerUrl);
  if (ext !== ".ts") return new Worker(url, { workerData });
  const api = createRequire(callerUrl).resolve("tsx/cjs/api");
  const code = `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(fileURLToPath(url))});`;
  return new Worker(code, { eval: true, workerData });
}
