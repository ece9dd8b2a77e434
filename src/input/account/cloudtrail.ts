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
  // A delivered log file (`{"Records": [...]}`) of ordinary size is parsed whole: one native
  // parse instead of a scan for each record's end and a parse per record. Only a file that parses
  // and whose records are all CloudTrail records is taken this way; anything else (a huge file, a
  // syntax error, a duplicate key, a record of the wrong shape) is streamed, and located, as before.
  let whole: string[] | undefined;
  let wholeChars = 0;
  const stream_ = (chunks: readonly string[]) => {
    for (const c of chunks) stream!.write(c);
  };
  for await (const chunk of readTextChunks({ file }, problems)) {
    read += chunk.length;
    if (whole) {
      whole.push(chunk);
      wholeChars += chunk.length;
      if (wholeChars > WHOLE_FILE_CHARS) {
        stream_(whole);
        whole = undefined;
      }
      opts.onChunk?.(read);
      continue;
    }
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
            // `"Records": "x"` (or an object) read as no records: usage said "nothing used", exit 0.
            member: (key, _text, at) => {
              if (key !== "Records") return;
              report({
                code: "account-invalid-field",
                severity: "error",
                file,
                line: at.line,
                column: at.column,
                path: "/Records",
                message: '"Records" must be a list of CloudTrail records',
              });
            },
          },
          file,
        );
      }
      if (mode === "records" && /^\{\s*"Records"\s*:/.test(start)) {
        whole = [head];
        wholeChars = head.length;
        head = "";
        opts.onChunk?.(read);
        continue;
      }
      feed(head);
      head = "";
    } else feed(chunk);
    opts.onChunk?.(read);
    if (stream?.error) break;
  }
  if (whole) {
    const events = problems.length === 0 ? wholeFileEvents(whole.join("")) : undefined;
    if (events) {
      records += events.length;
      for (const e of events) onEvent(e);
      stream = undefined; // nothing left to check
    } else stream_(whole);
    whole = undefined;
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

/** Decompressed size up to which a delivered log file is parsed whole (AWS's are a few megabytes). */
const WHOLE_FILE_CHARS = 32 * 1024 * 1024;

/**
 * The events of a whole `{"Records": [...]}` text, or undefined when it must be streamed for its
 * problems to be located: not JSON, another top-level member, `Records` twice (the streaming
 * reader reports duplicate keys; `JSON.parse` keeps the last), or a record that is not a record.
 */
function wholeFileEvents(text: string): TrailEvent[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const keys = Object.keys(value);
  const list = (value as { Records?: unknown }).Records;
  if (keys.length !== 1 || !Array.isArray(list)) return undefined;
  if (text.indexOf('"Records"', text.indexOf('"Records"') + 1) >= 0 && duplicateRecordsKey(text)) return undefined;
  const events: TrailEvent[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    const e = toEvent(list[i]);
    if (!e) return undefined;
    events[i] = e;
  }
  return events;
}

/**
 * Whether the top-level object names `Records` twice: the text with every string's content and
 * the array removed leaves the top-level keys. Only asked when `"Records"` occurs twice in the text.
 */
function duplicateRecordsKey(text: string): boolean {
  let seen = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return true;
        let k = q - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((q - 1 - k) % 2 === 0) {
          if (depth === 1 && text.slice(i, q + 1) === '"Records"') seen++;
          i = q;
          break;
        }
        j = q + 1;
      }
    } else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
  }
  return seen > 1;
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
  const partition = partitionOf(arn ?? identity.issuerArn, str(r.awsRegion));
  const event: TrailEvent = {
    time,
    eventSource,
    eventName,
    identity,
    resources: eventResources(r, eventSource, partition),
  };
  const action = eventAction(eventSource, eventName);
  if (action) event.action = action;
  const errorCode = str(r.errorCode);
  if (errorCode) event.errorCode = errorCode;
  const region = str(r.awsRegion);
  if (region) event.region = region;
  return event;
}

/**
 * The partition of a record's resources: the caller's ARN names it (`arn:aws-cn:…`), else the
 * region does (`cn-north-1` is aws-cn, `us-gov-west-1` aws-us-gov); S3's request names only the
 * bucket, whose ARN is the partition's (IAM User Guide, "IAM identifiers": `arn:aws-cn:s3:::bucket`).
 */
function partitionOf(arn: string | undefined, region: string | undefined): string {
  const m = arn ? /^arn:([a-z-]+):/.exec(arn) : null;
  if (m) return m[1];
  if (region?.startsWith("cn-")) return "aws-cn";
  if (region?.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** `/arn$/i` without a regular expression (it runs for every key of every request). */
function endsWithArn(k: string): boolean {
  const n = k.length;
  return (
    n >= 3 &&
    (k.charCodeAt(n - 1) | 32) === 110 && // n
    (k.charCodeAt(n - 2) | 32) === 114 && // r
    (k.charCodeAt(n - 3) | 32) === 97 // a
  );
}

/**
 * The resources of a record: S3's bucket and key from the request (the object for object-level
 * calls, else the bucket), else the `resources` list, else ARNs of the event's own service among
 * the request's and the response's top-level fields (`roleArn`, `trainingJobArn`).
 */
function eventResources(r: Record<string, unknown>, eventSource: string, partition: string): string[] {
  if (eventSource === "s3.amazonaws.com") {
    const req = r.requestParameters as Record<string, unknown> | undefined | null;
    if (req && typeof req.bucketName === "string") {
      const key = str(req.key);
      const bucket = `arn:${partition}:s3:::${req.bucketName}`;
      return [key !== undefined ? `${bucket}/${key}` : bucket];
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
  const dot = eventSource.indexOf(".");
  const service = dot < 0 ? eventSource : eventSource.slice(0, dot);
  const out: string[] = [];
  const scan = (o: unknown) => {
    if (typeof o !== "object" || o === null || Array.isArray(o)) return;
    const record = o as Record<string, unknown>;
    for (const k of Object.keys(record)) {
      const v = record[k];
      if (typeof v === "string" && endsWithArn(k) && v.startsWith("arn:")) {
        const from = v.indexOf(":", 4) + 1; // after `arn:<partition>:`
        const to = v.indexOf(":", from);
        const svc = from === 0 ? undefined : to < 0 ? v.slice(from) : v.slice(from, to);
        if (svc === service || (service === "sts" && svc === "iam")) out.push(v);
      }
    }
  };
  scan(r.requestParameters);
  if (out.length === 0) scan(r.responseElements);
  return out;
}
