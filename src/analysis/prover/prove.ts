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

import { createHash } from "node:crypto";
import { compileActions } from "../../engine/compile.js";
import { createEvaluator, parsePrincipal } from "../../engine/index.js";
import type { Decision, Evaluator } from "../../engine/types.js";
import { MissingPeerError } from "../../input/capture/peers.js";
import { normalizePolicy } from "../../policy/normalize.js";
import type { AccessRequest, PolicySet } from "../../policy/policy-set.js";
import type { ConditionBlock, Statement } from "../../policy/types.js";
import { relieveHeap } from "../../util/heap.js";
import { type ActionClass, actionClasses, forgetActionClasses, literalActionNames, relaxedDomain } from "./actions.js";
import { forgetExplorations, Unsupported } from "./automaton.js";
import { type EvaluatedSet, QueryEncoder, type RequestSpace } from "./encode.js";
import { and, not, parseSExprs, type SExpr } from "./smt.js";
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
  /** Only requests matching this pattern (no-new-access); default: every request. */
  pattern?: RequestPattern;
  /** Called with each solver query's wall time in milliseconds (benchmarks, progress). */
  onQuery?: (ms: number) => void;
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

/**
 * The pattern of a never/always property: the requests whose action matches `action` and not
 * `notAction`, whose resource matches `resource` and not `notResource`, and whose context satisfies
 * `condition` (an IAM condition block, with the engine's semantics: `StringNotEquals` on a missing
 * key holds, add `Null: { key: "false" }` to require the key).
 */
export interface RequestPattern {
  /** IAM action patterns (`s3:*`, `bedrock:Invoke*`). */
  action: string | string[];
  /** Action patterns excepted from `action`. */
  notAction?: string | string[];
  /** `Resource`-style patterns; default: any resource. */
  resource?: string | string[];
  /** `Resource`-style patterns the resource must not match. */
  notResource?: string | string[];
  /** What the request's context satisfies. */
  condition?: ConditionBlock;
}

interface Check {
  sets: ProverSet[];
  evaluators: Evaluator[];
  classes: ProverSet["statements"][number][];
  /** Skip a class before solving (no-new-access: unchanged statements). */
  skip?: (per: EvaluatedSet[]) => boolean;
  goal: (allowed: string[]) => string;
  /** Does the engine confirm the request as a counterexample? */
  confirm: (request: AccessRequest) => Counterexample["decisions"] | undefined;
  filter?: (lowerAction: string) => boolean;
  /** Names the filter: equal names, equal filters (the action classes are then remembered). */
  filterKey?: string;
  /** The only action names the filter holds for, when it names them (`ClassOptions.names`). */
  names?: string[];
  resources?: string[];
  /** The request also matches this statement's resource element and condition (`RequestSpace.require`). */
  require?: Statement;
  hypothetical: boolean;
}

const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

function spaceFor(principal: string, opts: ProveOptions, resources?: string[], require?: Statement): RequestSpace {
  const space: RequestSpace = {
    principal,
    partition: opts.partition ?? "aws",
    resourceAccount: opts.resourceAccount,
    pinned: opts.context ?? {},
    pinnedPrefixes: opts.pinnedPrefixes ?? [],
    resources,
  };
  if (require) space.require = require;
  return space;
}

type Outcome =
  | { kind: "none" }
  | { kind: "unknown"; reason: string }
  | { kind: "found"; finding: Counterexample; fits: boolean };

