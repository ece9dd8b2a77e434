import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import { getCatalog } from "../../catalog/index.js";
import { withCompileCache } from "../../engine/compile.js";
import type { AccessModel } from "../../model/types.js";
import { runChunks } from "../../util/worker-pool.js";
import { startSiblingWorker } from "../../util/worker-thread.js";
import type { CheckWorkerJob } from "./check-worker.js";
import { recommended } from "./packs.js";
import { allRules } from "./rules/index.js";
import {
  type CheckInputs,
  type CheckOptions,
  checkedPolicies,
  checkModel,
  checkResult,
  type ModelCheck,
  modelCheckUnits,
  modelRuleFindings,
  principalIndexes,
  sortFindings,
  startModelCheck,
} from "./runner.js";
import type { CheckResult, Finding, Rule } from "./types.js";

/**
 * `checkModel` over a large model, spread over threads (util/worker-pool.ts): the same findings
 * in the same order, in about half the time on two cores. The units (one policy's document rules,
 * one principal's risk rules, the model rules) are cut into chunks that follow the principals: a
 * policy goes with the first principal holding it, so a team's policies and members, who share
 * their effective access (escalation paths computed once per thread), land in one chunk. Rules
 * that are not ai-iam's own (a library caller's) or another catalog than ai-iam's check in this
 * thread: a worker can only rebuild ai-iam's rules, by id.
 */
export interface CheckParallelOptions {
  /** Threads taking part, this one included; default min(2, cores). 0 or 1 checks in this thread. */
  workers?: number;
  /** Below this many units (policies and principals), check in this thread (default 256). */
  threshold?: number;
  /** Whether this thread takes chunks too (default true); false leaves them all to `workers` worker threads. */
  inThisThread?: boolean;
  /** A worker that failed (its chunks are then checked in this thread). */
  onWorkerError?: (error: Error) => void;
}

/** A chunk of units: policies and principals by model index, or the model rules. */
export interface CheckChunk {
  policies: number[];
  principals: number[];
  modelRules?: true;
}

/** A chunk's findings: one list per unit, policies first (the model rules are one unit). */
export function checkChunk(run: ModelCheck, chunk: CheckChunk): Finding[][] {
  if (chunk.modelRules) return [modelRuleFindings(run)];
  return modelCheckUnits(run, chunk);
}

/** The rules' ids, when every rule is one of ai-iam's own (a worker rebuilds them by id). */
function ownRuleIds(rules: readonly Rule[]): string[] | undefined {
  const own = new Set<Rule>(allRules);
  return rules.every((r) => own.has(r)) ? rules.map((r) => r.meta.id) : undefined;
}

export async function checkModelParallel(
  captured: AccessModel,
  opts: CheckOptions = {},
  parallel: CheckParallelOptions = {},
): Promise<Finding[]> {
  const rules = opts.rules ?? recommended;
  const ruleIds = ownRuleIds(rules);
  const threads = Math.max(1, parallel.workers ?? Math.min(2, availableParallelism()));
  const ownCatalog = opts.catalog === undefined || opts.catalog === getCatalog();
  if ((threads <= 1 && parallel.inThisThread !== false) || !ruleIds || !ownCatalog) return checkModel(captured, opts);
  const run = startModelCheck(captured, opts);
  const policies = checkedPolicies(run.model);
  const principals = principalIndexes(run);
  if (policies.length + principals.length < (parallel.threshold ?? 256)) return checkModel(captured, opts);
  const chunks = planChunks(run, policies, principals, threads);
  const job: CheckWorkerJob = { model: captured, rules: ruleIds, risks: opts.risks !== false };
  const results = await runChunks<CheckChunk, Finding[][]>(chunks, {
    threads,
    start: (): Worker => startSiblingWorker(import.meta.url, "check-worker", job),
    // Each chunk under its own compile cache (`withCompileCache` holds for a synchronous call); the
    // effective access of the run's principals stays cached across chunks.
    inThread: (chunk) => withCompileCache(() => checkChunk(run, chunk)),
    ...(parallel.inThisThread !== undefined ? { inThisThread: parallel.inThisThread } : {}),
    ...(parallel.onWorkerError ? { onWorkerError: parallel.onWorkerError } : {}),
  });
  // Gathered as `checkModel` gathers them: policies, model rules, principals, each in model order.
  const byPolicy = new Map<number, Finding[]>();
  const byPrincipal = new Map<number, Finding[]>();
  let modelFindings: Finding[] = [];
  chunks.forEach((chunk, c) => {
    const found = results[c];
    if (chunk.modelRules) {
      modelFindings = found[0];
      return;
    }
    for (const [k, i] of chunk.policies.entries()) byPolicy.set(i, found[k]);
    for (const [k, i] of chunk.principals.entries()) byPrincipal.set(i, found[chunk.policies.length + k]);
  });
  const out: Finding[] = [];
  for (const i of policies) for (const f of byPolicy.get(i) ?? []) out.push(f);
  for (const f of modelFindings) out.push(f);
  for (const i of principals) for (const f of byPrincipal.get(i) ?? []) out.push(f);
  return sortFindings(out);
}

/**
 * The chunks: the model rules first (this thread takes them while the workers start), then the
 * policies no principal holds, then each principal with the policies it is the first holder of,
 * cut into about sixteen chunks per thread of similar cost (a principal's risk rules cost about two
 * policies' document rules).
 */
function planChunks(run: ModelCheck, policies: number[], principals: number[], threads: number): CheckChunk[] {
  const model = run.model;
  const firstIndex = new Map<string, number>();
  model.principals.forEach((p, i) => {
    if (!firstIndex.has(p.id)) firstIndex.set(p.id, i);
  });
  const unheld: number[] = [];
  const heldBy: number[][] = model.principals.map(() => []);
  for (const i of policies) {
    const first = run.holdersOf.get(model.policies[i].id)?.[0];
    const at = first === undefined ? undefined : firstIndex.get(first);
    if (at === undefined) unheld.push(i);
    else heldBy[at].push(i);
  }
  const checked = new Set(principals);
  const total = policies.length + 2 * principals.length;
  const size = Math.max(16, Math.ceil(total / (threads * 16)));
  const chunks: CheckChunk[] = [{ policies: [], principals: [], modelRules: true }];
  let current: CheckChunk = { policies: [], principals: [] };
  let weight = 0;
  const add = (ps: number[], principal?: number) => {
    for (const i of ps) current.policies.push(i);
    weight += ps.length;
    if (principal !== undefined) {
      current.principals.push(principal);
      weight += 2;
    }
    if (weight >= size) {
      chunks.push(current);
      current = { policies: [], principals: [] };
      weight = 0;
    }
  };
  for (let k = 0; k < unheld.length; k += size) add(unheld.slice(k, k + size));
  for (const [i, ps] of heldBy.entries()) add(ps, checked.has(i) ? i : undefined);
  if (weight > 0) chunks.push(current);
  return chunks;
}

/** `runChecks` with the model checked by `checkModelParallel`. */
export async function runChecksParallel(
  inputs: CheckInputs,
  opts: CheckOptions = {},
  parallel: CheckParallelOptions = {},
): Promise<CheckResult> {
  const catalog = opts.catalog ?? getCatalog();
  const rules = opts.rules ?? recommended;
  const modelFindings = inputs.model
    ? await checkModelParallel(inputs.model, { ...opts, catalog, rules }, parallel)
    : [];
  return checkResult(inputs, opts, modelFindings);
}
