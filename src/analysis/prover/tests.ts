/**
 * A spec's `expect: never` and `expect: always` access tests, proven with the solver.
 *
 * - `never`: no request matching the test — by any principal whose id matches `principal` (a
 *   pattern such as `nlp/*`), of any action matching `action` (including actions AWS may add that
 *   a wildcard would grant), on any resource matching `resource` — is allowed, in any context
 *   that carries the test's `context:` keys (and not its `key: null` ones).
 * - `always`: every such request (actions of the catalog) is allowed in every such context.
 *
 * Every other context key is free, except those fixed by who the principal is (its ARN, account,
 * user name, tags): unlike `allow`/`deny` tests, no signed-in session is assumed (MFA, region,
 * TLS, the approved client's keys are whatever a request may carry), so a guardrail that holds
 * only in the default session does not pass `never`, and `always` must name the context it needs.
 * A test passes when proven; it fails when violated (with a request the engine confirms) or unknown.
 */
import { MissingPeerError } from "../../input/capture/peers.js";
import { findPrincipal, policySetForPrincipal, requestPrincipalArn } from "../../model/policy-set.js";
import type { AccessModel, AccessTest, ModelPrincipal } from "../../model/types.js";
import { matches } from "../../policy/wildcard.js";
import { type AccessTestResult, resolveTestPrincipal } from "../review/run-tests.js";
import { overall, pinnedContext } from "./models.js";
import { type Counterexample, type ProofStatus, type ProveOptions, proveAlways, proveNever } from "./prove.js";

/** The solver's verdict on a never/always test. */
export interface ExactTestResult extends AccessTestResult {
  status: ProofStatus;
  /** Every principal the test ran as (a pattern's matches), sorted. */
  principals: string[];
  /** A request that shows the test false, confirmed by the engine, and whose it is. */
  counterexample?: Counterexample & { principal: string };
  /** Why the answer is `unknown`. */
  reason?: string;
}

/** Is the test one the solver decides (`never`/`always`)? */
export function isExactTest(t: AccessTest): boolean {
  return t.expect === "never" || t.expect === "always";
}

/** The model principals a test names: the ids its pattern matches, or its one principal (a group's member). */
export function testPrincipals(
  model: AccessModel,
  test: Pick<AccessTest, "principal">,
): { ids: string[]; note?: string } {
  if (/[*?]/.test(test.principal)) {
    const ids = model.principals
      .map((p) => p.id)
      .filter((id) => matches(test.principal, id))
      .sort();
    return ids.length > 0 ? { ids } : { ids, note: `principal pattern ${test.principal} matches no principal` };
  }
  const { principal, note } = resolveTestPrincipal(model, test.principal);
  return { ids: principal ? [principal] : [], ...(note ? { note } : {}) };
}

/**
 * How many `never` tests of one principal and action are first proven together, as one question
 * over the union of their resources. Proven, every one of them passes; otherwise the batch is
 * halved until each failing test is asked on its own, as it would be alone.
 */
export const NEVER_BATCH = 1024;

type Given = Record<string, string | string[] | null>;

interface Prepared {
  test: AccessTest;
  ids: string[];
  note?: string;
  given: Given;
}

/** The batch of `never` tests a test is asked with (same principals, action and context), or undefined. */
function batchKey(p: Prepared): string | undefined {
  if (p.test.expect !== "never" || p.ids.length === 0) return undefined;
  return JSON.stringify([p.ids, p.test.action, p.given]);
}

function prepare(model: AccessModel, test: AccessTest): Prepared {
  const { ids, note } = testPrincipals(model, test);
  const given: Given = { ...test.context };
  for (const k of test.absent ?? []) given[k] = null;
  return { test, ids, given, ...(note ? { note } : {}) };
}

/**
 * The never/always tests among `tests` (by index) cut into units of work: the `never` tests of
 * one principal, action and context together (at most `NEVER_BATCH` of them), every other test on
 * its own; in the order of each unit's first test. `runExactTests` over a unit's tests answers
 * each as it would alone.
 */
export function exactTestUnits(model: AccessModel, tests: readonly AccessTest[]): number[][] {
  const units: number[][] = [];
  const open = new Map<string, number[]>();
  tests.forEach((test, i) => {
    if (!isExactTest(test)) return;
    const key = batchKey(prepare(model, test));
    if (key === undefined) {
      units.push([i]);
      return;
    }
    let unit = open.get(key);
    if (!unit || unit.length >= NEVER_BATCH) {
      unit = [];
      open.set(key, unit);
      units.push(unit);
    }
    unit.push(i);
  });
  return units;
}

/** Proves each never/always test (others are ignored) over every request it covers. */
export async function runExactTests(
  model: AccessModel,
  tests: readonly AccessTest[] = model.tests ?? [],
  opts: { timeoutMs?: number; batch?: number } = {},
): Promise<ExactTestResult[]> {
  const exact = tests.filter(isExactTest).map((test) => prepare(model, test));
  // The same question is answered once (a spec may repeat a test, or aliases write it many times).
  const byQuestion = new Map<string, ExactTestResult>();
  const questionOf = (p: Prepared) =>
    JSON.stringify([p.test.expect, p.ids, p.note ?? "", p.test.action, p.test.resource, p.given]);
  // `never` tests asking about the same principals, action and context, each on its own resource:
  // asked together first (a spec of 12,000 such tests is a few questions, not 12,000).
  const groups = new Map<string, Prepared[]>();
  const asked = new Set<string>();
  for (const p of exact) {
    const q = questionOf(p);
    const g = batchKey(p);
    if (g === undefined || asked.has(q)) continue;
    asked.add(q);
    const list = groups.get(g);
    if (list) list.push(p);
    else groups.set(g, [p]);
  }
  const size = Math.max(1, opts.batch ?? NEVER_BATCH);
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    for (let i = 0; i < list.length; i += size) {
      for (const [p, r] of await proveNeverBatch(model, list.slice(i, i + size), opts))
        byQuestion.set(questionOf(p), r);
    }
  }
  const out: ExactTestResult[] = [];
  for (const p of exact) {
    const q = questionOf(p);
    let r = byQuestion.get(q);
    if (!r) {
      r = await proveOne(model, p, opts);
      byQuestion.set(q, r);
    }
    out.push(r.test === p.test ? r : { ...r, test: p.test });
  }
  return out;
}

