import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, extname, isAbsolute, join, normalize, sep } from "node:path";
import { InvalidArgumentError, Option } from "commander";
import { writeOutputAtomically } from "../util/write-atomic.js";
import { colors, isQuiet, printDiagnostics, writeStderr, writeStdout } from "./output.js";
import { folderPathProblem, folderPathsProblem } from "./write-folder.js";

export { writeOutputAtomically };

/**
 * The options every command shares, and how they behave, in one place (see "Conventions" in the
 * README): `--format` (an invalid value is a usage error, exit 2, listing the allowed values),
 * `--out` (written atomically, nothing on invalid input), `--quiet`, `--fail-on`, `--workers`, and
 * the help text with examples. Nothing here imports the library or `@pulumi/*`.
 */

function list(values: readonly string[]): string {
  return values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} or ${values.at(-1)}`;
}

/** `--format <format>`: one of `allowed`; anything else is rejected by the parser (exit 2). */
export function formatOption(allowed: readonly string[], defaultValue?: string, description?: string): Option {
  const option = new Option("--format <format>", description ?? `output format: ${list(allowed)}`).choices(allowed);
  return defaultValue === undefined ? option : option.default(defaultValue);
}

/** `--fail-on <when>`: the threshold for exit code 1; anything not in `allowed` is a usage error. */
export function failOnOption(allowed: readonly string[], defaultValue: string, description: string): Option {
  return new Option("--fail-on <when>", description).choices(allowed).default(defaultValue);
}

/** `--out <file>`: the result goes to this file (atomically) instead of stdout. */
export function outOption(
  description = "write the result to <file> instead of stdout (whole or not at all)",
  flags = "--out <file>",
): Option {
  return new Option(flags, description);
}

/** `--quiet`: what it leaves out is command-specific, so each command says it. */
export function quietOption(description: string): Option {
  return new Option("--quiet", description);
}

/** `--workers <n>`: worker threads, a whole number from 0 (in this thread) to 64. */
export function workersOption(description = "worker threads (default: 2, or 1 on a single core)"): Option {
  return new Option("--workers <n>", description).argParser((value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > 64) throw new InvalidArgumentError("must be a whole number from 0 to 64.");
    return value;
  });
}

/** The `--help` epilogue: optional notes, then "Example(s):" with one command a line. */
export function helpText(examples: readonly string[], notes?: string): string {
  const head = notes ? `\n${notes.trimEnd()}\n` : "";
  return `${head}\nExample${examples.length === 1 ? "" : "s"}:\n${examples.map((e) => `  ${e}`).join("\n")}\n`;
}

/** The colours for a result: none when it goes to a file, else as `colors()` decides for stdout. */
export function resultColors(out: string | undefined) {
  return out ? colors({ isTTY: false }) : colors();
}

function writeFailed(path: string, err: unknown): void {
  printDiagnostics([
    { code: "cli-write-failed", severity: "error", message: (err as Error).message.split("\n")[0], file: path },
  ]);
}

/**
 * A command's result: to `--out` (atomically, then `wrote <file>` on stderr unless --quiet) or to
 * stdout. Returns false, with a diagnostic printed, when the file cannot be written (exit 2).
 */
export function emit(text: string, out: string | undefined): boolean {
  if (!out) {
    writeStdout(text);
    return true;
  }
  try {
    writeOutputAtomically(out, text);
  } catch (err) {
    writeFailed(out, err);
    return false;
  }
  if (!isQuiet()) writeStderr(`wrote ${out}\n`);
  return true;
}

/** What `writeFilesAtomically` may do besides writing `files`. */
export interface AtomicWriteOptions {
  /**
   * A file (relative to `dir`) that lists what this write produced. The files the previous write
   * listed there and this one no longer produces are removed (regular files of the kinds this write
   * produces, by extension, never anything else), so the folder holds exactly the current output
   * plus whatever the user keeps beside it.
   */
  manifest?: string;
}

/** The paths a manifest lists: relative, inside the folder; anything else is ignored. */
function readManifest(file: string): string[] {
  try {
    if (!lstatSync(file).isFile()) return [];
    const value = JSON.parse(readFileSync(file, "utf8")) as { files?: unknown };
    if (!Array.isArray(value.files)) return [];
    return value.files.filter(
      (f): f is string =>
        typeof f === "string" && f !== "" && !isAbsolute(f) && !normalize(f).split(sep).includes(".."),
    );
  } catch {
    return [];
  }
}

/**
 * A regular file at `path` inside `dir` reached through real folders only: a manifest (which a pull
 * request can write) naming `sub/x.json` where `sub` is a symlink must not remove a file elsewhere.
 */
function isOwnFile(dir: string, path: string): boolean {
  if (folderPathProblem(path)) return false;
  const parts = path.split("/");
  for (let i = 1; i < parts.length; i++) {
    if (!lstatOrUndefined(join(dir, ...parts.slice(0, i)))?.isDirectory()) return false;
  }
  return lstatOrUndefined(join(dir, path))?.isFile() === true;
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Writes many files under `dir` all or nothing: every file is rendered into a temporary folder
 * beside `dir` first. A new `dir` is then renamed into place in one step; into an existing `dir`
 * each file is renamed over its namesake (other files are left alone), and if any move fails the
 * ones already moved are put back and the folders it created removed. It never replaces or deletes
 * anything it did not write: a folder, link or other non-regular file where a file goes is an error
 * before anything moves. With `opts.manifest`, files of the previous write that this one no longer
 * produces are removed (see `AtomicWriteOptions`). Returns an error message, or undefined.
 */
export function writeFilesAtomically(
  dir: string,
  files: ReadonlyArray<{ path: string; text: string }>,
  opts: AtomicWriteOptions = {},
): string | undefined {
  const target = dir.replace(/\/+$/, "") || dir;
  const all = opts.manifest
    ? [
        ...files,
        {
          path: opts.manifest,
          text: `${JSON.stringify({ generatedBy: "ai-iam", files: files.map((f) => f.path).sort() }, null, 2)}\n`,
        },
      ]
    : files;
  const problem = folderPathsProblem(all.map((f) => f.path));
  if (problem) return `cannot write to ${dir}: ${problem}; nothing was written`;
  let staging: string | undefined;
  try {
    const existing = lstatOrUndefined(target);
    if (existing && !existing.isDirectory()) return `cannot write to ${dir}: it exists and is not a folder`;
    // Pre-flight: every destination is absent or a regular file; every folder on its way absent or a folder.
    if (existing) {
      for (const f of all) {
        const parts = f.path.split("/");
        for (let i = 1; i <= parts.length; i++) {
          const at = join(target, ...parts.slice(0, i));
          const st = lstatOrUndefined(at);
          if (!st) break;
          const wanted = i === parts.length ? st.isFile() : st.isDirectory();
          if (!wanted) {
            return `cannot write to ${dir}: ${at} is ${st.isDirectory() ? "a folder" : st.isSymbolicLink() ? "a symbolic link" : "not a regular file"} where ai-iam writes ${i === parts.length ? "a file" : "a folder"}; nothing was changed (move it away, or write elsewhere)`;
          }
        }
      }
    }
    mkdirSync(dirname(target), { recursive: true });
    staging = mkdtempSync(join(dirname(target), `.${basename(target)}.ai-iam-tmp-`));
    const fresh = join(staging, "new");
    for (const f of all) {
      const file = join(fresh, f.path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, f.text);
    }
    mkdirSync(fresh, { recursive: true });
    if (!existing) {
      renameSync(fresh, target);
      return undefined;
    }
    const produced = new Set(all.map((f) => f.path));
    // A manifest can be committed by a pull request: it removes only files of the kinds this write
    // produces (`.json` for plan), never the README or notes a user keeps beside them.
    const kinds = new Set(files.map((f) => extname(f.path)));
    const stale = opts.manifest
      ? readManifest(join(target, opts.manifest)).filter(
          (p) => !produced.has(p) && kinds.has(extname(p)) && isOwnFile(target, p),
        )
      : [];
    const backup = join(staging, "old");
    const created: string[] = [];
    const ensureDir = (d: string) => {
      const missing: string[] = [];
      for (let at = d; at !== target && !lstatOrUndefined(at); at = dirname(at)) missing.push(at);
      for (const m of missing.reverse()) {
        mkdirSync(m);
        created.push(m);
      }
    };
    const moved: Array<{ path: string; hadOld: boolean; placed: boolean }> = [];
    try {
      for (const path of stale) {
        mkdirSync(dirname(join(backup, path)), { recursive: true });
        renameSync(join(target, path), join(backup, path));
        moved.push({ path, hadOld: true, placed: false });
      }
      for (const f of all) {
        const dest = join(target, f.path);
        const move = { path: f.path, hadOld: existsSync(dest), placed: false };
        if (move.hadOld) {
          mkdirSync(dirname(join(backup, f.path)), { recursive: true });
          renameSync(dest, join(backup, f.path));
        }
        moved.push(move);
        ensureDir(dirname(dest));
        renameSync(join(fresh, f.path), dest);
        move.placed = true;
      }
    } catch (err) {
      for (const m of moved.reverse()) {
        const dest = join(target, m.path);
        try {
          if (m.placed) rmSync(dest, { force: true });
          if (m.hadOld) renameSync(join(backup, m.path), dest);
        } catch {
          // best effort: put back as much as possible
        }
      }
      for (const d of created.reverse()) {
        try {
          rmdirSync(d);
        } catch {
          // not empty: something else is in it now
        }
      }
      throw err;
    }
    // The folders the removed files leave empty go too (never the output folder itself).
    for (const path of stale) {
      for (let at = dirname(join(target, path)); at !== target && at.startsWith(target); at = dirname(at)) {
        try {
          if (readdirSync(at).length > 0) break;
          rmdirSync(at);
        } catch {
          break;
        }
      }
    }
    return undefined;
  } catch (err) {
    return `cannot write to ${dir}: ${(err as Error).message.split("\n")[0]}`;
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}

/** `--config key=value`, repeatable, into a map; a value without `=` is a usage error (exit 2). */
function collectConfig(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const eq = value.indexOf("=");
  if (eq <= 0)
    throw new InvalidArgumentError(`'${value}' is not key=value (e.g. aws:region=eu-west-1, or teams='["a"]')`);
  return { ...(previous ?? {}), [value.slice(0, eq)]: value.slice(eq + 1) };
}

function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * The options of a captured Pulumi program (with `--program`), as `pulumi preview` takes them:
 * `--stack` (reads `Pulumi.<stack>.yaml`), `--config key=value` and `--config-file` (both
 * repeatable, later wins), `--organization`. See docs/capture.md.
 */
export function programOption(name: "stack" | "config" | "config-file" | "organization"): Option {
  switch (name) {
    case "stack":
      return new Option(
        "--stack <name>",
        "with --program: the stack whose Pulumi.<stack>.yaml config is read (default dev)",
      );
    case "config":
      return new Option(
        "--config <key=value>",
        "with --program: a config value, repeatable (objects and arrays as JSON)",
      ).argParser(collectConfig);
    case "config-file":
      return new Option(
        "--config-file <file>",
        "with --program: a config file shaped like Pulumi.<stack>.yaml, repeatable",
      ).argParser(collectList);
    case "organization":
      return new Option("--organization <name>", "with --program: the Pulumi organization (default organization)");
  }
}