/** One query: build, solve, read back and replay. */
async function solveClass(
  check: Check,
  cls: ActionClass,
  per: EvaluatedSet[],
  principal: string,
  opts: ProveOptions,
  stats: ProofResult["stats"],
): Promise<Outcome> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const name = cls.actions[0].name;
  const encoder = new QueryEncoder(spaceFor(principal, opts, check.resources, check.require), cls);
  let text: string | undefined;
  try {
    text = encoder.build(per, check.goal, timeoutMs);
  } catch (err) {
    if (!(err instanceof Unsupported)) throw err;
    return { kind: "unknown", reason: `${name}: ${err.message}` };
  }
  if (text === undefined) return { kind: "none" }; // decided without the solver
  stats.queries++;
  const t0 = performance.now();
  const out = await runQuery(text, opts.onQuery);
  if (out.error) return { kind: "unknown", reason: `${name}: solver error: ${out.error}` };
  if (process.env.PROVER_DEBUG) {
    console.error(`[prover] ${name} ${Math.round(performance.now() - t0)} ms, ${text.length} chars`);
    if (process.env.PROVER_DEBUG === "2") console.error(text);
  }
  if (out.verdict === "unsat") return { kind: "none" };
  if (out.verdict !== "sat")
    return { kind: "unknown", reason: `${name}: the solver gave no answer within ${timeoutMs} ms` };
  let model = out.rest;
  if (encoder.lazy) {
    const found = await realizeLazy(encoder, model, opts, stats);
    if (typeof found !== "string") return found;
    model = found;
  }
  const w = encoder.witness(model);
  const decisions = check.confirm(w.request);
  if (!decisions) {
    // The engine disagrees with the solver: an encoding bug. Never report it as a finding.
    return {
      kind: "unknown",
      reason: `${name}: the solver's counterexample was not confirmed by the engine (${JSON.stringify(w.request)})`,
    };
  }
  return {
    kind: "found",
    fits: w.fits,
    finding: {
      request: w.request,
      hypothetical: w.hypothetical,
      decisions,
      sameActions: cls.actions.slice(0, 5).map((a) => a.name),
      classSize: cls.actions.length,
    },
  };
}

/** Lazy resource literals may be unrealizable together: block such answers until one is realizable. */
async function realizeLazy(
  encoder: QueryEncoder,
  first: string,
  opts: ProveOptions,
  stats: ProofResult["stats"],
): Promise<string | Outcome> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const blocks: string[] = [];
  let model = first;
  for (let round = 0; round < 50; round++) {
    stats.queries++;
    const implicant = encoder.implicantText(model, timeoutMs);
    const coreOut = await runQuery(implicant);
    if (process.env.PROVER_DEBUG === "2") console.error(`[prover] implicant\n${implicant}\n=> ${coreOut.text}`);
    const core = coreOut.verdict === "unsat" ? parseSExprs(coreOut.rest)[0] : undefined;
    if (coreOut.error || !Array.isArray(core)) {
      return {
        kind: "unknown",
        reason: `the solver could not reduce an answer over the resource (${coreOut.error ?? coreOut.text.slice(0, 80)})`,
      };
    }
    let realized: ReturnType<QueryEncoder["realize"]>;
    try {
      realized = encoder.realize(core);
    } catch (err) {
      if (!(err instanceof Unsupported)) throw err;
      return { kind: "unknown", reason: err.message };
    }
    if ("witness" in realized) return model;
    if (realized.core.length === 0) return { kind: "none" }; // the domain itself is empty
    blocks.push(`(assert (not (and true ${realized.core.map(showExpr).join(" ")})))`);
    stats.queries++;
    const out = await runQuery(encoder.text(timeoutMs, blocks));
    if (out.error) return { kind: "unknown", reason: `solver error: ${out.error}` };
    if (out.verdict === "unsat") return { kind: "none" };
    if (out.verdict !== "sat") return { kind: "unknown", reason: `the solver gave no answer within ${timeoutMs} ms` };
    model = out.rest;
  }
  return { kind: "unknown", reason: "more than 50 answers over the resource were unrealizable" };
}

/** Z3's answer to a script with one check: its verdict, what follows it, or why there is none. */
export interface QueryOutput {
  verdict?: "sat" | "unsat" | "unknown";
  /** The output after the verdict line (the model's values, the unsat core). */
  rest: string;
  /** Set when the script did not run as written: the answer must not be believed. */
  error?: string;
  text: string;
}

/**
 * Reads Z3's output. A verdict counts only as the first line: anything before it (`(error ...)`,
 * `unsupported`) means Z3 did not read the script as written, and an `unsat` after an error
 * would prove nothing.
 */
export function readOutput(text: string): QueryOutput {
  const nl = text.indexOf("\n");
  const first = (nl < 0 ? text : text.slice(0, nl)).trim();
  const rest = nl < 0 ? "" : text.slice(nl);
  if (first === "sat" || first === "unsat" || first === "unknown") return { verdict: first, rest, text };
  return { rest, text, error: text.trim().slice(0, 200) || "no output" };
}

