/**
 * The prover's work, cut into units that can run anywhere: one principal of `prove` (its isolation,
 * guardrail and ad-hoc properties) or of the exact diff (its access and trust questions), or one never/always test. A
 * unit's answer depends only on the job and the unit, never on which thread or process computed it
 * or what ran before it, so any split of the units (threads with `--jobs`, CI jobs with `--shard`)
 * puts together the same report.
 *
 * Imports are static: a worker started from source loads this file through tsx's CommonJS hook,
 * which a dynamic `import()` would bypass.
 */
import { findPrincipal } from "../../model/policy-set.js";
import type { AccessModel } from "../../model/types.js";
import { relieveHeap } from "../../util/heap.js";
import type { PropertyDefinition } from "./guardrails.js";
import type { PropertyResult } from "./isolation.js";
import { type ExactPrincipalResult, proveModelNoNewAccess } from "./models.js";
import { proveModel } from "./properties.js";
import { type ExactTestResult, runExactTests } from "./tests.js";

/** What every unit of one run shares (sent once to each worker). */
export type ProverJob =
  | { kind: "prove"; model: AccessModel; timeoutMs?: number; properties?: readonly PropertyDefinition[] }
  | { kind: "diff"; before: AccessModel; after: AccessModel; timeoutMs?: number; maxFindings?: number }
  | { kind: "tests"; model: AccessModel; timeoutMs?: number };

/** A unit's answer: `prove` → properties, `diff` → principal questions, `tests` → its tests' results, in its order. */
export type UnitResult = PropertyResult[] | ExactPrincipalResult[] | ExactTestResult[];

/**
 * One unit: a principal id (`prove`, `diff`) or the indices of never/always tests among the model's
 * tests (`tests`, decimal, comma-separated: a batch of `exactTestUnits`, proven together first).
 */
export async function runUnit(job: ProverJob, unit: string): Promise<UnitResult> {
  relieveHeap();
  if (job.kind === "prove") {
    const opts = { timeoutMs: job.timeoutMs, ids: [unit], properties: job.properties };
    return (await proveModel(job.model, opts)).properties;
  }
  if (job.kind === "diff") {
    const opts = { ids: [unit], timeoutMs: job.timeoutMs, maxFindings: job.maxFindings };
    return (await proveModelNoNewAccess(job.before, job.after, opts)).principals;
  }
  const tests = job.model.tests ?? [];
  return runExactTests(
    job.model,
    unit.split(",").map((i) => tests[Number(i)]),
    { timeoutMs: job.timeoutMs },
  );
}

/**
 * The part of a model one principal's exact-diff question reads: the principal, its groups, the
 * policies that apply to it (its own and its groups', its boundary, its trust policy) and those
 * that apply to every principal (SCPs, RCPs, resource policies), with the model's own fields
 * (account, partition, organization). A worker thread proving a principal of a large organization
 * is sent this rather than both whole models: every principal's policies copied into each thread
 * cost ~60 MB of heap per thread for the 1,000-member organization. (`prove` units keep the whole
 * model: team isolation reads every team's resources.)
 */
export function principalSlice(model: AccessModel, id: string | undefined): AccessModel {
  const principal = id === undefined ? undefined : findPrincipal(model, id);
  const groupIds = new Set(principal?.groups ?? []);
  const groups = model.groups.filter((g) => groupIds.has(g.id));
  const policyIds = new Set<string>([
    ...(model.scps ?? []).flat(),
    ...(model.rcps ?? []).flat(),
    ...model.resourcePolicies.map((r) => r.policyId),
  ]);
  if (principal) {
    for (const pid of [...principal.managedPolicies, ...principal.inlinePolicies]) policyIds.add(pid);
    for (const g of groups) for (const pid of [...g.managedPolicies, ...g.inlinePolicies]) policyIds.add(pid);
    if (principal.boundary) policyIds.add(principal.boundary);
    if (principal.trustPolicy) policyIds.add(principal.trustPolicy);
  }
  const { members: _members, tests: _tests, ...rest } = model;
  return {
    ...rest,
    principals: principal ? [principal] : [],
    groups,
    policies: model.policies.filter((p) => policyIds.has(p.id)),
  };
}

/**
 * What a worker thread is sent for one unit of `job`: the job itself, except for the exact diff,
 * whose models are cut down to the unit's principal (`principalSlice`). With no unit, what every
 * unit shares (sent once, when the thread starts).
 */
export function jobForUnit(job: ProverJob, unit?: string): ProverJob {
  if (job.kind !== "diff") return job;
  return { ...job, before: principalSlice(job.before, unit), after: principalSlice(job.after, unit) };
}
