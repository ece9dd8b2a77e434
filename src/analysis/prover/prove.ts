/**
 * The prover's questions over policy sets, answered for *every* request of one principal (every
 * action of the catalog and hypothetical future ones, every resource its actions act on, every
 * context):
 * - `proveNoNewAccess(old, new)`: does the new set allow anything the old one did not?
 * - `proveNever(set, pattern)`: is no request matching the pattern ever allowed?
 * - `proveAlways(set, pattern)`: is every request matching the pattern allowed (in every context
 *   that extends the one given)?
 *
 * Each answer is `proven`, `violated` with a counterexample the engine has confirmed, or `unknown`
 * (a query timed out, or used something the prover does not model): never `proven` by default.
 */

import { compileActions } from "../../engine/compile.js";
import { createEvaluator } from "../../engine/index.js";
import type { Decision, Evaluator } from "../../engine/types.js";
import type { AccessRequest, PolicySet } from "../../policy/policy-set.js";
import { type ActionClass, actionClasses } from "./actions.js";
import { Unsupported } from "./automaton.js";
import { type EvaluatedSet, QueryEncoder, type RequestSpace } from "./encode.js";
import { and, not } from "./smt.js";
import { type ProverSet, readSet, shapeKey } from "./statements.js";
import { solver } from "./z3.js";

export type ProofStatus = "proven" | "violated" | "unknown";

export interface ProveOptions {
  /** The principal(s) whose requests are considered, as a request names them (ARN). */
  principal: string | string[];
  /** Context keys the requests always carry (`null`: never carry); every other key is free. */
  context?: Record<string, string | string[] | null>;
  /** Lower-cased key prefixes that are absent unless in `context` (e.g. `aws:principaltag/`). */
  pinnedPrefixes?: string[];
  /** The account owning every resource; by default the account in the resource's ARN. */
  resourceAccount?: string;
  partition?: string;
  /** Per solver query, in milliseconds (default 5,000). On expiry the answer is `unknown`. */
  timeoutMs?: number;
  /** Services RCPs apply to (as the engine's option); undefined: every service. */
  rcpServices?: Iterable<string>;
  /** Consider hypothetical future actions that wildcards would grant (default true). */
  hypotheticalActions?: boolean;
  /** Stop after this many violated action classes (default 20). */
  maxFindings?: number;
}

/** A request that shows the property false, confirmed by the engine. */
export interface Counterexample {
  request: AccessRequest;
  /** Made up: stands for an action AWS may add that a wildcard grants. */
  hypothetical: boolean;
  /** The engine's decisions: under the old and new set (no-new-access) or the one set. */
  decisions: { old?: Decision; new?: Decision; decision?: Decision };
  /** Other actions decided the same way (the action class), a sample. */
  sameActions: string[];
  /** How many actions the class has. */
  classSize: number;
}

export interface ProofResult {
  status: ProofStatus;
  /** The first counterexample (also `findings[0]`). */
  counterexample?: Counterexample;
  /** One counterexample per violated action class. */
  findings: Counterexample[];
  /** Why the answer is `unknown`. */
  reason?: string;
  stats: { classes: number; skipped: number; queries: number; unknown: number; ms: number };
}

/** The pattern of a never/always property. */
export interface RequestPattern {
  /** IAM action patterns (`s3:*`, `bedrock:Invoke*`). */
  action: string | string[];
  /** `Resource`-style patterns; default: any resource. */
  resource?: string | string[];
}

interface Check {
  sets: ProverSet[];
  evaluators: Evaluator[];
  classes: ProverSet["statements"][number][];
  /** Skip a class before solving (no-new-access: unchanged statements). */
  skip?: (cls: ActionClass, per: EvaluatedSet[]) => boolean;
  goal: (allowed: string[]) => string;
  /** Does the engine confirm the request as a counterexample? */
  confirm: (request: AccessRequest) => Counterexample["decisions"] | undefined;
  filter?: (lowerAction: string) => boolean;
  resources?: string[];
  hypothetical: boolean;
}

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function spaceFor(principal: string, opts: ProveOptions, resources?: string[]): RequestSpace {
  return {
    principal,
    partition: opts.partition ?? "aws",
    resourceAccount: opts.resourceAccount,
    pinned: opts.context ?? {},
    pinnedPrefixes: opts.pinnedPrefixes ?? [],
    resources,
  };
}

