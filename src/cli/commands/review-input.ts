import type { Diagnostic } from "../../diagnostics/index.js";
import type { Spec } from "../../input/team-spec/types.js";
import type { AccessModel } from "../../model/types.js";
import { loadModelInput, type ModelInputOptions } from "../model-input.js";

/**
 * Shared by the review commands (who-can, can, matrix, diff, report): resolve "a spec path,
 * `--program dir` or `--account-file export.json`" to an AccessModel. Option values are checked by the parser (../options.ts).
 */
export interface ReviewInput {
  model: AccessModel;
  spec?: Spec;
  /** What was analyzed, for headers. */
  label: string;
}

/** A spec path's alternatives: `--program <dir>` (with `--account`) or `--account-file <file>` (see model-input.ts). */
export type InputOptions = ModelInputOptions;

export function usageError(message: string, hint?: string): Diagnostic {
  return { code: "cli-usage", severity: "error", message, ...(hint ? { hint } : {}) };
}

/** Loads the model (`loadModelInput`), printing diagnostics; undefined when the input is invalid (exit 2). */
export async function loadReviewInput(
  specPath: string | undefined,
  opts: InputOptions,
): Promise<ReviewInput | undefined> {
  const input = await loadModelInput(specPath, opts);
  if (!input.model) return undefined;
  return { model: input.model, ...(input.spec ? { spec: input.spec } : {}), label: input.label };
}

/** Principals known to the model, for "did you mean" on a mistyped `--principal`. */
export async function unknownPrincipal(model: AccessModel, id: string): Promise<Diagnostic> {
  const { didYouMean } = await import("../../diagnostics/did-you-mean.js");
  const ids = model.principals.map((p) => p.id);
  return usageError(`no principal '${id}' in the model`, didYouMean(id, ids) ?? `principals: ${ids.join(", ")}`);
}

/**
 * `--service s3,sagemaker` as lower-case prefixes, or diagnostics: an empty list or a service the
 * catalog does not know is a usage error, never a silently empty result.
 */
export async function parseServices(value: string): Promise<{ services: string[] } | { diagnostics: Diagnostic[] }> {
  const services = value
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (services.length === 0)
    return { diagnostics: [usageError("--service needs at least one service, e.g. s3,sagemaker")] };
  const { getCatalog } = await import("../../catalog/index.js");
  const { didYouMean } = await import("../../diagnostics/did-you-mean.js");
  const catalog = getCatalog();
  const unknown = services.filter((s) => !catalog.hasService(s));
  if (unknown.length > 0) {
    return {
      diagnostics: unknown.map((s) =>
        usageError(`unknown service '${s}' in --service`, didYouMean(s, catalog.services())),
      ),
    };
  }
  return { services };
}

/**
 * who-can's query, by the request validator every command uses (`requestActionProblem`,
 * `requestResourceProblem`): an action with a wildcard, of an unknown service or that the catalog
 * lacks is an error (a typo would otherwise read as "nobody can", and pass `--fail-on any`), a
 * resource neither an ARN (patterns allowed: who-can asks about each resource they match) nor `*`.
 */
export async function checkRequest(action: string, resource: string): Promise<Diagnostic[]> {
  const { whoCanQueryProblems } = await import("../../analysis/review/who-can.js");
  const { catalogActionCheck, strictCheck } = await import("../../input/policy-files/simulation-files.js");
  const flags = { "/action": "--action", "/resource": "--resource" } as Record<string, string>;
  return whoCanQueryProblems(
    { action, resource },
    strictCheck(catalogActionCheck(), "request-unknown-action-asked"),
  ).map(({ path, ...d }) => ({ ...d, file: "<command line>", message: `${flags[path ?? ""] ?? path}: ${d.message}` }));
}
