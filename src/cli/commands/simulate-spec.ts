import type { Diagnostic } from "../../diagnostics/index.js";
import type { ModelInputOptions } from "../model-input.js";
import type { SimulateOptions, SimulationJob } from "../simulate-run.js";

/**
 * `ai-iam simulate <spec> --principal team/member ...`: the engine on the compiled model. The
 * principal is a spec principal (`vision/alice`, `vision/execution-role`, `vision/<persona>`); its
 * request carries the principal's own context (ARN, username, tags) and a normal signed-in session
 * (MFA, TLS, the organization's region), which `--context` overrides key by key.
 */
export function specJobs(specPath: string | undefined, input?: ModelInputOptions) {
  return async (opts: SimulateOptions): Promise<{ jobs?: SimulationJob[]; diagnostics: Diagnostic[] }> => {
    const diagnostics: Diagnostic[] = [];
    if (opts.policySet || opts.requests) {
      diagnostics.push({
        code: "cli-conflicting-options",
        severity: "error",
        message: "with a spec, give --principal/--action/--resource (not --policy-set or --requests)",
      });
    }
    const missing = (["principal", "action", "resource"] as const).filter((k) => !opts[k]);
    if (missing.length > 0) {
      diagnostics.push({
        code: "cli-missing-option",
        severity: "error",
        message: `simulating on a spec needs ${missing.map((m) => `--${m}`).join(", ")}`,
      });
    }
    const { parseContextFlags } = await import("../simulate-run.js");
    const parsed = parseContextFlags(opts.context ?? []);
    diagnostics.push(...parsed.diagnostics);
    if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
    // A spec, or with `--program` a Pulumi program captured under mocks (principals by logical name).
    const { loadModelInput } = await import("../model-input.js");
    const { model, label } = await loadModelInput(specPath, input ?? {});
    if (!model) return { diagnostics: [{ code: "spec-invalid", severity: "error", message: `${label} is invalid.` }] };
    const { resolveTestPrincipal } = await import("../../analysis/review/run-tests.js");
    const { policySetForPrincipal, requestFor } = await import("../../model/policy-set.js");
    const { didYouMean } = await import("../../input/team-spec/suggest.js");
    const resolved = resolveTestPrincipal(model, opts.principal!);
    if (!resolved.principal) {
      const ids = [...model.principals.map((p) => p.id), ...model.groups.map((g) => g.id)];
      return {
        diagnostics: [
          {
            code: "cli-unknown-principal",
            severity: "error",
            message: `Unknown principal "${opts.principal}" in ${label}.${didYouMean(opts.principal!, ids)}`,
            hint: "Name it team/member, team/execution-role or team/<persona>.",
          },
        ],
      };
    }
    if (resolved.note) diagnostics.push({ code: "cli-principal-resolved", severity: "info", message: resolved.note });
    const request = requestFor(model, resolved.principal, opts.action!, opts.resource!, parsed.context);
    if (opts.resourceAccount) request.resourceAccount = opts.resourceAccount;
    const policySet = policySetForPrincipal(model, resolved.principal, {
      action: opts.action,
      resource: opts.resource,
    });
    return { jobs: [{ policySet, request }], diagnostics };
  };
}
