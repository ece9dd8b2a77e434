import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseYaml } from "yaml";
import type { Diagnostic } from "../../diagnostics/index.js";
import type { AccessModel } from "../../model/types.js";
import { buildAccessModel, isCapturedType } from "./iam-graph.js";
import { setRecordingMocks, settle } from "./run-under-mocks.js";

/**
 * Capture: run any Pulumi TypeScript program offline, in this process, under Pulumi's mocks (no
 * CLI, no cloud), record the IAM it declares, and rebuild an AccessModel from it, so the checks,
 * the engine and the reports can analyze an existing program as it is.
 *
 * The program runs as in `pulumi preview`: the mocks synthesize names and ARNs as AWS would (for
 * the types they know), and every value they cannot supply stays unknown and is reported in
 * `model.unknowns`, never guessed.
 *
 * Pulumi's runtime state is per process: each capture resets the mocks, and re-imports the entry
 * module with a fresh URL, but modules the entry imports are cached by Node. A program that creates
 * resources at the top level of an imported module (rather than in a function the entry calls)
 * registers them only the first time; capture each such program in its own process.
 */
export interface CaptureOptions {
  /** The account ARNs are synthesized in. Default `123456789012`. */
  account?: string;
  region?: string;
  /** Stack name (reads `Pulumi.<stack>.yaml` config when present). Default `dev`. */
  stack?: string;
  /** Stack config `key` → value; unqualified keys get the project's namespace. Wins over files. */
  config?: Record<string, string>;
  /** How long to wait for the program's registrations to settle. Default 10 s. */
  timeoutMs?: number;
}

export interface CaptureResult {
  model?: AccessModel;
  diagnostics: Diagnostic[];
}

interface ProgramInfo {
  entry: string;
  project: string;
  config: Record<string, string>;
}

let captures = 0;

function diag(code: string, message: string, file?: string, hint?: string): Diagnostic {
  return { code, severity: "error", message, ...(file ? { file } : {}), ...(hint ? { hint } : {}) };
}

function readYaml(file: string): Record<string, unknown> | undefined {
  const value = parseYaml(readFileSync(file, "utf8")) as unknown;
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** Find the program's entry, project name and config the way the Pulumi CLI would. */
export function locateProgram(dir: string, stack = "dev"): { info?: ProgramInfo; diagnostics: Diagnostic[] } {
  const root = resolve(dir);
  if (!existsSync(root)) return { diagnostics: [diag("program-not-found", `no such directory: ${dir}`, dir)] };
  if (statSync(root).isFile()) {
    return { info: { entry: root, project: basename(dirname(root)), config: {} }, diagnostics: [] };
  }
  let project = basename(root);
  let main: string | undefined;
  const config: Record<string, string> = {};
  const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => join(root, f)).find((f) => existsSync(f));
  try {
    if (projectFile) {
      const y = readYaml(projectFile) ?? {};
      if (typeof y.name === "string") project = y.name;
      if (typeof y.main === "string") main = y.main;
      // Project-level config defaults (`config: { key: { default: value } }` or `key: value`).
      const defaults = y.config;
      if (typeof defaults === "object" && defaults !== null) {
        for (const [k, v] of Object.entries(defaults as Record<string, unknown>)) {
          const value = typeof v === "object" && v !== null ? (v as { default?: unknown }).default : v;
          if (value !== undefined && value !== null && typeof value !== "object") config[k] = String(value);
        }
      }
    }
    const stackFile = join(root, `Pulumi.${stack}.yaml`);
    if (existsSync(stackFile)) {
      const y = readYaml(stackFile) ?? {};
      const values = y.config;
      if (typeof values === "object" && values !== null) {
        for (const [k, v] of Object.entries(values as Record<string, unknown>)) {
          if (v !== null && typeof v !== "object") config[k] = String(v);
        }
      }
    }
  } catch (err) {
    return { diagnostics: [diag("program-config-invalid", (err as Error).message, projectFile)] };
  }
  if (!main) {
    const pkg = join(root, "package.json");
    if (existsSync(pkg)) {
      try {
        const m = (JSON.parse(readFileSync(pkg, "utf8")) as { main?: unknown }).main;
        if (typeof m === "string") main = m;
      } catch {
        // An unreadable package.json is the program's business; fall back to index.ts.
      }
    }
  }
  const candidates = main
    ? [join(root, main), join(root, main, "index.ts"), join(root, main, "index.js")]
    : [join(root, "index.ts"), join(root, "index.js")];
  const entry = candidates.find((f) => existsSync(f) && statSync(f).isFile());
  if (!entry) {
    return {
      diagnostics: [
        diag(
          "program-not-found",
          `no program entry in ${dir} (looked for ${candidates.join(", ")})`,
          dir,
          "pass the folder that holds Pulumi.yaml and index.ts",
        ),
      ],
    };
  }
  return { info: { entry, project, config }, diagnostics: [] };
}

/**
 * Run the Pulumi program in `dir` under mocks and rebuild its IAM as an AccessModel. Never throws
 * for a program's fault: a program that fails to load or throws becomes a diagnostic.
 */
