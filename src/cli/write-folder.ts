/**
 * `--out <folder>`, all or nothing, and never destroying what the command did not write.
 *
 * Every file is first written into a staging folder beside the target (same file system, so
 * renames are atomic). A target that does not exist is then renamed into place in one step. Into an
 * existing target the staged files are moved one by one, after checking every path first: a path
 * whose place holds a folder, a symlink or anything but a regular file the caller may replace is a
 * conflict, reported before anything moves. If a move fails, everything done is undone: the new
 * files removed, the replaced ones put back, the folders created removed. Only files the caller
 * replaced or asked to remove (its own earlier output) are ever deleted, and only once all moved.
 */
import { lstatSync, mkdirSync, mkdtempSync, renameSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, normalize, sep } from "node:path";

export interface FolderFile {
  /** Relative to the folder, `/`-separated. */
  path: string;
  text: string;
}

export interface WriteFolderOptions {
  /**
   * May an existing regular file at this path be replaced (or removed)? Give the files an earlier
   * run wrote (its manifest). Default: any regular file.
   */
  mayReplace?: (path: string) => boolean;
  /** Files of an earlier run to remove in the same transaction (regular files only; absent ones are skipped). */
  remove?: readonly string[];
}

export class WriteFolderError extends Error {
  /** The paths that conflicted (relative), when that was the reason. */
  readonly conflicts: string[];
  constructor(message: string, conflicts: string[] = []) {
    super(message);
    this.name = "WriteFolderError";
    this.conflicts = conflicts;
  }
}

type Kind = "absent" | "file" | "dir" | "other";

function kindOf(path: string): Kind {
  try {
    const st = lstatSync(path);
    return st.isFile() ? "file" : st.isDirectory() ? "dir" : "other";
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return "absent";
    throw err;
  }
}

/** A backslash (a separator on Windows) or a control character in one segment of a path. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const UNSAFE_IN_NAME = /[\\\u0000-\u001f\u007f-\u009f]/;

/**
 * Why `path` is not a file name inside an output folder, or undefined: it must be relative and
 * `/`-separated, each segment a plain name (not empty, `.` or `..`, no backslash or control
 * character), so that it names one file inside the folder on every file system. The paths come from
 * names a spec, an account export or a program chose (`role/../trust`), so this is checked before
 * anything is written, not assumed.
 */
export function folderPathProblem(path: string): string | undefined {
  if (path === "" || path.startsWith("/")) return "is not a relative path";
  for (const segment of path.split("/")) {
    if (segment === "" || segment === "." || segment === "..") return `has a segment ${JSON.stringify(segment)}`;
    if (UNSAFE_IN_NAME.test(segment)) return "has a \\ or a control character";
  }
  return undefined;
}

/**
 * The first problem of a set of paths written into one folder: a path that is not a plain name
 * inside it (`folderPathProblem`), or two paths that name the same file, exactly or on a file system
 * that ignores case or Unicode normalization (macOS, Windows: `T0/x.json` and `t0/x.json`) or a
 * name's trailing dots and spaces (Windows: `role/x./trust.json` and `role/x/trust.json`).
 */
export function folderPathsProblem(paths: readonly string[]): string | undefined {
  const seen = new Map<string, string>();
  for (const path of paths) {
    const problem = folderPathProblem(path);
    if (problem) return `${JSON.stringify(path)} ${problem}: it is not a file name inside the output folder`;
    // Windows also drops a name's trailing dots and spaces (`x.` is `x`).
    const key = path
      .split("/")
      .map((segment) => segment.replace(/[. ]+$/, ""))
      .join("/")
      .normalize("NFC")
      .toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) {
      return other === path
        ? `${JSON.stringify(path)} is written twice`
        : `${JSON.stringify(other)} and ${JSON.stringify(path)} are one file on a file system that ignores case (macOS, Windows)`;
    }
    seen.set(key, path);
  }
  return undefined;
}

/** A relative path that stays inside the folder. */
function checkRelative(path: string): string {
  const n = normalize(path);
  if (path === "" || isAbsolute(path) || n === ".." || n.startsWith(`..${sep}`) || n === ".") {
    throw new WriteFolderError(`${JSON.stringify(path)} is not a path inside the output folder`);
  }
  return n;
}

