import { getCatalog } from "../../catalog/index.js";
import type { Diagnostic } from "../../diagnostics/index.js";
import { createEvaluator, type EvaluationResult, type Evaluator } from "../../engine/index.js";
import { didYouMean } from "../../input/team-spec/suggest.js";
import { decideForPrincipal, type ModelDecision, modelHasUnknowns } from "../../model/decide.js";
import { policySetForPrincipal, requestFor } from "../../model/policy-set.js";
import type { AccessModel } from "../../model/types.js";
import type { AccessRequest, PolicySet } from "../../policy/policy-set.js";
import { resolveTestPrincipal } from "./run-tests.js";

/** One decision to make: a request and every policy that takes part in it. */
export interface SimulationJob {
  policySet: PolicySet;
  request: AccessRequest;
  /**
   * A model principal's request (`modelSimulationJob`): the model may hold what capture could not
   * see, and the decision is then `Unknown` where that decides it (model/decide.ts).
   */
  model?: { model: AccessModel; principal: string };
}

export interface SimulationOutcome {
  /** The request's `id`, or its 1-based position. */
  id: string;
  request: AccessRequest;
  result: EvaluationResult;
  /** The answer: the engine's decision, or `Unknown` when what is not known decides it. */
  decision: ModelDecision;
  /** Why `Unknown`: what could not be seen, by name. */
  unknown?: string[];
}

/** Decides every job, compiling each distinct policy set (by identity) once. */
export function decideJobs(jobs: readonly SimulationJob[], opts: { explain?: boolean } = {}): SimulationOutcome[] {
  const evaluators = new Map<PolicySet, Evaluator>();
  // RCPs apply only to the services that support them; the catalog knows which (read only when needed).
  const rcpServices = jobs.some((j) => j.policySet.rcps?.length) ? getCatalog().rcpSupportedServices() : undefined;
  return jobs.map((job, i) => {
    let e = evaluators.get(job.policySet);
    if (!e) {
      e = createEvaluator(job.policySet, { rcpServices });
      evaluators.set(job.policySet, e);
    }
    const id = job.request.id ?? String(i + 1);
    if (job.model && modelHasUnknowns(job.model.model)) {
      const r = job.request;
      const d = decideForPrincipal(job.model.model, job.model.principal, r.action, r.resource, r.context ?? {}, {
        explain: opts.explain ?? false,
        request: r,
        ...(rcpServices ? { rcpServices: new Set(rcpServices) } : {}),
      });
      return { id, request: r, result: d.result, decision: d.decision, ...(d.unknown ? { unknown: d.unknown } : {}) };
    }
    const result = e.evaluate(job.request, { explain: opts.explain ?? false });
    return { id, request: job.request, result, decision: result.decision };
  });
}

/** A request made by one of a model's principals (`vision/alice`, a captured program's logical name). */
export interface ModelRequest {
  principal: string;
  action: string;
  resource: string;
  resourceAccount?: string;
  /** Overrides the principal's own context key by key. */
  context?: Record<string, string | string[]>;
}

/**
 * The job of a request made by a model principal: the request carries the principal's own
 * context (ARN, username, tags) and a normal signed-in session (MFA, TLS, the organization's
 * region), which `context` overrides; the policy set is everything that applies to the principal.
 * A group runs as its first member (an `info` diagnostic says so); an unknown principal is an
 * error with "did you mean".
 */
export function modelSimulationJob(
  model: AccessModel,
  req: ModelRequest,
  label = model.source.path,
): { job?: SimulationJob; diagnostics: Diagnostic[] } {
  const resolved = resolveTestPrincipal(model, req.principal);
  if (!resolved.principal) {
    const ids = [...model.principals.map((p) => p.id), ...model.groups.map((g) => g.id)];
    return {
      diagnostics: [
        {
          code: "cli-unknown-principal",
          severity: "error",
          message: `Unknown principal "${req.principal}" in ${label}.${didYouMean(req.principal, ids)}`,
          hint: "Name it team/member, team/execution-role or team/<persona>.",
        },
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  if (resolved.note) diagnostics.push({ code: "cli-principal-resolved", severity: "info", message: resolved.note });
  const request = requestFor(model, resolved.principal, req.action, req.resource, req.context ?? {});
  if (req.resourceAccount) request.resourceAccount = req.resourceAccount;
  const policySet = policySetForPrincipal(model, resolved.principal, { action: req.action, resource: req.resource });
  return { job: { policySet, request, model: { model, principal: resolved.principal } }, diagnostics };
}
