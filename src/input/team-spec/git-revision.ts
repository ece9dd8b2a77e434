import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/index.js";

function git(args: string[], cwd: string): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * Writes `path` as it was at `rev` into a temporary folder: the file (`git show rev:path`), or
 * each file of the folder (`git ls-tree -r` then `git show` each), keeping relative names.
 * `missing` when the revision exists but the path did not (a spec added by the change).
 */
export function extractAtRevision(
  path: string,
  rev: string,
): { tmp: string; path: string } | { missing: true } | { diagnostics: Diagnostic[] } {
  const fail = (message: string, hint?: string) => ({
    diagnostics: [
      { code: "cli-git" as const, severity: "error" as const, message, file: path, ...(hint ? { hint } : {}) },
    ],
  });
  const abs = resolve(path);
  let top: string;
  try {
    top = git(["rev-parse", "--show-toplevel"], dirname(abs)).trim();
  } catch {
    return fail(`${path} is not inside a git repository, so --base cannot read its old version`);
  }
  const rel = relative(top, abs).split("\\").join("/");
  try {
    git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], top);
  } catch {
    return fail(`'${rev}' is not a git revision of ${top}`, "check the revision with `git log` or `git branch -a`");
  }
  let type: string;
  try {
    type = git(["cat-file", "-t", `${rev}:${rel}`], top).trim();
  } catch {
    return { missing: true }; // the spec is new in this change: everything it grants is added
  }
  const tmp = mkdtempSync(join(tmpdir(), "ai-iam-base-"));
  const root = join(tmp, rev.replace(/[^A-Za-z0-9._-]+/g, "_"));
  if (type === "blob") {
    mkdirSync(root, { recursive: true });
    const out = join(root, basename(rel));
    writeFileSync(out, git(["show", `${rev}:${rel}`], top));
    return { tmp, path: out };
  }
  const files = git(["ls-tree", "-r", "--name-only", rev, "--", rel], top).split("\n").filter(Boolean);
  const out = join(root, basename(rel));
  mkdirSync(out, { recursive: true });
  for (const f of files) {
    const target = join(out, relative(rel, f));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, git(["show", `${rev}:${f}`], top));
  }
  return { tmp, path: out };
}