/** How a test's question about principal `p` is asked, alone or in a batch. */
function proofOptions(model: AccessModel, p: ModelPrincipal, given: Given, opts: { timeoutMs?: number }): ProveOptions {
  return {
    principal: requestPrincipalArn(model, p),
    resourceAccount: model.account,
    partition: model.partition,
    // The test's keys override the principal's own (a test may pin another user name).
    context: { ...pinnedContext(model, p.id), ...given },
    pinnedPrefixes: ["aws:principaltag/"],
    timeoutMs: opts.timeoutMs,
    maxFindings: 1,
  };
}

/**
 * Tests of one principal (or pattern), action and context, on their resources: if no request on
 * any of the resources is ever allowed, each passes; otherwise each half is asked again, down to
 * single tests, which are proven as they would be alone (their counterexample, unknown reason or
 * error as `proveOne` gives it). k failing tests of n cost about 2k·log2(n/k) questions more; a
 * batch without an answer (a timeout) is asked test by test, so it costs one question more.
 */
async function proveNeverBatch(
  model: AccessModel,
  batch: Prepared[],
  opts: { timeoutMs?: number },
): Promise<Array<[Prepared, ExactTestResult]>> {
  if (batch.length === 1) return [[batch[0], await proveOne(model, batch[0], opts)]];
  const { ids, given, test } = batch[0];
  let proven = true;
  for (const id of ids) {
    const p = findPrincipal(model, id)!;
    let r: Awaited<ReturnType<typeof proveNever>>;
    try {
      r = await proveNever(
        policySetForPrincipal(model, id),
        { action: test.action, resource: batch.map((b) => b.test.resource) },
        proofOptions(model, p, given, opts),
      );
    } catch (e) {
      if (e instanceof MissingPeerError) throw e;
      // The policies cannot be read: every test says so, each as it would alone.
      return alone(model, batch, opts);
    }
    // No answer for the batch (a timeout over many resources, a resource the prover cannot read):
    // each test alone, as before batching, rather than halves that might each time out again.
    if (r.status === "unknown") return alone(model, batch, opts);
    if (r.status !== "proven") {
      proven = false;
      break;
    }
  }
  if (proven) {
    return batch.map((b) => [
      b,
      {
        test: b.test,
        passed: true,
        context: b.test.context ?? {},
        assumed: [],
        principals: b.ids,
        ...(b.note ? { note: b.note } : {}),
        status: "proven",
      },
    ]);
  }
  const half = Math.ceil(batch.length / 2);
  return [
    ...(await proveNeverBatch(model, batch.slice(0, half), opts)),
    ...(await proveNeverBatch(model, batch.slice(half), opts)),
  ];
}

async function alone(
  model: AccessModel,
  batch: Prepared[],
  opts: { timeoutMs?: number },
): Promise<Array<[Prepared, ExactTestResult]>> {
  const out: Array<[Prepared, ExactTestResult]> = [];
  for (const b of batch) out.push([b, await proveOne(model, b, opts)]);
  return out;
}

/** One never/always test, proven for each principal it names. */
async function proveOne(
  model: AccessModel,
  prepared: Prepared,
  opts: { timeoutMs?: number },
): Promise<ExactTestResult> {
  const { test, ids, note, given } = prepared;
  const base = {
    test,
    passed: false,
    context: test.context ?? {},
    assumed: [],
    principals: ids,
    ...(note ? { note } : {}),
  };
  if (ids.length === 0) {
    return { ...base, status: "unknown", error: note ?? `no principal ${test.principal}` };
  }
  const statuses: ProofStatus[] = [];
  const reasons: string[] = [];
  let counterexample: ExactTestResult["counterexample"];
  for (const id of ids) {
    const p = findPrincipal(model, id)!;
    let r: Awaited<ReturnType<typeof proveNever>>;
    try {
      r = await (test.expect === "never" ? proveNever : proveAlways)(
        policySetForPrincipal(model, id),
        { action: test.action, resource: test.resource },
        proofOptions(model, p, given, opts),
      );
    } catch (e) {
      if (e instanceof MissingPeerError) throw e; // no solver at all: the run stops (exit 2)
      // A policy the prover cannot read fails the test with the reason, never the run.
      const reason = `cannot prove ${id}'s policies: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
      statuses.push("unknown");
      reasons.push(reason);
      continue;
    }
    statuses.push(r.status);
    if (r.status === "unknown" && r.reason) reasons.push(`${id}: ${r.reason}`);
    if (r.counterexample) {
      counterexample = { ...r.counterexample, principal: id };
      break;
    }
  }
  const status = counterexample ? "violated" : overall(statuses);
  const result: ExactTestResult = { ...base, status, passed: status === "proven" };
  if (counterexample) {
    result.counterexample = counterexample;
    result.principal = counterexample.principal;
    result.decision = counterexample.decisions.decision;
    result.context = counterexample.request.context ?? {};
  }
  if (status === "unknown") result.reason = reasons.slice(0, 3).join("; ");
  return result;
}
