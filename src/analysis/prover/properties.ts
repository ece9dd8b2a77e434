/**
 * Every property `prove` checks of a model, per principal: team isolation (isolation.ts), the
 * spec's guardrails (guardrails.ts) and ad-hoc never/always patterns. A property is proven for a
 * principal when none of its patterns is ever allowed (never) or each is always allowed (always);
 * violated with the first request the engine confirms; unknown when a query timed out or touched
 * what the prover does not model, or a captured program's unknown parts decide it.
 */
import { unknownVariants } from "../../model/decide.js";
import { findPrincipal, policySetForPrincipal, requestPrincipalArn } from "../../model/policy-set.js";
import type { AccessModel } from "../../model/types.js";
import type { PolicySet } from "../../policy/policy-set.js";
import { appliesTo, type PropertyDefinition } from "./guardrails.js";
import {
  demoteUnseen,
  type IsolationOptions,
  type PropertyResult,
  type ProveReport,
  proveIsolation,
} from "./isolation.js";
import { overall, pinnedContext } from "./models.js";
import { type Counterexample, type ProofStatus, type ProveOptions, proveAlways, proveNever } from "./prove.js";

export interface ModelProveOptions extends IsolationOptions {
  /** Team isolation (default true). */
  isolation?: boolean;
  /** Further properties: the spec's guardrails (`guardrailProperties`), ad-hoc patterns. */
  properties?: readonly PropertyDefinition[];
}

const isAlways = (d: PropertyDefinition): boolean => d.expect === "always";

/** One property of one policy set: each check in turn, stopping at the first counterexample. */
async function proveDefinition(
  set: PolicySet,
  d: PropertyDefinition,
  options: ProveOptions,
): Promise<{ statuses: ProofStatus[]; reasons: string[]; counterexample?: Counterexample }> {
  const statuses: ProofStatus[] = [];
  const reasons: string[] = [];
  for (const pattern of d.checks) {
    let r: Awaited<ReturnType<typeof proveNever>>;
    try {
      r = await (isAlways(d) ? proveAlways : proveNever)(set, pattern, options);
    } catch (e) {
      // A policy the prover cannot read makes the property unknown, never the run fail.
      statuses.push("unknown");
      reasons.push(`cannot prove the policies: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
      continue;
    }
    statuses.push(r.status);
    if (r.status === "unknown" && r.reason) reasons.push(r.reason);
    if (r.counterexample) return { statuses, reasons, counterexample: r.counterexample };
  }
  return { statuses, reasons };
}

/**
 * Properties of one policy set (`prove set.json --never ...`): each definition as `principal`
 * (by id) names the principal, with every context key free but those its ARN fixes.
 */
export async function provePolicySet(
  set: PolicySet,
  defs: readonly PropertyDefinition[],
  principals: ReadonlyMap<string, string>,
  opts: Pick<IsolationOptions, "timeoutMs" | "onProperty"> = {},
): Promise<ProveReport> {
  const properties: PropertyResult[] = [];
  for (const d of defs) {
    const principal = principals.get(d.id);
    if (!principal) continue;
    const started = performance.now();
    const { statuses, reasons, counterexample } = await proveDefinition(set, d, {
      principal,
      timeoutMs: opts.timeoutMs,
      maxFindings: 1,
    });
    const res: PropertyResult = {
      property: d.id,
      name: `${d.id}: ${principal} ${d.title}`,
      principal,
      status: counterexample ? "violated" : overall(statuses),
      ms: Math.round(performance.now() - started),
    };
    if (counterexample) res.counterexample = counterexample;
    if (res.status === "unknown" && reasons.length > 0) res.reason = reasons.slice(0, 3).join("; ");
    properties.push(res);
    opts.onProperty?.(properties.length, defs.length);
  }
  return { status: overall(properties.map((p) => p.status)), properties };
}

/** Proves the definitions for the principals (`opts.ids`, default all), sorted by principal then property. */
export async function proveProperties(
  model: AccessModel,
  defs: readonly PropertyDefinition[],
  opts: IsolationOptions = {},
): Promise<PropertyResult[]> {
  const principals = [...(opts.ids ?? model.principals.map((p) => p.id))]
    .sort()
    .map((id) => findPrincipal(model, id))
    .filter((p) => p !== undefined);
  const jobs = principals.flatMap((p) => defs.filter((d) => appliesTo(model, d, p)).map((d) => ({ p, d })));
  // Unknown parts of a captured program's policies at their widest (never) or narrowest (always):
  // `proven` then holds whatever they are.
  const variants = unknownVariants(model);
  const out: PropertyResult[] = [];
  for (const { p, d } of jobs) {
    const started = performance.now();
    const set = policySetForPrincipal(isAlways(d) ? variants.restrictive : variants.permissive, p.id);
    const found = await proveDefinition(set, d, {
      principal: requestPrincipalArn(model, p),
      resourceAccount: model.account,
      partition: model.partition,
      context: pinnedContext(model, p.id),
      pinnedPrefixes: ["aws:principaltag/"],
      timeoutMs: opts.timeoutMs,
      maxFindings: 1,
    });
    const { counterexample, reasons, statuses } = found;
    const res: PropertyResult = {
      property: d.id,
      name: `${d.id}: ${p.id} ${d.title}`,
      principal: p.id,
      status: counterexample ? "violated" : overall(statuses),
      ms: Math.round(performance.now() - started),
    };
    if (counterexample) res.counterexample = counterexample;
    if (res.status === "unknown" && reasons.length > 0) res.reason = reasons.slice(0, 3).join("; ");
    demoteUnseen(model, p.id, res);
    out.push(res);
    opts.onProperty?.(out.length, jobs.length);
  }
  return out;
}

/**
 * Team isolation and the given properties for the principals of a model (a shard: `opts.ids`):
 * the whole of `ai-iam prove`. Results are sorted by principal, isolation first, so a report
 * does not depend on how the principals were split.
 */
export async function proveModel(model: AccessModel, opts: ModelProveOptions = {}): Promise<ProveReport> {
  const defs = opts.properties ?? [];
  let isolationDone = 0;
  let isolationTotal = 0;
  let restDone = 0;
  let restTotal = 0;
  const progress = () => opts.onProperty?.(isolationDone + restDone, isolationTotal + restTotal);
  const isolation =
    opts.isolation === false
      ? []
      : (
          await proveIsolation(model, {
            ...opts,
            onProperty: (d, t) => {
              isolationDone = d;
              isolationTotal = t;
              progress();
            },
          })
        ).properties;
  const rest = await proveProperties(model, defs, {
    ...opts,
    onProperty: (d, t) => {
      restDone = d;
      restTotal = t;
      progress();
    },
  });
  const rank = (p: PropertyResult) => (p.property.startsWith("isolation/") ? 0 : 1);
  const order = new Map(defs.map((d, i) => [d.id, i]));
  const properties = [...isolation, ...rest].sort(
    (a, b) =>
      (a.principal < b.principal ? -1 : a.principal > b.principal ? 1 : 0) ||
      rank(a) - rank(b) ||
      (order.get(a.property) ?? -1) - (order.get(b.property) ?? -1) ||
      (a.property < b.property ? -1 : a.property > b.property ? 1 : 0),
  );
  return { status: overall(properties.map((p) => p.status)), properties };
}
