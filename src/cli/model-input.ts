import type { Diagnostic } from "../diagnostics.js";
import type { AccessModel } from "../model/types.js";
import type { Spec } from "../spec/types.js";
import { printDiagnostics } from "./output.js";

/**
 * "A spec path, or `--program <dir>`" → an AccessModel, for every command that analyzes one. A spec
 * is loaded and compiled; a Pulumi program is captured under mocks (only then is `@pulumi/*`
 * loaded). Every diagnostic is printed; the model is returned only when none is an error.
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
}

export interface ModelInput {
  model?: AccessModel;
  spec?: Spec;
  /** What was analyzed, for headers: the spec path or the program folder. */
  label: string;
}

function usage(message: string): Diagnostic {
  return { code: "cli-usage", severity: "error", message };
}

export async function loadModelInput(specPath: string | undefined, opts: ModelInputOptions): Promise<ModelInput> {
  if (opts.accountFile && opts.accountFile.length > 0) {
    if (specPath || opts.program) {
      printDiagnostics([usage("give one input: a spec, --program <dir> or --account-file <file...>")]);
      return { label: specPath ?? opts.program ?? "" };
    }
    const { loadAccountModel } = await import("./account-input.js");
    const loaded = await loadAccountModel(opts.accountFile, opts);
    return { ...(loaded ? { model: loaded.model } : {}), label: opts.accountFile.join(", ") };
  }
  if (opts.program && specPath) {
    printDiagnostics([usage("give either a spec or --program <dir>, not both")]);
    return { label: specPath };
  }
  if (opts.program) {
    const { loadModelFromProgram } = await import("../pulumi/capture.js");
    const captured = await loadModelFromProgram(opts.program, opts.account ? { account: opts.account } : {});
    if (captured.diagnostics.length > 0) printDiagnostics(captured.diagnostics);
    const failed = captured.diagnostics.some((d) => d.severity === "error");
    return { ...(captured.model && !failed ? { model: captured.model } : {}), label: opts.program };
  }
  if (!specPath) {
    printDiagnostics([usage("missing input: give a spec (file or folder) or --program <dir>")]);
    return { label: "" };
  }
  const { loadAndCompile } = await import("./commands/load-and-compile.js");
  const { model, spec } = loadAndCompile(specPath);
  return { ...(model ? { model } : {}), ...(spec ? { spec } : {}), label: specPath };
}
