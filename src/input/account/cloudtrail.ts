import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "../../diagnostics/index.js";
import { parseJsonWithPositions } from "../../policy/json.js";
import { eventAction } from "./cloudtrail-actions.js";
import { JsonArrayStream, locateInElement, type StreamPosition } from "./json-stream.js";
import { readTextChunks } from "./read-text.js";

/**
 * CloudTrail logs as AWS delivers them — gzip'd JSON files `{"Records": [...]}` under
 * `AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/` — and as CloudTrail Lake or Athena
 * export them: JSON lines (one record per line) or a JSON array of records, gzip'd or not. Records
 * are streamed one at a time, so a file of any size is read in constant memory, and each is cut
 * down to the few fields usage analysis needs (`TrailEvent`).
 * AWS: CloudTrail User Guide, "CloudTrail record contents", "CloudTrail userIdentity element",
 * "Finding your CloudTrail log files".
 */
export interface TrailIdentity {
  /** `IAMUser`, `AssumedRole`, `Root`, `FederatedUser`, `AWSAccount`, `AWSService`, `Unknown`, ... */
  type: string;
  /** The caller's ARN: a user's, or the session's (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`). */
  arn?: string;
  accountId?: string;
  /** For a role session: the role's ARN, with its path (`sessionContext.sessionIssuer.arn`). */
  issuerArn?: string;
  /** For a role session: the session name (an Identity Center session's is the person's user name). */
  sessionName?: string;
  /** For `AWSService`: the service that made the call. */
  invokedBy?: string;
}

export interface TrailEvent {
  /** ISO 8601, as CloudTrail writes it. */
  time: string;
  eventSource: string;
  eventName: string;
  /** The IAM action the call needed, from the catalog; absent when it cannot be told. */
  action?: string;
  identity: TrailIdentity;
  errorCode?: string;
  region?: string;
  /** The resources the call acted on, as ARNs, when the record tells. */
  resources: string[];
}

/** Folder walking: every file under a folder, sorted, except CloudTrail's digest files and hidden ones. */
export function cloudTrailFiles(paths: readonly string[], diagnostics: Diagnostic[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch (err) {
      diagnostics.push({
        code: "account-read",
        severity: "error",
        file: dir,
        message: `cannot read the folder: ${(err as Error).message}`,
      });
      return;
    }
    for (const name of entries) {
      if (name.startsWith(".") || name === "CloudTrail-Digest") continue;
      const path = join(dir, name);
      let isDir = false;
      try {
        isDir = statSync(path).isDirectory();
      } catch {
        continue;
      }
      if (isDir) walk(path);
      else out.push(path);
    }
  };
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      diagnostics.push({ code: "account-read", severity: "error", file: p, message: "no such file or folder" });
      continue;
    }
    if (isDir) walk(p);
    else out.push(p);
  }
  return out;
}

export interface ReadTrailOptions {
  /** Called after each chunk with the bytes (of text) read so far in this file. */
  onChunk?: (chars: number) => void;
  /** At most this many diagnostics are kept per file (default 20); the rest are counted. */
  maxDiagnostics?: number;
}

export interface ReadTrailResult {
  records: number;
  diagnostics: Diagnostic[];
}

/**
 * Read one file and hand over each record as a `TrailEvent`. A record that is not JSON, or not a
 * CloudTrail record, is reported where it is; reading goes on, so every problem is found in one pass.
 */
