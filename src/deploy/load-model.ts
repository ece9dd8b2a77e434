import { compileSpec } from "../compile/compile.js";
import { type Diagnostic, DiagnosticsError, hasErrors } from "../diagnostics/index.js";
import { loadSpec } from "../input/team-spec/load.js";
import type { Spec } from "../input/team-spec/types.js";
import type { AccessModel } from "../model/types.js";

/**
 * A spec (a YAML file or a folder) compiled to the AccessModel the components deploy. A Pulumi
 * program cannot return diagnostics, so any error throws a `DiagnosticsError` carrying all of them
 * (formatted with file, line and column), and nothing is deployed.
 */
export function loadAccessModel(path: string): { model: AccessModel; spec: Spec; warnings: Diagnostic[] } {
  const loaded = loadSpec(path);
  if (!loaded.spec || hasErrors(loaded.diagnostics)) throw new DiagnosticsError(loaded.diagnostics);
  const compiled = compileSpec(loaded.spec, { source: path });
  if (!compiled.model || hasErrors(compiled.diagnostics)) {
    throw new DiagnosticsError([...loaded.diagnostics, ...compiled.diagnostics]);
  }
  // Warnings (an unknown region, ...) do not stop a deployment, but the caller shows them.
  const warnings = [...loaded.diagnostics, ...compiled.diagnostics].filter((d) => d.severity !== "error");
  return { model: compiled.model, spec: loaded.spec, warnings };
}
