/**
 * The evaluation engine: compile a policy set once, decide many requests as AWS would, explain on
 * request. Imports nothing but `policy/` types, so it stays fast and self-contained.
 */
import { type Diagnostic, DiagnosticsError, hasErrors } from "../diagnostics/index.js";
import type { AccessRequest, PolicySet } from "../policy/policy-set.js";
import { compileSet } from "./compile.js";
import { CompiledEvaluator } from "./evaluate.js";
import type { EvaluateOptions, EvaluationResult, Evaluator, EvaluatorOptions } from "./types.js";

export { arnAccount, arnRegion, defaultContext } from "./context.js";
export { describeMissing, describeStatement, explanationLines } from "./explain.js";
export {
  PRINCIPAL_EXAMPLES,
  type PrincipalInfo,
  type PrincipalKind,
  parsePrincipal,
  principalProblem,
} from "./principal.js";
export type * from "./types.js";

/** Compiles a policy set, gathering every problem instead of throwing. */
export function compilePolicySet(
  policySet: PolicySet,
  opts?: EvaluatorOptions,
): { evaluator?: Evaluator; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const compiled = compileSet(policySet, diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics };
  const rcpServices = opts?.rcpServices ? new Set([...opts.rcpServices].map((s) => s.toLowerCase())) : undefined;
  return { evaluator: new CompiledEvaluator(compiled, opts?.cacheSize, rcpServices), diagnostics };
}

/** Compiles once; throws `DiagnosticsError` listing every problem (an unknown condition operator, ...). */
export function createEvaluator(policySet: PolicySet, opts?: EvaluatorOptions): Evaluator {
  const { evaluator, diagnostics } = compilePolicySet(policySet, opts);
  if (!evaluator) throw new DiagnosticsError(diagnostics);
  return evaluator;
}

/** One-shot: compile and decide one request. */
export function simulate(
  policySet: PolicySet,
  request: AccessRequest,
  opts?: EvaluateOptions & EvaluatorOptions,
): EvaluationResult {
  return createEvaluator(policySet, opts).evaluate(request, opts);
}