/**
 * Answers by query text (as a digest). The same text is the same formula: its answer holds for
 * whichever principal's encoder wrote it (members of a team with one persona, teams with the same
 * policies ask the same questions; each counterexample is still read back by the asking encoder
 * and confirmed by the engine). Z3 answers a text the same way whatever ran before it (each query
 * starts with a reset), so a remembered answer is the answer a fresh run would give. Only `sat`
 * and `unsat` are remembered: a timeout may not recur.
 */
const answers = new Map<string, QueryOutput>();
const ANSWERS_LIMIT = 5000;

/**
 * Forgets every remembered answer, exploration and action split (benchmarks measuring a first
 * proof; the answers never depend on them).
 */
export function forgetRemembered(): void {
  answers.clear();
  forgetExplorations();
  forgetActionClasses();
}

/** Runs one query; a failure of the solver itself is an answer with an error, never a throw. */
async function runQuery(text: string, onQuery?: (ms: number) => void): Promise<QueryOutput> {
  const digest = createHash("sha256").update(text).digest("base64");
  const known = answers.get(digest);
  if (known) return known;
  // A unit (a principal with many properties) may ask hundreds of queries: keep its heap near
  // what it holds between them too, not only between units.
  relieveHeap();
  try {
    const t0 = performance.now();
    const out = readOutput(await (await solver()).run(text));
    onQuery?.(performance.now() - t0);
    if (out.verdict === "sat" || out.verdict === "unsat") {
      if (answers.size >= ANSWERS_LIMIT) answers.delete(answers.keys().next().value as string);
      answers.set(digest, out);
    }
    return out;
  } catch (err) {
    if (err instanceof MissingPeerError) throw err; // no solver at all: not an unknown answer
    const message = err instanceof Error ? err.message : String(err);
    return { rest: "", text: "", error: message.split("\n")[0] || "the solver failed" };
  }
}

/**
 * Z3's output for a script a `--jobs` worker thread sent (`jobs.ts`): answered by this thread's
 * solver and remembered answers, so the threads of one run share one Z3 instance and what any of
 * them learned. A failure of the solver itself is thrown, as the worker's own solver would.
 */
export async function answerForWorker(text: string): Promise<string> {
  const out = await runQuery(text);
  // The solver failed (no output to read): the worker meets the same failure.
  if (out.error !== undefined && out.text === "") throw new Error(out.error);
  return out.text;
}

function showExpr(e: SExpr): string {
  return typeof e === "string" ? e : `(${e.map(showExpr).join(" ")})`;
}

