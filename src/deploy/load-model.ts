import { loadSpecModel } from "../compile/load.js";
import { type Diagnostic, DiagnosticsError } from "../diagnostics/index.js";
import type { Spec } from "../input/team-spec/types.js";
import type { AccessModel } from "../model/types.js";

/**
 * A spec (a YAML file or a folder) compiled to the AccessModel the components deploy. A Pulumi
 * program cannot return diagnostics, so any error throws a `DiagnosticsError` carrying all of them
 * (formatted with file, line and column), and nothing is deployed.
 */
export function loadAccessModel(path: string): { model: AccessModel; spec: Spec; warnings: Diagnostic[] } {
  const { model, spec, diagnostics } = loadSpecModel(path);
  if (!model || !spec) throw new DiagnosticsError(diagnostics);
  // Warnings (an unknown region, ...) do not stop a deployment, but the caller shows them.
  return { model, spec, warnings: diagnostics.filter((d) => d.severity !== "error") };
}