/** Writes `files` under `dir` all or nothing; throws `WriteFolderError` (nothing changed) on failure. */
export function writeFolder(dir: string, files: readonly FolderFile[], opts: WriteFolderOptions = {}): void {
  const target = dir.replace(/[/\\]+$/, "") || dir;
  const mayReplace = opts.mayReplace ?? (() => true);
  const paths = files.map((f) => checkRelative(f.path));
  const removals = (opts.remove ?? []).map(checkRelative).filter((p) => !paths.includes(p));
  const seen = new Set<string>();
  for (const p of paths) {
    if (seen.has(p)) throw new WriteFolderError(`${p} is written twice`);
    seen.add(p);
  }
  const targetKind = kindOf(target);
  if (targetKind !== "absent" && targetKind !== "dir") {
    throw new WriteFolderError(`${target} exists and is not a folder`);
  }
  if (targetKind === "dir") preflight(target, paths, removals, mayReplace);

  const parent = dirname(target);
  const createdParents = makeDirs(parent);
  let staging: string | undefined;
  try {
    staging = mkdtempSync(join(parent, `.${basename(target)}.ai-iam-tmp-`));
    const fresh = join(staging, "new");
    mkdirSync(fresh);
    files.forEach((f, i) => {
      const file = join(fresh, paths[i]);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, f.text);
    });
    if (targetKind === "absent") renameSync(fresh, target);
    else commitInto(target, fresh, join(staging, "old"), paths, removals);
  } catch (err) {
    for (const d of createdParents.reverse()) tryRmdir(d);
    if (err instanceof WriteFolderError) throw err;
    throw new WriteFolderError(`cannot write to ${dir}: ${(err as Error).message.split("\n")[0]}`);
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}

/** Every path's folders must be folders, its place empty or a file the caller may replace. */
function preflight(target: string, paths: string[], removals: string[], mayReplace: (p: string) => boolean): void {
  const conflicts: string[] = [];
  for (const p of [...paths, ...removals]) {
    const parts = p.split(sep);
    let at = target;
    let blocked = false;
    for (let i = 0; i < parts.length - 1; i++) {
      at = join(at, parts[i]);
      const k = kindOf(at);
      if (k === "absent") break;
      if (k !== "dir") {
        conflicts.push(`${p} (${parts.slice(0, i + 1).join("/")} is not a folder)`);
        blocked = true;
        break;
      }
    }
    if (blocked) continue;
    const k = kindOf(join(target, p));
    if (k === "dir") conflicts.push(`${p} (a folder is there)`);
    else if (k === "other") conflicts.push(`${p} (a symlink or special file is there)`);
    else if (k === "file" && !mayReplace(p)) conflicts.push(`${p} (a file this command did not write is there)`);
  }
  if (conflicts.length > 0) {
    throw new WriteFolderError(
      `will not replace what is in ${target}: ${conflicts.join("; ")}; nothing was written`,
      conflicts.map((c) => c.split(" (")[0]),
    );
  }
}

/** Moves the staged files into an existing target; undoes every step if one fails. */
function commitInto(target: string, fresh: string, backup: string, paths: string[], removals: string[]): void {
  const created: string[] = [];
  const replaced: string[] = [];
  const placed: string[] = [];
  try {
    for (const p of removals) {
      if (kindOf(join(target, p)) !== "file") continue;
      mkdirSync(dirname(join(backup, p)), { recursive: true });
      renameSync(join(target, p), join(backup, p));
      replaced.push(p);
    }
    for (const p of paths) {
      const dest = join(target, p);
      created.push(...makeDirs(dirname(dest)));
      if (kindOf(dest) === "file") {
        mkdirSync(dirname(join(backup, p)), { recursive: true });
        renameSync(dest, join(backup, p));
        replaced.push(p);
      }
      renameSync(join(fresh, p), dest);
      placed.push(p);
    }
  } catch (err) {
    for (const p of placed.reverse()) rmSync(join(target, p), { force: true });
    for (const p of replaced.reverse()) {
      try {
        renameSync(join(backup, p), join(target, p));
      } catch {
        // Keep going: put back as much as possible.
      }
    }
    for (const d of created.reverse()) tryRmdir(d);
    throw err;
  }
}

/** Creates `dir` and missing parents; returns those it created, outermost first. */
function makeDirs(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; kindOf(d) === "absent"; d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) mkdirSync(d);
  return missing;
}

/** Removes a folder only if it is empty (one this writer created). */
function tryRmdir(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty, or gone: leave it.
  }
}
