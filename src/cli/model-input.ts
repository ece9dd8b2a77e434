import type { Diagnostic } from "../diagnostics/index.js";
import type { Spec } from "../input/team-spec/types.js";
import type { AccessModel } from "../model/types.js";
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
  if (opts.program && specPath) {
    printDiagnostics([usage("give either a spec or --program <dir>, not both")]);
    return { label: specPath };
  }
  if (opts.program) {
    const { loadModelFromProgram } = await import("../input/capture/capture.js");
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
