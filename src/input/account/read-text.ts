import { createReadStream } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { createGunzip } from "node:zlib";
import type { Diagnostic } from "../../diagnostics/index.js";

/**
 * The text of a file as a stream of chunks, decoded as UTF-8 (or UTF-16LE after its byte-order
 * mark, as Windows PowerShell writes redirected output), gunzipped when it is gzip (told by
 * its first two bytes, 1f 8b, not by its name: CloudTrail delivers `.json.gz`, exports are often
 * renamed). A file that cannot be read, or gzip data that is corrupt or cut short, becomes one
 * diagnostic in `problems`; the chunks read before it were already delivered.
 */
export interface TextSource {
  file: string;
  /** The text itself (no file is read). */
  text?: string;
}

/** Chunk size: large enough that per-chunk work is negligible, small enough to keep memory flat. */
const CHUNK = 1 << 20;

export async function* readTextChunks(source: TextSource, problems: Diagnostic[]): AsyncGenerator<string> {
  if (source.text !== undefined) {
    for (let i = 0; i < source.text.length; i += CHUNK) yield source.text.slice(i, i + CHUNK);
    return;
  }
  const decoder = new Utf8Chunks();
  let stage = "read";
  try {
    const raw = createReadStream(source.file, { highWaterMark: CHUNK });
    const iterator = raw[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done) return;
    const head = first.value as Buffer;
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
      stage = "gunzip";
      const gunzip = createGunzip({ chunkSize: CHUNK });
      // Feed the compressed bytes through the gunzip stream as it asks for them.
      const feed = (async () => {
        try {
          if (!gunzip.write(head)) await new Promise((r) => gunzip.once("drain", r));
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            if (!gunzip.write(next.value as Buffer)) await new Promise((r) => gunzip.once("drain", r));
          }
          gunzip.end();
        } catch (err) {
          gunzip.destroy(err as Error);
        }
      })();
      for await (const chunk of gunzip) {
        const text = decoder.decode(chunk as Buffer);
        if (text.length > 0) yield text;
      }
      await feed;
    } else {
      yield decoder.decode(head);
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const text = decoder.decode(next.value as Buffer);
        if (text.length > 0) yield text;
      }
    }
    const rest = decoder.end();
    if (rest.length > 0) yield rest;
  } catch (err) {
    problems.push(readProblem(source.file, stage, err as NodeJS.ErrnoException));
  }
}

/**
 * UTF-8 chunks to text as `TextDecoder("utf-8")` decodes them (a leading byte-order mark dropped,
 * invalid bytes as U+FFFD, a character split across chunks joined), through `StringDecoder`,
 * which decodes with Buffer's native UTF-8 path: several times faster than a streaming
 * `TextDecoder` in Node 20, which dominated reading CloudTrail.
 */
export class Utf8Chunks {
  private decoder = new StringDecoder("utf8");
  private first = true;
  private sniffed = false;

  decode(chunk: Buffer): string {
    let bytes = chunk;
    if (!this.sniffed && bytes.length > 0) {
      this.sniffed = true;
      // A UTF-16LE byte-order mark: what Windows PowerShell 5's `>` writes
      // (`aws iam get-account-authorization-details > account.json`). Read as the text it is.
      if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
        this.decoder = new StringDecoder("utf16le");
        bytes = bytes.subarray(2);
      }
    }
    const text = this.decoder.write(bytes);
    return this.first ? this.strip(text) : text;
  }

  end(): string {
    const text = this.decoder.end();
    return this.first ? this.strip(text) : text;
  }

  private strip(text: string): string {
    if (text.length === 0) return text;
    this.first = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}

function readProblem(file: string, stage: string, err: NodeJS.ErrnoException): Diagnostic {
  if (stage === "gunzip") {
    const truncated = err.code === "Z_BUF_ERROR" || /unexpected end/i.test(err.message);
    return {
      code: "account-gzip",
      severity: "error",
      file,
      message: truncated
        ? "the gzip data ends early: the file is truncated"
        : `the gzip data is corrupt: ${err.message}`,
      hint: "copy the file again from its source (S3 or the export)",
    };
  }
  const reason =
    err.code === "ENOENT"
      ? "no such file"
      : err.code === "EISDIR"
        ? "it is a folder"
        : err.code === "EACCES"
          ? "permission denied"
          : err.message;
  return { code: "account-read", severity: "error", file, message: `cannot read the file: ${reason}` };
}