async function run(check: Check, opts: ProveOptions): Promise<ProofResult> {
  const started = performance.now();
  const maxFindings = opts.maxFindings ?? 20;
  const rcpServices = opts.rcpServices ? new Set([...opts.rcpServices].map((s) => s.toLowerCase())) : undefined;
  const groups = new Map<string, ActionClass[]>();
  for (const cls of actionClasses(check.classes, {
    filter: check.filter,
    filterKey: check.filterKey,
    names: check.names,
    hypothetical: check.hypothetical,
    rcpServices,
  })) {
    const g = groups.get(cls.group);
    if (g) g.push(cls);
    else groups.set(cls.group, [cls]);
  }
  const stats = { classes: 0, skipped: 0, queries: 0, unknown: 0, ms: 0 };
  const findings: Counterexample[] = [];
  const reasons: string[] = [];
  const unknown = (reason: string) => {
    stats.unknown++;
    reasons.push(reason);
  };
  outer: for (const principal of list(opts.principal)) {
    for (const classes of groups.values()) {
      stats.classes += classes.length;
      const hit = new Set(classes[0].statements.map((i) => check.classes[i]));
      const per = check.sets.map((set) => ({ set, statements: set.statements.filter((s) => hit.has(s)) }));
      if (check.skip?.(per)) {
        stats.skipped += classes.length;
        continue;
      }
      // Many services decided alike: first ask over any ARN of theirs. No answer there is no answer
      // anywhere; an answer whose resource fits its action stands. Otherwise ask service by service.
      if (classes.length > 1) {
        const all = { ...classes[0], actions: classes.flatMap((c) => c.actions) };
        const relaxed = await solveClass(
          check,
          { ...all, domain: relaxedDomain(classes) },
          per,
          principal,
          opts,
          stats,
        );
        if (relaxed.kind === "none") continue;
        if (relaxed.kind === "found" && relaxed.fits) {
          findings.push(relaxed.finding);
          if (findings.length >= maxFindings) break outer;
          continue;
        }
      }
      for (const cls of classes) {
        const o = await solveClass(check, cls, per, principal, opts, stats);
        if (o.kind === "unknown") unknown(o.reason);
        if (o.kind !== "found") continue;
        findings.push(o.finding);
        if (findings.length >= maxFindings) break outer;
        break; // one counterexample per group
      }
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
  const resources = list(opts.pattern?.resource);
  return run(
    {
      filter: opts.pattern ? compileActions(list(opts.pattern.action)) : undefined,
      filterKey: opts.pattern ? JSON.stringify(list(opts.pattern.action)) : undefined,
      names: opts.pattern ? literalActionNames(list(opts.pattern.action)) : undefined,
      resources: resources.length > 0 && !resources.includes("*") ? resources : undefined,
      sets,
      evaluators,
      classes: [...sets[0].statements, ...sets[1].statements],
      hypothetical: opts.hypotheticalActions ?? true,
      skip: (per) => {
        if (!sameShape) return false;
        const a = new Set(per[0].statements.map((s) => s.key));
        const b = new Set(per[1].statements.map((s) => s.key));
        return a.size === b.size && [...a].every((k) => b.has(k));
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

/** The pattern's resource exceptions and condition as one statement (`RequestSpace.require`), if any. */
function requirementOf(pattern: RequestPattern): Statement | undefined {
  const notResource = list(pattern.notResource);
  if (notResource.length === 0 && !pattern.condition) return undefined;
  const st: Statement = { Effect: "Allow", Action: ["*"] };
  if (notResource.length > 0) st.NotResource = notResource;
  else st.Resource = ["*"];
  if (pattern.condition) st.Condition = pattern.condition;
  // As the engine reads it (a scalar condition value is a list of one); invalid: `requirementTest` throws.
  return normalizePolicy({ Version: "2012-10-17", Statement: [st] }, { engine: true }).document?.Statement[0] ?? st;
}

/**
 * The engine's word on whether a request matches the requirement: the statement alone, as the
 * principal's only policy, on a resource of its own account (so no resource policy is needed).
 */
function requirementTest(require: Statement | undefined): (request: AccessRequest) => boolean {
  if (!require) return () => true;
  const evaluator = createEvaluator({
    identityPolicies: [{ name: "property", document: { Version: "2012-10-17", Statement: [require] } }],
  });
  return (request) => {
    const account = parsePrincipal(request.principal).account;
    const own = account === undefined ? request : { ...request, resourceAccount: account };
    return evaluator.evaluate(own).decision === "Allowed";
  };
}

function patternCheck(
  set: PolicySet,
  pattern: RequestPattern,
  opts: ProveOptions,
  always: boolean,
): Promise<ProofResult> {
  const evaluator = evaluatorFor(set, opts);
  const s = readSet(set);
  const positive = compileActions(list(pattern.action));
  const excepted = list(pattern.notAction);
  const negative = excepted.length > 0 ? compileActions(excepted) : undefined;
  const actionTest = negative ? (a: string) => positive(a) && !negative(a) : positive;
  const resources = list(pattern.resource);
  const require = requirementOf(pattern);
  const matchesRequirement = requirementTest(require);
  return run(
    {
      sets: [s],
      evaluators: [evaluator],
      classes: s.statements,
      filter: actionTest,
      filterKey: JSON.stringify([list(pattern.action), excepted]),
      names: literalActionNames(list(pattern.action)),
      resources: resources.length > 0 && !resources.includes("*") ? resources : undefined,
      ...(require ? { require } : {}),
      // "Always" is about the actions that exist; "never" also covers those a wildcard grants later.
      hypothetical: always ? false : (opts.hypotheticalActions ?? true),
      goal: ([allowed]) => (always ? not(allowed) : allowed),
      confirm: (request) => {
        // A counterexample must be in the pattern as the engine reads it, not only as the solver does.
        if (!matchesRequirement(request)) return undefined;
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
