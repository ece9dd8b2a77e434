import { parentPort, workerData } from "node:worker_threads";
import { readCloudTrailFile } from "../../input/account/cloudtrail.js";
import { UsageAggregator } from "./aggregate.js";

/**
 * A worker thread of `collect.ts`: reads the CloudTrail files it is sent, one at a time, into its
 * own aggregate; reports each file's records and problems (which asks for the next file); sends
 * the aggregate when told there are no more.
 */
export type UsageWorkerRequest = { type: "file"; file: string } | { type: "finish" };
export type UsageWorkerMessage =
  | { type: "ready" }
  | { type: "file"; file: string; records: number; diagnostics: unknown[] }
  | { type: "progress"; chars: number }
  | { type: "result"; usage: unknown };

const port = parentPort!;
const usage = new UsageAggregator((workerData as { resourceLimit?: number } | undefined)?.resourceLimit);
port.on("message", (m: UsageWorkerRequest) => {
  if (m.type === "finish") {
    port.postMessage({ type: "result", usage: usage.toJSON() } satisfies UsageWorkerMessage);
    return;
  }
  let reported = 0;
  void readCloudTrailFile(m.file, (e) => usage.add(e), {
    onChunk: (chars) => {
      port.postMessage({ type: "progress", chars: chars - reported } satisfies UsageWorkerMessage);
      reported = chars;
    },
  }).then((r) => {
    port.postMessage({
      type: "file",
      file: m.file,
      records: r.records,
      diagnostics: r.diagnostics,
    } satisfies UsageWorkerMessage);
  });
});
port.postMessage({ type: "ready" } satisfies UsageWorkerMessage);
