/**
 * Reading the files a user points ai-iam at (spec folders, policy files, policy sets, requests),
 * as input a pull request may have crafted: regular files only, each within a size limit and all
 * of one input within another, every refusal a located diagnostic.
 *
 * - A symlink is followed only to a regular file; a loop, a dangling link, a FIFO, a socket or a
 *   device is an error naming the file (reading `/dev/zero` or a FIFO would never end). Folders
 *   reached through a symlink are not walked (a link to `..` would loop).
 * - Files are opened non-blocking and checked again on the open descriptor, so a file swapped for
 *   a FIFO between the check and the open cannot hang the read; at most limit + 1 bytes are read
 *   whatever size the file claims (`/proc` files claim 0).
 * - Limits: 10 MiB per file and 50 MiB per input (all files of a spec folder, all policy files of
 *   one `check`), overridable with `AI_IAM_MAX_FILE_SIZE` and `AI_IAM_MAX_INPUT_SIZE` (bytes, or
 *   with a unit: `20MB`, `1GiB`).
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic, DiagnosticCode } from "../../diagnostics/index.js";

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_INPUT_BYTES = 50 * 1024 * 1024;

export interface InputLimits {
  maxFileBytes: number;
  maxInputBytes: number;
}

/** What is left of one input's byte budget; shared by the files of that input. */
export interface InputBudget {
  limits: InputLimits;
  remaining: number;
}

/** `10485760`, `20MB`, `1.5 GiB`: bytes, or undefined when not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = (m[2] ?? "b").toLowerCase().replace(/i?b$/, "");
  const scale = unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1;
  const n = Math.floor(Number(m[1]) * scale);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The limits in force: the defaults, or the environment's overrides (a bad value is a diagnostic). */
export function inputLimits(env: NodeJS.ProcessEnv = process.env): { limits: InputLimits; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const read = (name: string, fallback: number): number => {
    const v = env[name];
    if (v === undefined || v === "") return fallback;
    const n = parseSize(v);
    if (n === undefined) {
      diagnostics.push({
        code: "input-invalid-limit",
        severity: "error",
        message: `${name}=${JSON.stringify(v)} is not a size`,
        hint: `give bytes or a size with a unit, e.g. ${name}=20MB`,
      });
      return fallback;
    }
    return n;
  };
  return {
    limits: {
      maxFileBytes: read("AI_IAM_MAX_FILE_SIZE", DEFAULT_MAX_FILE_BYTES),
      maxInputBytes: read("AI_IAM_MAX_INPUT_SIZE", DEFAULT_MAX_INPUT_BYTES),
    },
    diagnostics,
  };
}

/** A fresh budget for one input. */
export function inputBudget(limits: InputLimits = inputLimits().limits): InputBudget {
  return { limits, remaining: limits.maxInputBytes };
}

