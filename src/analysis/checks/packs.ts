import { allRules } from "./rules/index.js";
import type { Rule } from "./types.js";

/**
 * Rule packs (cdk-nag style): named selections of rules. The runner takes any list of rules; the
 * CLI's `--pack` picks one of these.
 */
const isRisk = (r: Rule) => r.scope === "principal" || r.meta.category === "privilege-escalation";

/** Everything (the default). */
export const recommended: readonly Rule[] = allRules;
/** Grammar, catalog and quota rules: what IAM or Access Analyzer would say of each document. */
export const validation: readonly Rule[] = allRules.filter((r) => !isRisk(r) && r.meta.category !== "identity-hygiene");
/** Risks over effective permissions, and identity hygiene. */
export const risks: readonly Rule[] = allRules.filter(
  (r) => isRisk(r) || r.meta.category === "identity-hygiene" || r.scope === "suppressions",
);

export const rulePacks: Readonly<Record<string, readonly Rule[]>> = { recommended, validation, risks };
