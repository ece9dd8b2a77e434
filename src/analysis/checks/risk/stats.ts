/**
 * Work counters of the risk analysis, for tests that guard its growth with the size of a model
 * (a check must grow linearly in the number of principals). Counts only; never read by a rule.
 */
export interface RiskStats {
  /** (passer, role) pairs `pass-role-to-more-privileged` asks the engine about. */
  passRolePairs: number;
  /** Real model resources tested against a principal's patterns for escalation targets. */
  targetTests: number;
  /** Effective-access objects the model runner created (one per principal, more if released). */
  accessCreated: number;
}

export const riskStats: RiskStats = { passRolePairs: 0, targetTests: 0, accessCreated: 0 };

/** Zero the counters (tests). */
export function resetRiskStats(): void {
  riskStats.passRolePairs = 0;
  riskStats.targetTests = 0;
  riskStats.accessCreated = 0;
}
