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
import type { AccessModel, AccessTest } from "../../model/types.js";
import { matches } from "../../policy/wildcard.js";
import { type AccessTestResult, resolveTestPrincipal } from "../review/run-tests.js";
import { overall, pinnedContext } from "./models.js";
import { type Counterexample, type ProofStatus, proveAlways, proveNever } from "./prove.js";

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

/** Proves each never/always test (others are ignored) over every request it covers. */
export async function runExactTests(
  model: AccessModel,
  tests: readonly AccessTest[] = model.tests ?? [],
  opts: { timeoutMs?: number } = {},
): Promise<ExactTestResult[]> {
  const out: ExactTestResult[] = [];
  for (const test of tests.filter(isExactTest)) {
    const { ids, note } = testPrincipals(model, test);
    const given: Record<string, string | string[] | null> = { ...test.context };
    for (const k of test.absent ?? []) given[k] = null;
    const base = {
      test,
      passed: false,
      context: test.context ?? {},
      assumed: [],
      principals: ids,
      ...(note ? { note } : {}),
    };
    if (ids.length === 0) {
      out.push({ ...base, status: "unknown", error: note ?? `no principal ${test.principal}` });
      continue;
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
          {
            principal: requestPrincipalArn(model, p),
            resourceAccount: model.account,
            partition: model.partition,
            // The test's keys override the principal's own (a test may pin another user name).
            context: { ...pinnedContext(model, id), ...given },
            pinnedPrefixes: ["aws:principaltag/"],
            timeoutMs: opts.timeoutMs,
            maxFindings: 1,
          },
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
    out.push(result);
  }
  return out;
}