export async function readCloudTrailFile(
  file: string,
  onEvent: (event: TrailEvent) => void,
  opts: ReadTrailOptions = {},
): Promise<ReadTrailResult> {
  const diagnostics: Diagnostic[] = [];
  const max = opts.maxDiagnostics ?? 20;
  let dropped = 0;
  const report = (d: Diagnostic) => {
    if (diagnostics.length < max) diagnostics.push(d);
    else dropped++;
  };
  let records = 0;
  const take = (text: string, at: StreamPosition, pointer: string) => {
    let event: TrailEvent | undefined;
    try {
      event = eventFromText(text);
    } catch {
      const parsed = parseJsonWithPositions(text, file);
      const d = parsed.diagnostics[0];
      const pos = d?.line !== undefined ? locateInElement(at, d.line, d.column ?? 1) : at;
      report({
        code: "account-json-syntax",
        severity: "error",
        file,
        line: pos.line,
        column: pos.column,
        path: pointer,
        message: d ? d.message : "invalid JSON",
      });
      return;
    }
    if (!event) {
      report({
        code: "account-not-a-trail-record",
        severity: "error",
        file,
        line: at.line,
        column: at.column,
        path: pointer,
        message: "not a CloudTrail record: eventTime, eventSource, eventName and userIdentity are required",
      });
      return;
    }
    records++;
    onEvent(event);
  };

  const problems: Diagnostic[] = [];
  let mode: "records" | "lines" | undefined;
  let stream: JsonArrayStream | undefined;
  let pending = "";
  let line = 0;
  let head = "";
  let read = 0;
  const lines = (chunk: string, final: boolean) => {
    let text = pending + chunk;
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl < 0) break;
      line++;
      const l = text.slice(start, nl);
      if (l.trim() !== "") take(l, { line, column: 1, offset: 0 }, `/${line}`);
      start = nl + 1;
    }
    text = text.slice(start);
    if (final && text.trim() !== "") {
      line++;
      take(text, { line, column: 1, offset: 0 }, `/${line}`);
      text = "";
    }
    pending = text;
  };
  const feed = (chunk: string) => {
    if (mode === "lines") return lines(chunk, false);
    stream!.write(chunk);
  };
  for await (const chunk of readTextChunks({ file }, problems)) {
    read += chunk.length;
    if (mode === undefined) {
      head += chunk;
      const start = head.replace(/^\ufeff?\s*/, "");
      // Enough text to tell: `{"Records":` (a delivered log file), `[` (a JSON array), else JSON lines.
      if (start.length < 64 && !/^(\[|\{\s*"[^"]*"\s*:)/.test(start)) continue;
      mode = /^(\[|\{\s*"Records"\s*:)/.test(start) ? "records" : "lines";
      if (mode === "records") {
        stream = new JsonArrayStream(
          {
            element: (key, index, text, at) => {
              if (key === "Records" || key === "") take(text, at, `/${key === "" ? "" : `${key}/`}${index}`);
            },
          },
          file,
        );
      }
      feed(head);
      head = "";
    } else feed(chunk);
    opts.onChunk?.(read);
    if (stream?.error) break;
  }
  if (mode === undefined && head.trim() !== "") {
    mode = "lines";
    lines(head, true);
  } else if (mode === "lines") lines("", true);
  else if (stream) problems.push(...stream.end());
  for (const p of problems) report(p);
  if (dropped > 0) {
    diagnostics.push({
      code: "account-more-problems",
      severity: "error",
      file,
      message: `${dropped} more problems in this file are not shown`,
    });
  }
  return { records, diagnostics };
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/**
 * A record's text → its event. Throws on text that is not JSON, so the caller can locate the
 * error; undefined for JSON that is not a CloudTrail record. (Scanning for only the members usage
 * reads was measured no faster than the native parser, which also checks every literal.)
 */
export function eventFromText(text: string): TrailEvent | undefined {
  return toEvent(JSON.parse(text));
}

/** The fields usage needs, or undefined for something that is not a CloudTrail record. */
export function toEvent(value: unknown): TrailEvent | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const r = value as Record<string, unknown>;
  const time = str(r.eventTime);
  const eventSource = str(r.eventSource);
  const eventName = str(r.eventName);
  const ui = r.userIdentity as Record<string, unknown> | undefined;
  if (!time || !eventSource || !eventName || typeof ui !== "object" || ui === null) return undefined;
  const identity: TrailIdentity = { type: str(ui.type) ?? "Unknown" };
  const arn = str(ui.arn);
  if (arn) identity.arn = arn;
  const accountId = str(ui.accountId);
  if (accountId) identity.accountId = accountId;
  const invokedBy = str(ui.invokedBy);
  if (invokedBy) identity.invokedBy = invokedBy;
  const session = ui.sessionContext as Record<string, unknown> | undefined;
  const issuer = session?.sessionIssuer as Record<string, unknown> | undefined;
  if (issuer && str(issuer.type) === "Role" && str(issuer.arn)) identity.issuerArn = str(issuer.arn);
  if (arn && identity.type === "AssumedRole") {
    const i = arn.indexOf(":assumed-role/");
    if (i >= 0) {
      const rest = arn.slice(i + 14);
      const slash = rest.indexOf("/");
      if (slash >= 0) identity.sessionName = rest.slice(slash + 1);
    }
  }
  const event: TrailEvent = { time, eventSource, eventName, identity, resources: eventResources(r, eventSource) };
  const action = eventAction(eventSource, eventName);
  if (action) event.action = action;
  const errorCode = str(r.errorCode);
  if (errorCode) event.errorCode = errorCode;
  const region = str(r.awsRegion);
  if (region) event.region = region;
  return event;
}

/**
 * The resources of a record: S3's bucket and key from the request (the object for object-level
 * calls, else the bucket), else the `resources` list, else ARNs of the event's own service among
 * the request's and the response's top-level fields (`roleArn`, `trainingJobArn`).
 */
function eventResources(r: Record<string, unknown>, eventSource: string): string[] {
  if (eventSource === "s3.amazonaws.com") {
    const req = r.requestParameters as Record<string, unknown> | undefined | null;
    if (req && typeof req.bucketName === "string") {
      const key = str(req.key);
      return [key !== undefined ? `arn:aws:s3:::${req.bucketName}/${key}` : `arn:aws:s3:::${req.bucketName}`];
    }
  }
  const list = r.resources;
  if (Array.isArray(list) && list.length > 0) {
    const arns: string[] = [];
    for (const x of list) {
      const a = typeof x === "object" && x !== null ? str((x as Record<string, unknown>).ARN) : undefined;
      if (a) arns.push(a);
    }
    if (arns.length > 0) return arns;
  }
  const service = eventSource.split(".")[0];
  const out: string[] = [];
  const scan = (o: unknown) => {
    if (typeof o !== "object" || o === null) return;
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === "string" && /arn$/i.test(k) && v.startsWith("arn:")) {
        const svc = v.split(":")[2];
        if (svc === service || (service === "sts" && svc === "iam")) out.push(v);
      }
    }
  };
  scan(r.requestParameters);
  if (out.length === 0) scan(r.responseElements);
  return out;
}
