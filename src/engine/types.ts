import type { AccessRequest } from "../policy/policy-set.js";
import type { ConditionBlock, Effect } from "../policy/types.js";

/** The three outcomes AWS distinguishes. */
export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

/** The kinds of policy that take part in one decision. `resource` includes trust and key policies. */
export type Layer = "identity" | "resource" | "boundary" | "scp" | "rcp" | "session";

/** One statement that matched the request (action, resource, principal and conditions). */
export interface MatchedStatement {
  layer: Layer;
  /** SCP/RCP level (0 = organization root) or boundary index. */
  level?: number;
  /** The policy's name, or its position (`identity[2]`, `scp[0][1]`) when it has none. */
  policy: string;
  statementIndex: number;
  sid?: string;
  effect: Effect;
  /** The statement's conditions, so callers can tell a conditional allow from an unconditional one. */
  conditions?: ConditionBlock;
}

/** A layer that had to allow the request and did not. */
export interface MissingAllow {
  layer: Layer;
  level?: number;
  /** The policy's name, when the layer is one policy (a boundary). */
  policy?: string;
}

export interface Explanation {
  /** Every statement that matched, allows and denies, in evaluation order. */
  statements: MatchedStatement[];
  /** For an implicit deny: the layers that lacked an allow. */
  missingAllows: MissingAllow[];
  /** Facts that shaped the decision (a missing trust policy, a cross-account request, ...). */
  notes: string[];
}

export interface EvaluationResult {
  decision: Decision;
  explanation?: Explanation;
}

export interface EvaluateOptions {
  explain?: boolean;
}

export interface Evaluator {
  evaluate(request: AccessRequest, opts?: EvaluateOptions): EvaluationResult;
  /**
   * A token the same for two actions whose requests, otherwise equal, are decided alike (the same
   * statements name them, and they need the same resource policy): a caller asking many actions
   * about the same resources may remember decisions by it and the rest of the request. Opaque; an
   * action may get a new token later (caches are bounded), never another action's that decides otherwise.
   */
  actionClass?(action: string): object;
}

export interface EvaluatorOptions {
  /** Upper bound on cached per-action statement lists and per-principal facts (default 50,000). */
  cacheSize?: number;
  /**
   * Service prefixes that RCPs apply to (AWS Organizations User Guide, "Resource control policies
   * (RCPs)": RCPs apply only to the listed services). The catalog has the list
   * (`getCatalog().rcpSupportedServices()`); the engine does not read it itself, to stay
   * self-contained. Without it, an RCP Deny applies to every service: the conservative reading.
   */
  rcpServices?: Iterable<string>;
}
