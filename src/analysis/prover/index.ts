/**
 * The symbolic prover: exact answers over all requests (no new access, never, always), each
 * `violated` answer with a counterexample the concrete engine confirms. Z3 loads on first use.
 */

export { type GuardrailSource, guardrailProperties, type PropertyDefinition } from "./guardrails.js";
export {
  type IsolationOptions,
  type OwnedResources,
  type PropertyResult,
  type ProveReport,
  proveIsolation,
  teamResources,
} from "./isolation.js";
export {
  type ExactDiff,
  type ExactDiffOptions,
  type ExactPrincipalResult,
  proveModelNoNewAccess,
} from "./models.js";
export { type ModelProveOptions, proveModel, provePolicySet, proveProperties } from "./properties.js";
export {
  type Counterexample,
  type ProofResult,
  type ProofStatus,
  type ProveOptions,
  proveAlways,
  proveNever,
  proveNoNewAccess,
  type RequestPattern,
} from "./prove.js";
export { type ExactTestResult, isExactTest, runExactTests } from "./tests.js";
export { OUTSIDER_ACCOUNT, proveTrustNoNewAccess, type TrustOptions, trustCallers } from "./trust.js";
export { configureSolver, type SolverOptions, solverStarted } from "./z3.js";
