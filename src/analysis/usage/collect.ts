import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type Diagnostic, hasErrors, uniqueDiagnostics } from "../../diagnostics/index.js";
import { cloudTrailFiles, readCloudTrailFile } from "../../input/account/cloudtrail.js";
import { type SerializedUsage, UsageAggregator } from "./aggregate.js";
import type { UsageWorkerMessage, UsageWorkerRequest } from "./worker.js";

/**
 * Reads CloudTrail files and folders into one usage aggregate. Files are spread over worker
 * threads from one queue (each thread aggregates what it reads; the aggregates merge at the end),
 * so gigabytes of logs take the time of the slowest share, and memory stays that of the
 * aggregates. A few small files are read in this thread: starting a worker costs more.
 * Every problem in every file is reported; with any error the aggregate is not returned.
 */
export interface CollectOptions {
  /** Worker threads (default min(2, cores)); 0 reads in this thread. */
  workers?: number;
  /** Exact resources kept per principal and action before generalizing to prefixes (default 32). */
  resourceLimit?: number;
  onProgress?: (p: CollectProgress) => void;
}

export interface CollectProgress {
  files: number;
  filesDone: number;
  records: number;
  /** Characters of (decompressed) text read. */
  chars: number;
  /** Bytes of the files read so far (as stored, compressed or not). */
  bytesDone: number;
  bytes: number;
}

export interface CollectResult {
  usage?: UsageAggregator;
  files: number;
  diagnostics: Diagnostic[];
}

export async function collectUsage(paths: readonly string[], opts: CollectOptions = {}): Promise<CollectResult> {
  const diagnostics: Diagnostic[] = [];
  const files = cloudTrailFiles(paths, diagnostics);
  if (hasErrors(diagnostics)) return { files: files.length, diagnostics: uniqueDiagnostics(diagnostics) };
  if (files.length === 0) {
    return {
      files: 0,
      diagnostics: [
        {
          code: "account-no-input",
          severity: "error",
          message: `no CloudTrail files in ${paths.join(", ") || "(nothing given)"}`,
        },
      ],
    };
  }
  const sizes = new Map(files.map((f) => [f, sizeOf(f)]));
  const progress: CollectProgress = {
    files: files.length,
    filesDone: 0,
    records: 0,
    chars: 0,
    bytesDone: 0,
    bytes: [...sizes.values()].reduce((a, b) => a + b, 0),
  };
  const usage = new UsageAggregator(opts.resourceLimit);
  const threads = Math.min(opts.workers ?? Math.min(2, availableParallelism()), files.length);
  const small = progress.bytes < 8 * 1024 * 1024 && files.length < 16;
  const done = (file: string, records: number, problems: Diagnostic[]) => {
    diagnostics.push(...problems);
    progress.filesDone++;
    progress.records += records;
    progress.bytesDone += sizes.get(file) ?? 0;
    opts.onProgress?.({ ...progress });
  };
  if (threads <= 0 || small) {
    for (const file of files) {
      let last = 0;
      const r = await readCloudTrailFile(file, (e) => usage.add(e), {
        onChunk: (chars) => {
          progress.chars += chars - last;
          last = chars;
        },
      });
      done(file, r.records, r.diagnostics);
    }
  } else {
    let next = 0;
    const take = () => (next < files.length ? files[next++] : undefined);
    const results = await Promise.all(
      Array.from({ length: threads }, () =>
        runWorker(opts.resourceLimit, take, done, (chars) => {
          progress.chars += chars;
        }),
      ),
    );
    for (const r of results) {
      if (r.usage) usage.merge(r.usage);
      // A worker that failed: read what it had not finished here.
      for (const file of r.unfinished) {
        const read = await readCloudTrailFile(file, (e) => usage.add(e));
        done(file, read.records, read.diagnostics);
      }
    }
  }
  const sorted = uniqueDiagnostics(diagnostics);
  return hasErrors(sorted)
    ? { files: files.length, diagnostics: sorted }
    : { usage, files: files.length, diagnostics: sorted };
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The worker file beside this one; from TypeScript sources (tsx), through tsx's require hook. */
function startWorker(resourceLimit: number | undefined): Worker {
  const ext = extname(fileURLToPath(import.meta.url)) || ".js";
  const url = new URL(`./worker${ext}`, import.meta.url);
  const workerData = { resourceLimit };
  if (ext !== ".ts") return new Worker(url, { workerData });
  const api = createRequire(import.meta.url).resolve("tsx/cjs/api");
  const code = `require(${JSON.stringify(api)}).register(); require(${JSON.stringify(fileURLToPath(url))});`;
  return new Worker(code, { eval: true, workerData });
}

function runWorker(
  resourceLimit: number | undefined,
  take: () => string | undefined,
  done: (file: string, records: number, problems: Diagnostic[]) => void,
  onChars: (chars: number) => void,
): Promise<{ usage?: SerializedUsage; unfinished: string[] }> {
  return new Promise((resolve) => {
    let current: string | undefined;
    const given: string[] = [];
    let settled = false;
    const worker = startWorker(resourceLimit);
    const finish = (result: { usage?: SerializedUsage; unfinished: string[] }) => {
      if (settled) return;
      settled = true;
      resolve(result);
      void worker.terminate();
    };
    const feed = () => {
      current = take();
      if (current !== undefined) given.push(current);
      worker.postMessage(
        (current === undefined ? { type: "finish" } : { type: "file", file: current }) satisfies UsageWorkerRequest,
      );
    };
    worker.on("message", (m: UsageWorkerMessage) => {
      if (m.type === "ready") feed();
      else if (m.type === "progress") onChars(m.chars);
      else if (m.type === "file") {
        done(m.file, m.records, m.diagnostics as Diagnostic[]);
        feed();
      } else if (m.type === "result") finish({ usage: m.usage as SerializedUsage, unfinished: [] });
    });
    // A worker that fails loses its aggregate: its files are read again in this thread.
    const failed = () => finish({ unfinished: given });
    worker.on("error", failed);
    worker.on("exit", failed);
  });
}
