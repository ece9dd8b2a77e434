import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ReportData } from "./html/types.js";

/**
 * Where a report's input came from, from git when the input is in a repository: the commit, whether
 * the input has uncommitted changes, and who wrote a given line (git blame). Every function answers
 * undefined outside a repository or when git is missing: provenance is shown when known, never
 * guessed.
 */

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return undefined;
  }
}

function folderOf(path: string): string {
  const abs = resolve(path);
  return existsSync(abs) && statSync(abs).isDirectory() ? abs : dirname(abs);
}

/** The time a report is generated: `SOURCE_DATE_EPOCH` (seconds) when set, for reproducible output. */
export function generatedAt(env: NodeJS.ProcessEnv = process.env, now = new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  const when = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : now;
  return when.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The commit `path` is read at (abbreviated), and whether it has uncommitted changes. */
export function gitCommit(path: string): { commit: string; dirty: boolean } | undefined {
  const cwd = folderOf(path);
  const commit = git(["rev-parse", "--short=12", "HEAD"], cwd)?.trim();
  if (!commit) return undefined;
  const status = git(["status", "--porcelain", "--", resolve(path)], cwd);
  return { commit, dirty: Boolean(status?.trim()) };
}

/** Who last changed line `line` of `file`, and when (ISO date); undefined if not committed. */
export function blameLine(file: string, line: number): { author: string; authoredAt: string } | undefined {
  const out = git(["blame", "--porcelain", "-L", `${line},${line}`, "--", resolve(file)], folderOf(file));
  if (!out) return undefined;
  const author = /^author (.*)$/m.exec(out)?.[1];
  const time = /^author-time (\d+)$/m.exec(out)?.[1];
  // An uncommitted line is blamed on "Not Committed Yet".
  if (!author || author === "Not Committed Yet" || /^0{40}/.test(out)) return undefined;
  return { author, authoredAt: new Date(Number(time) * 1000).toISOString().slice(0, 10) };
}

/**
 * The report's provenance (when, which commit) and each suppression's author, added to `data` for
 * the input at `path`.
 */
export function withProvenance(data: ReportData, path: string): ReportData {
  const commit = gitCommit(path);
  return {
    ...data,
    provenance: { generatedAt: generatedAt(), ...(commit ?? {}) },
    ...(data.suppressed
      ? {
          suppressed: data.suppressed.map((s) => {
            const who = s.source?.line !== undefined ? blameLine(s.source.file, s.source.line) : undefined;
            return who ? { ...s, ...who } : s;
          }),
        }
      : {}),
  };
}
