import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type InitAnswers, renderScaffold } from "../../src/scaffold/index.js";

/** The repository's root, where `src/cli/bin.ts` and `node_modules/.bin/tsx` are. */
export const REPO_ROOT = resolve(import.meta.dirname, "../..");

export const ANSWERS: InitAnswers = {
  organization: "acme",
  account: "111122223333",
  region: "eu-west-1",
  identity: "iam-users",
  team: "research",
  member: "alice",
  persona: "data-scientist",
};

export const CONTEXT = {
  version: "0.1.0",
  docsUrl: "https://docs.example/ai-iam",
  pulumiVersion: "3.248.0",
  pulumiAwsVersion: "7.47.0",
  tsxVersion: "4.23.15",
  z3Version: "~5.2.0",
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Test",
      GIT_AUTHOR_EMAIL: "test@example.com",
      GIT_COMMITTER_NAME: "Test",
      GIT_COMMITTER_EMAIL: "test@example.com",
    },
  });
}

/** Writes files under `dir` (relative paths), creating folders. */
export function writeFiles(dir: string, files: ReadonlyArray<{ path: string; text: string }>): void {
  for (const f of files) {
    const target = join(dir, f.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, f.text);
  }
}

/** The scaffold written into `dir` and committed on branch `main` of a new git repository. */
export function scaffoldRepo(dir: string, answers: InitAnswers = ANSWERS): void {
  mkdirSync(dir, { recursive: true });
  writeFiles(dir, renderScaffold(answers, CONTEXT));
  git(dir, "init", "-q", "-b", "main");
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "scaffold");
}

/** Commits everything in `dir` on a new branch. */
export function commitOnBranch(dir: string, branch: string, message: string): void {
  git(dir, "checkout", "-q", "-b", branch);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", message);
}

/** `dir/node_modules/.bin/ai-iam`: this repository's CLI, from source through tsx. */
export function installCliShim(dir: string): string {
  const bin = join(dir, "node_modules", ".bin", "ai-iam");
  mkdirSync(dirname(bin), { recursive: true });
  const tsx = join(REPO_ROOT, "node_modules", ".bin", "tsx");
  writeFileSync(
    bin,
    `#!/bin/sh\nexec ${JSON.stringify(tsx)} ${JSON.stringify(join(REPO_ROOT, "src/cli/bin.ts"))} "$@"\n`,
  );
  chmodSync(bin, 0o755);
  return bin;
}
