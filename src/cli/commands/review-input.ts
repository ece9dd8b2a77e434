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
 * The request of `who-can`: one action the catalog knows (no wildcard: a request names one
 * action) and a resource ARN or `*`. A typo would otherwise read as "nobody can".
 */
export async function checkRequest(action: string, resource: string): Promise<Diagnostic[]> {
  const { getCatalog } = await import("../../catalog/index.js");
  const { isArnLike } = await import("../../policy/arn.js");
  const { didYouMean } = await import("../../diagnostics/did-you-mean.js");
  const out: Diagnostic[] = [];
  const catalog = getCatalog();
  if (/[*?]/.test(action)) out.push(usageError(`--action '${action}' has a wildcard; a request names one action`));
  else if (!catalog.action(action)) {
    const service = action.split(":")[0].toLowerCase();
    const names = catalog.hasService(service)
      ? (catalog.service(service)?.actions ?? []).map((a) => a.key)
      : catalog.services().map((s) => `${s}:`);
    out.push(usageError(`unknown action '${action}' in --action`, didYouMean(action, names)));
  }
  if (resource !== "*" && !isArnLike(resource)) {
    out.push(usageError(`--resource '${resource}' is not an ARN (arn:partition:service:region:account:resource) or *`));
  }
  return out;
}