export async function captureProgram(dir: string, opts: CaptureOptions = {}): Promise<CaptureResult> {
  const { info, diagnostics } = locateProgram(dir, opts.stack);
  if (!info) return { diagnostics };
  const account = opts.account ?? "123456789012";
  if (!/^\d{12}$/.test(account)) {
    return { diagnostics: [diag("invalid-account", `account must be 12 digits, not ${JSON.stringify(account)}`)] };
  }
  const region = opts.region ?? info.config["aws:region"] ?? "us-east-1";
  const recorder = await setRecordingMocks({
    project: info.project,
    stack: opts.stack ?? "dev",
    account,
    region,
    config: { ...info.config, ...opts.config },
    preview: true,
  });
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);
  const cwd = process.cwd();
  try {
    // Pulumi runs a program from its own folder; relative paths in it mean that folder.
    process.chdir(dirname(info.entry));
    captures += 1;
    if (/\.[cm]?tsx?$/.test(info.entry)) await ensureTypeScriptLoader();
    // A program can await a value the mocks never supply (top-level await on an unknown output):
    // its import never finishes, and without a pending timer Node would exit silently.
    let timer: NodeJS.Timeout | undefined;
    const loaded = await Promise.race([
      import(`${pathToFileURL(info.entry).href}?capture=${captures}`).then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), opts.timeoutMs ?? 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
    if (!loaded) {
      diagnostics.push(
        diag(
          "capture-timeout",
          `the program did not finish loading within ${opts.timeoutMs ?? 10_000} ms; it may await a value the mocks cannot supply`,
          info.entry,
          "await Outputs through `.apply` instead of at the top level; capture analyzes only a program that finished",
        ),
      );
      return { diagnostics };
    }
    const settled = await settle(opts.timeoutMs ?? 10_000);
    if (!settled) {
      diagnostics.push({
        code: "capture-timeout",
        severity: "warning",
        message: `the program's registrations did not settle within ${opts.timeoutMs ?? 10_000} ms; what registered so far is analyzed`,
        file: info.entry,
      });
    }
  } catch (err) {
    failures.push(err);
    // Registrations already under way may still fail (an `apply` that throws): let them drain
    // while the handler listens, so they become diagnostics rather than a crash after capture.
    await settle(1000);
  } finally {
    process.chdir(cwd);
    process.off("unhandledRejection", onRejection);
  }
  const reported = new Set<string>();
  for (const err of failures) {
    const where = locateFailure(err, dirname(info.entry)) ?? { file: info.entry };
    const d = { ...diag("program-failed", `the program failed under mocks: ${failureMessage(err)}`), ...where };
    // One failure can surface twice (an output's rejection and the export awaiting it).
    const key = JSON.stringify(d);
    if (reported.has(key)) continue;
    reported.add(key);
    diagnostics.push(d);
  }
  if (failures.length > 0) return { diagnostics };

  const resources = recorder.resources
    .filter((r) => isCapturedType(r.type))
    .map((r) => ({ type: r.type, name: r.name, props: { ...r.inputs, ...r.state } }));
  const built = buildAccessModel(resources, {
    account,
    region,
    source: { kind: "program", path: dir },
    file: info.entry,
  });
  return { model: built.model, diagnostics: [...diagnostics, ...built.diagnostics] };
}

let typeScriptLoader: Promise<void> | undefined;

/**
 * TypeScript programs load through tsx, as the Pulumi CLI runs them with `nodeargs: --import tsx`.
 * Under `tsx` (tests, `npm run ai-iam`) it is already active and registering again is harmless; the
 * built CLI (`node dist/cli/bin.js`) needs it registered here.
 */
function ensureTypeScriptLoader(): Promise<void> {
  typeScriptLoader ??= (async () => {
    try {
      const api = (await import("tsx/esm/api")) as { register: () => unknown };
      api.register();
    } catch (err) {
      throw new Error(`loading a TypeScript program needs tsx (npm install tsx): ${errorMessage(err)}`);
    }
  })();
  return typeScriptLoader;
}

/**
 * Where a program failed: a syntax error's position as the TypeScript transform reports it
 * (`file:line:column: ERROR: ...`), else the first stack frame inside the program's folder (tsx
 * maps frames to TypeScript lines). Frames in `node_modules` are libraries, not the program.
 */
function locateFailure(err: unknown, programDir: string): { file: string; line: number; column: number } | undefined {
  const text = err instanceof Error ? `${err.message}\n${err.stack ?? ""}` : String(err);
  const transform = /^(.+?):(\d+):(\d+): ERROR: /m.exec(text);
  if (transform?.[1]) return { file: transform[1], line: Number(transform[2]), column: Number(transform[3]) };
  const root = resolve(programDir);
  for (const m of text.matchAll(/(?:file:\/\/)?(\/[^\s():]+|[A-Za-z]:\\[^\s():]+):(\d+):(\d+)/g)) {
    const file = m[1] ?? "";
    if (!file.startsWith(root) || /[\\/]node_modules[\\/]/.test(file.slice(root.length))) continue;
    return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/** The failure's message: a syntax error's own text, else the error's first line. */
function failureMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const transform = /^.+?:\d+:\d+: ERROR: (.+)$/m.exec(text);
  return transform?.[1] ?? errorMessage(err);
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split("\n")[0] ?? String(err);
  return String(err);
}

/**
 * The helper CLI commands call for `--program <dir>`: the captured model, or diagnostics. A model
 * whose program declares invalid policies comes back with those errors; callers exit 2.
 */
export async function loadModelFromProgram(dir: string, opts: CaptureOptions = {}): Promise<CaptureResult> {
  return captureProgram(dir, opts);
}
