import type { LoadedModel, ProgramSource } from "../compile/load.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { printDiagnostics } from "./output.js";

/**
 * The options of every command that analyzes one model: a spec path, or `--program <dir>` (with
 * `--account`). Checks that exactly one is given, calls the library's `loadModel`, and prints every
 * diagnostic; the model is returned only when none is an error.
 */
export interface ModelInputOptions {
  program?: string;
  /** The account a captured program's ARNs are synthesized in (default 123456789012). */
  account?: string;
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
  if (opts.program && specPath) {
    printDiagnostics([usage("give either a spec or --program <dir>, not both")]);
    return { label: specPath };
  }
  if (!opts.program && !specPath) {
    printDiagnostics([usage("missing input: give a spec (file or folder) or --program <dir>")]);
    return { label: "" };
  }
  const { loadModel } = await import("../compile/load.js");
  const { diagnostics, ...loaded } = await loadModel(
    opts.program ? programSource({ ...opts, program: opts.program }) : { spec: specPath! },
  );
  if (diagnostics.length > 0) printDiagnostics(diagnostics);
  return loaded;
}