async function run(check: Check, opts: ProveOptions): Promise<ProofResult> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? 5000;
  const maxFindings = opts.maxFindings ?? 20;
  const rcpServices = opts.rcpServices ? new Set([...opts.rcpServices].map((s) => s.toLowerCase())) : undefined;
  const classes = actionClasses(check.classes, {
    filter: check.filter,
    hypothetical: check.hypothetical,
    rcpServices,
  });
  const stats = { classes: 0, skipped: 0, queries: 0, unknown: 0, ms: 0 };
  const findings: Counterexample[] = [];
  const reasons: string[] = [];
  const principals = list(opts.principal);
  outer: for (const principal of principals) {
    for (const cls of classes) {
      stats.classes++;
      const hit = new Set(cls.statements.map((i) => check.classes[i]));
      const per = check.sets.map((set) => ({ set, statements: set.statements.filter((s) => hit.has(s)) }));
      if (check.skip?.(cls, per)) {
        stats.skipped++;
        continue;
      }
      const encoder = new QueryEncoder(spaceFor(principal, opts, check.resources), cls);
      let text: string | undefined;
      try {
        text = encoder.build(per, check.goal, timeoutMs);
      } catch (err) {
        if (!(err instanceof Unsupported)) throw err;
        stats.unknown++;
        reasons.push(`${cls.actions[0].name}: ${err.message}`);
        continue;
      }
      if (text === undefined) continue; // decided without the solver
      stats.queries++;
      const out = await (await solver()).run(text);
      const verdict = out.trimStart().split(/\s/, 1)[0];
      if (verdict === "unsat") continue;
      if (verdict !== "sat") {
        stats.unknown++;
        reasons.push(
          verdict === "unknown"
            ? `${cls.actions[0].name}: the solver gave no answer within ${timeoutMs} ms`
            : `${cls.actions[0].name}: solver error: ${out.slice(0, 200)}`,
        );
        continue;
      }
      const w = encoder.witness(out.slice(out.indexOf("\n")));
      const decisions = check.confirm(w.request);
      if (!decisions) {
        // The engine disagrees with the solver: an encoding bug. Never report it as a finding.
        stats.unknown++;
        reasons.push(
          `${cls.actions[0].name}: the solver's counterexample was not confirmed by the engine (${JSON.stringify(w.request)})`,
        );
        continue;
      }
      findings.push({
        request: w.request,
        hypothetical: w.hypothetical,
        decisions,
        sameActions: cls.actions.slice(0, 5).map((a) => a.name),
        classSize: cls.actions.length,
      });
      if (findings.length >= maxFindings) break outer;
    }
  }
  stats.ms = Math.round(performance.now() - started);
  const status: ProofStatus = findings.length > 0 ? "violated" : stats.unknown > 0 ? "unknown" : "proven";
  const result: ProofResult = { status, findings, stats };
  if (findings[0]) result.counterexample = findings[0];
  if (status === "unknown") result.reason = reasons.slice(0, 5).join("; ");
  return result;
}

function evaluatorFor(set: PolicySet, opts: ProveOptions): Evaluator {
  return createEvaluator(set, opts.rcpServices ? { rcpServices: opts.rcpServices } : undefined);
}

/** Does `newSet` allow any request (of the principals in `opts`) that `oldSet` does not? */
export function proveNoNewAccess(oldSet: PolicySet, newSet: PolicySet, opts: ProveOptions): Promise<ProofResult> {
  const evaluators = [evaluatorFor(oldSet, opts), evaluatorFor(newSet, opts)];
  const sets = [readSet(oldSet), readSet(newSet)];
  const sameShape = shapeKey(sets[0]) === shapeKey(sets[1]);
  return run(
    {
      sets,
      evaluators,
      classes: [...sets[0].statements, ...sets[1].statements],
      hypothetical: opts.hypotheticalActions ?? true,
      skip: (_cls, per) => {
        if (!sameShape) return false;
        const a = per[0].statements.map((s) => s.key).sort();
        const b = per[1].statements.map((s) => s.key).sort();
        return a.length === b.length && a.every((k, i) => k === b[i]);
      },
      goal: ([before, after]) => and(after, not(before)),
      confirm: (request) => {
        const before = evaluators[0].evaluate(request).decision;
        const after = evaluators[1].evaluate(request).decision;
        return after === "Allowed" && before !== "Allowed" ? { old: before, new: after } : undefined;
      },
    },
    opts,
  );
}

function patternCheck(
  set: PolicySet,
  pattern: RequestPattern,
  opts: ProveOptions,
  always: boolean,
): Promise<ProofResult> {
  const evaluator = evaluatorFor(set, opts);
  const s = readSet(set);
  const actionTest = compileActions(list(pattern.action));
  const resources = list(pattern.resource);
  return run(
    {
      sets: [s],
      evaluators: [evaluator],
      classes: s.statements,
      filter: actionTest,
      resources: resources.length > 0 && !resources.includes("*") ? resources : undefined,
      // "Always" is about the actions that exist; "never" also covers those a wildcard grants later.
      hypothetical: always ? false : (opts.hypotheticalActions ?? true),
      goal: ([allowed]) => (always ? not(allowed) : allowed),
      confirm: (request) => {
        const decision = evaluator.evaluate(request).decision;
        return (decision === "Allowed") !== always ? { decision } : undefined;
      },
    },
    opts,
  );
}

/** Is no request matching the pattern (by the principals in `opts`, in any context) ever allowed? */
export function proveNever(set: PolicySet, pattern: RequestPattern, opts: ProveOptions): Promise<ProofResult> {
  return patternCheck(set, pattern, opts, false);
}

/** Is every request matching the pattern allowed, in every context extending `opts.context`? */
export function proveAlways(set: PolicySet, pattern: RequestPattern, opts: ProveOptions): Promise<ProofResult> {
  return patternCheck(set, pattern, opts, true);
}