function mib(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${n} bytes`;
}

function fail(code: DiagnosticCode, file: string, message: string, hint?: string): { diagnostic: Diagnostic } {
  return { diagnostic: { code, severity: "error", message, file, ...(hint ? { hint } : {}) } };
}

/** What a path is, following a symlink; a located diagnostic when it cannot be a file to read. */
function describe(file: string): "file" | "dir" | { diagnostic: Diagnostic } {
  // A regular file (the usual answer) needs one call; anything else is told apart below.
  try {
    if (statSync(file).isFile()) return "file";
  } catch {
    // described below, with the error of the call that fails there
  }
  return describeOther(file);
}

function describeOther(file: string): "file" | "dir" | { diagnostic: Diagnostic } {
  let link = false;
  try {
    link = lstatSync(file).isSymbolicLink();
    const st = statSync(file);
    if (st.isFile()) return "file";
    if (st.isDirectory()) return "dir";
    const what = st.isFIFO()
      ? "a FIFO"
      : st.isSocket()
        ? "a socket"
        : st.isCharacterDevice() || st.isBlockDevice()
          ? "a device"
          : "not a regular file";
    return fail(
      "input-not-a-file",
      file,
      `${file} is ${what}${link ? " (through a symlink)" : ""}: only regular files are read`,
    );
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return fail("input-symlink-loop", file, `${file} is a symlink loop`);
    if (code === "ENOENT" && link) return fail("input-dangling-symlink", file, `${file} is a symlink to nothing`);
    if (code === "ENOENT") return fail("input-not-found", file, `${file} does not exist`);
    return fail("input-unreadable", file, `cannot read ${file}: ${(err as Error).message.split("\n")[0]}`);
  }
}

/** Is `path` a folder (following a symlink)? Anything that cannot be stat'ed is not. */
export function isFolder(path: string): boolean {
  return describe(path) === "dir";
}

/**
 * Reads a file as UTF-8 text within the per-file limit and the input's budget (which it draws
 * down). Never throws; never blocks on a FIFO or device.
 */
export function readInputFile(
  file: string,
  budget: InputBudget = inputBudget(),
): { text: string } | { diagnostic: Diagnostic } {
  const kind = describe(file);
  if (kind === "dir") return fail("input-not-a-file", file, `${file} is a folder where a file was expected`);
  if (kind !== "file") return kind;
  const limit = Math.min(budget.limits.maxFileBytes, budget.remaining);
  const tooLarge = (size: string) =>
    limit < budget.limits.maxFileBytes
      ? fail(
          "input-too-large",
          file,
          `${file} (${size}) goes over the ${mib(budget.limits.maxInputBytes)} limit for one input`,
          "raise AI_IAM_MAX_INPUT_SIZE (e.g. AI_IAM_MAX_INPUT_SIZE=200MB) if this input is meant to be this large",
        )
      : fail(
          "input-too-large",
          file,
          `${file} (${size}) is larger than the ${mib(budget.limits.maxFileBytes)} limit per file`,
          "raise AI_IAM_MAX_FILE_SIZE (e.g. AI_IAM_MAX_FILE_SIZE=50MB) if this file is meant to be this large",
        );
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return fail("input-unreadable", file, `cannot read ${file}: ${(err as Error).message.split("\n")[0]}`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile())
      return fail("input-not-a-file", file, `${file} is not a regular file: only regular files are read`);
    if (st.size > limit) return tooLarge(mib(st.size));
    // A buffer of the size the file has (plus one byte, to see it grow), doubled while it grows
    // (a file in /proc says 0): a spec folder of 5,000 small files allocated 64 KiB for each.
    let buf = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(st.size + 1, 4096)));
    let total = 0;
    for (;;) {
      if (total === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(limit + 1, buf.length * 2));
        buf.copy(bigger, 0, 0, total);
        buf = bigger;
      }
      const n = readSync(fd, buf, total, buf.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > limit) return tooLarge(`more than ${mib(limit)}`);
    }
    budget.remaining -= total;
    return { text: buf.toString("utf8", 0, total) };
  } catch (err) {
    return fail("input-unreadable", file, `cannot read ${file}: ${(err as Error).message.split("\n")[0]}`);
  } finally {
    closeSync(fd);
  }
}

export interface ListOptions {
  /** Which names to take (e.g. `*.yaml`). */
  accept: (name: string) => boolean;
  /** Walk sub-folders (not through symlinks; dot folders and node_modules skipped). */
  recursive?: boolean;
}

/**
 * The files under `dir` whose names `accept` takes, sorted; an accepted name that is no regular
 * file (a FIFO, a device, a symlink loop or to nothing) is a diagnostic, not silently skipped.
 */
export function listInputFiles(dir: string, opts: ListOptions): { files: string[]; diagnostics: Diagnostic[] } {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const walk = (d: string) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (err) {
      diagnostics.push(
        fail("input-unreadable", d, `cannot read folder ${d}: ${(err as Error).message.split("\n")[0]}`).diagnostic,
      );
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (opts.recursive && !e.name.startsWith(".") && e.name !== "node_modules") walk(p);
        continue;
      }
      if (!e.isSymbolicLink() && !opts.accept(e.name)) continue;
      // A regular file's entry says so (no symlink to follow): asking the file system again would
      // cost two calls per file of a folder of thousands.
      const kind = e.isFile() ? "file" : describe(p);
      if (kind === "dir") {
        if (opts.recursive) {
          diagnostics.push({
            code: "input-symlink-folder",
            severity: "warning",
            message: `${p} is a symlink to a folder: not followed`,
            file: p,
          });
        }
      } else if (!opts.accept(e.name)) continue;
      else if (kind === "file") files.push(p);
      else diagnostics.push(kind.diagnostic);
    }
  };
  walk(dir);
  return { files, diagnostics };
}
