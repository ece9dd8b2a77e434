import type { ActivityCapability } from "../../analyze/matrix.js";
import type { Diagnostic } from "../../diagnostics.js";
import type { AccessModel } from "../../model/types.js";
import type { Spec } from "../../spec/types.js";
import { printDiagnostics } from "../output.js";

/**
 * Shared by the review commands (who-can, can, matrix, diff, report): resolve "a spec path or
 * `--program dir`" to an AccessModel. Option values are checked by the parser (../options.ts).
 */
export interface ReviewInput {
  model: AccessModel;
  spec?: Spec;
  /** What was analyzed, for headers. */
  label: string;
}

export interface InputOptions {
  program?: string;
  account?: string;
}

export function usageError(message: string, hint?: string): Diagnostic {
  return { code: "cli-usage", severity: "error", message, ...(hint ? { hint } : {}) };
}

/** Loads the model, printing diagnostics; undefined when the input is invalid (exit 2). */
export async function loadReviewInput(
  specPath: string | undefined,
  opts: InputOptions,
): Promise<ReviewInput | undefined> {
  if (opts.program && specPath) {
    printDiagnostics([usageError("give either a spec or --program <dir>, not both")]);
    return undefined;
  }
  if (opts.program) {
    // Only --program loads Pulumi, lazily.
    const { loadModelFromProgram } = await import("../../pulumi/capture.js");
    const captured = await loadModelFromProgram(opts.program, opts.account ? { account: opts.account } : {});
    if (captured.diagnostics.length > 0) printDiagnostics(captured.diagnostics);
    if (!captured.model || captured.diagnostics.some((d) => d.severity === "error")) return undefined;
    return { model: captured.model, label: opts.program };
  }
  if (!specPath) {
    printDiagnostics([usageError("missing input: give a spec (file or folder) or --program <dir>")]);
    return undefined;
  }
  const { loadAndCompile } = await import("./load-and-compile.js");
  const { model, spec } = loadAndCompile(specPath);
  if (!model) return undefined;
  return { model, ...(spec ? { spec } : {}), label: specPath };
}

/** Principals known to the model, for "did you mean" on a mistyped `--principal`. */
export async function unknownPrincipal(model: AccessModel, id: string): Promise<Diagnostic> {
  const { didYouMean } = await import("../../spec/suggest.js");
  const ids = model.principals.map((p) => p.id);
  return usageError(`no principal '${id}' in the model`, didYouMean(id, ids) || `principals: ${ids.join(", ")}`);
}

/**
 * The activity capabilities of the matrix: for each activity of the library and each team, the
 * (action, resource) pairs its statements name, expanded over the catalog, as the team's most
 * capable built-in persona (`mlops`: datasets at the team's level) would receive them.
 */
export async function activityCapabilities(spec: Spec): Promise<ActivityCapability[]> {
  const lib = await import("../../activities/index.js");
  const { personaContext } = await import("../../compile/team-context.js");
  const { expandActions } = await import("../../analyze/catalog-view.js");
  const out: ActivityCapability[] = [];
  for (const activity of lib.activities) {
    const byTeam: ActivityCapability["byTeam"] = {};
    for (const teamName of Object.keys(spec.teams).sort()) {
      const persona = "mlops";
      const ctx = personaContext(spec, teamName, persona, lib.personaDatasets(spec, spec.teams[teamName], persona));
      const pairs = new Map<string, { action: string; resource: string }>();
      for (const s of activity.statements(ctx)) {
        if (s.Effect !== "Allow" || !s.Action) continue;
        for (const pattern of s.Action) {
          for (const meta of expandActions(pattern)) {
            for (const resource of s.Resource ?? ["*"])
              pairs.set(`${meta.action} ${resource}`, { action: meta.action, resource });
          }
        }
      }
      byTeam[teamName] = [...pairs.keys()].sort().map((k) => pairs.get(k)!);
    }
    out.push({ activity: activity.id, label: activity.id, services: [...activity.services].sort(), byTeam });
  }
  return out;
}
