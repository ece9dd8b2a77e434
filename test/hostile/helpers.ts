/**
 * Shared by the hostile-input regression tests and fuzzers: running the CLI as users run it (a
 * child process, killed after a generous bound so a hang fails a test instead of stalling the
 * suite), temporary folders, and the attack-shaped inputs of issue 14.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Killed at the time bound (a hang). */
  killed: boolean;
  ms: number;
}

/**
 * `ai-iam <args>` in a child process. `killAfterMs` only bounds a hang so that it fails as a
 * wrong exit code; tests assert behaviour, never time.
 */
export function runCli(args: string[], opts: { cwd?: string; killAfterMs?: number } = {}): Promise<CliRun> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "src/cli/bin.ts"), ...args], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, opts.killAfterMs ?? 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, killed, ms: performance.now() - t0 });
    });
  });
}

/** A fresh temporary folder with the given files (paths relative to it). */
export function tempDir(files: Record<string, string> = {}, prefix = "ai-iam-hostile-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export const ACCOUNT = "123456789012";

/** A small valid spec; `extra` is appended YAML (top-level keys), `teams` replaces the team block. */
export function spec(opts: { identity?: string; extra?: string; teams?: string; guardrails?: string } = {}): string {
  return [
    "version: 1",
    "organization: acme",
    `account: "${ACCOUNT}"`,
    "region: us-east-1",
    `identity: ${opts.identity ?? "iam-users"}`,
    opts.guardrails ? `guardrails:\n${opts.guardrails}` : "",
    "datasets:",
    "  clicks: { bucket: acme-data, prefix: clicks/ }",
    "teams:",
    opts.teams ??
      ["  recsys:", "    datasets: { clicks: read }", "    members:", "      erin: data-scientist"].join("\n"),
    opts.extra ?? "",
    "",
  ].join("\n");
}

/** The pattern pair that sends a backtracking matcher into exponential time. */
export const BOMB = `a.${"a*".repeat(14)}b`;
export const AS = `a.${"a".repeat(40)}`;

/** A policy document as JSON text. */
export function policy(statements: unknown[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Names that an object literal resolves through its prototype. */
export const PROTO_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"] as const;
