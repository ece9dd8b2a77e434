import { compileSpec } from "../../compile/compile.js";
import { loadSpec } from "../../input/team-spec/load.js";
import type { Spec } from "../../input/team-spec/types.js";
import type { AccessModel } from "../../model/types.js";
import { printDiagnostics } from "../output.js";

/**
 * Loads and compiles a spec for a command, printing every diagnostic (errors and warnings); the
 * model is returned only when there is no error. Shared by plan, test and simulate.
 */
export function loadAndCompile(path: string): { spec?: Spec; model?: AccessModel } {
  const loaded = loadSpec(path);
  if (!loaded.spec) {
    printDiagnostics(loaded.diagnostics);
    return {};
  }
  const compiled = compileSpec(loaded.spec, { source: path });
  const all = [...loaded.diagnostics, ...compiled.diagnostics];
  if (all.length > 0) printDiagnostics(all);
  return compiled.model ? { spec: loaded.spec, model: compiled.model } : { spec: loaded.spec };
}
