import type { Diagnostic } from "../../diagnostics/index.js";
import type { ModelInputOptions } from "../model-input.js";
import type { JobSource } from "../simulate-run.js";

/**
 * `ai-iam simulate <spec> --principal team/member ...`: the engine on the compiled model (or, with
 * `--program`, a Pulumi program captured under mocks: principals by logical name). The library's
 * `modelSimulationJob` builds the request and the policy set; here only the options are checked.
 */
export function specJobs(specPath: string | undefined, input?: ModelInputOptions): JobSource {
  return async (opts) => {
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
    for (const item of parsed.diagnostics) diagnostics.push(item);
    if (missing.length === 0) {
      // The request is validated exactly as with --policy-set (one validator: unknown service,
      // malformed action, a resource that is not an ARN or "*"), before the spec is compiled.
      const { readRequestValue } = await import("../../input/policy-files/simulation-input.js");
      const { catalogActionCheck, catalogContextKeyCheck } = await import(
        "../../input/policy-files/simulation-files.js"
      );
      const request: Record<string, unknown> = {
        principal: opts.principal,
        action: opts.action,
        resource: opts.resource,
      };
      if (opts.resourceAccount) request.resourceAccount = opts.resourceAccount;
      if (Object.keys(parsed.context).length > 0) request.context = parsed.context;
      const read = readRequestValue(request, {
        file: "<command line>",
        checkAction: catalogActionCheck(),
        checkContextKey: catalogContextKeyCheck(),
        modelPrincipal: true,
      });
      for (const item of read.diagnostics) diagnostics.push(item);
    }
    if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
    const { loadModelInput } = await import("../model-input.js");
    const { model, label } = await loadModelInput(specPath, input ?? {});
    if (!model) return { diagnostics: [{ code: "spec-invalid", severity: "error", message: `${label} is invalid.` }] };
    const { modelSimulationJob } = await import("../../analysis/review/simulate.js");
    const built = modelSimulationJob(
      model,
      {
        principal: opts.principal!,
        action: opts.action!,
        resource: opts.resource!,
        context: parsed.context,
        ...(opts.resourceAccount ? { resourceAccount: opts.resourceAccount } : {}),
      },
      label,
    );
    for (const item of built.diagnostics) diagnostics.push(item);
    return built.job ? { jobs: [built.job], diagnostics } : { diagnostics };
  };
}
