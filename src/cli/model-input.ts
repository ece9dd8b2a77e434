import type { LoadedModel, ModelSource, ProgramSource } from "../compile/load.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { printDiagnostics } from "./output.js";

/**
 * The options of every command that analyzes one model: a spec path, `--program <dir>` (with
 * `--account`), or `--account-file <file>` (repeatable; with `--scps`, `--rcps`, `--region`). Checks that exactly one is given, calls the library's `loadModel`, and prints every
 * diagnostic; the model is returned only when none is an error.
 */
export interface ModelInputOptions {
  program?: string;
  /** The account a captured program's ARNs are synthesized in (default 123456789012). */
  account?: string;
  /** An imported account: authorization-details exports (with `scps`, `rcps`, `region`). */
  accountFile?: string[];
  scps?: string[];
  rcps?: string[];
  region?: string;
  stack?: string;
  config?: Record<string, string>;
  configFile?: string[];
  organization?: string;
}

/** `--program` and its options as a model source. */
export function programSource(opts: ModelInputOptions & { program: string }): ProgramSource {
  return {
    program: opts.program,
    ...(opts.account ? { account: opts.account } : {}),
    ...(opts.stack ? { stack: opts.stack } : {}),
    ...(opts.config ? { config: opts.config } : {}),
    ...(opts.configFile ? { configFiles: opts.configFile } : {}),
    ...(opts.organization ? { organization: opts.organization } : {}),
  };
}

export type ModelInput = Omit<LoadedModel, "diagnostics">;

function usage(message: string): Diagnostic {
  return { code: "cli-usage", severity: "error", message };
}

export async function loadModelInput(specPath: string | undefined, opts: ModelInputOptions): Promise<ModelInput> {
  const accountFiles = opts.accountFile ?? [];
  const given = [specPath, opts.program, accountFiles.length > 0 ? "account" : undefined].filter(Boolean).length;
  if (given > 1) {
    printDiagnostics([usage("give one input: a spec, --program <dir> or --account-file <file>")]);
    return { label: specPath ?? opts.program ?? "" };
  }
  if (given === 0) {
    printDiagnostics([usage("missing input: give a spec (file or folder), --program <dir> or --account-file <file>")]);
    return { label: "" };
  }
  let source: ModelSource;
  if (accountFiles.length > 0) {
    const { accountSource } = await import("./account-input.js");
    const account = await accountSource(accountFiles, opts);
    if (!account.source) {
      printDiagnostics(account.diagnostics);
      return { label: accountFiles.join(", ") };
    }
    source = account.source;
  } else if (opts.program) source = programSource({ ...opts, program: opts.program });
  else source = { spec: specPath! };
  const { loadModel } = await import("../compile/load.js");
  const { diagnostics, ...loaded } = await loadModel(source);
  if (diagnostics.length > 0) printDiagnostics(diagnostics);
  return loaded;
}
