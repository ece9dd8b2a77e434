import { type Diagnostic, DiagnosticsError } from "../../diagnostics/index.js";
import { createEvaluator } from "../../engine/index.js";
import type { Decision, EvaluationResult, Evaluator, Explanation } from "../../engine/types.js";
import { catalogActionCheck, catalogContextKeyCheck, strictCheck } from "../../input/policy-files/simulation-files.js";
import { readRequestValue } from "../../input/policy-files/simulation-input.js";
import { findPrincipal, policySetForPrincipal, principalContext, requestFor } from "../../model/policy-set.js";
import type { AccessModel, AccessTest } from "../../model/types.js";
import { escapePointerSegment } from "../../policy/pointer.js";

export interface AccessTestResult {
  test: AccessTest;
  /** The model principal the request ran as (a group's test runs as one of its members). */
  principal?: string;
  decision?: Decision;
  passed: boolean;
  explanation?: Explanation;
  /** Every context key of the request. */
  context: Record<string, string | string[]>;
  /** The keys taken from the default signed-in session rather than from the test's `context:`. */
  assumed: string[];
  /** Why keys of the organization's approved client were assumed (`model.clientContext`), when they were. */
  client?: string;
  /** How the principal was resolved, when not directly (a group ran as a member). */
  note?: string;
  /** Why the test could not run (no such principal). */
  error?: string;
}

/**
 * A test's principal in the model: a principal id, or — for a group (IAM users mode, `team/<persona>`)
 * — the first of its members by id, since a group is not a principal that can make requests.
 */
export function resolveTestPrincipal(model: AccessModel, id: string): { principal?: string; note?: string } {
  if (findPrincipal(model, id)) return { principal: id };
  if (model.groups.some((g) => g.id === id)) {
    const member = model.principals.filter((p) => p.groups.includes(id)).sort((a, b) => (a.id < b.id ? -1 : 1))[0];
    if (member) return { principal: member.id, note: `group ${id} has no credentials; ran as its member ${member.id}` };
    return { note: `group ${id} has no members` };
  }
  // With roles or permission sets a member acts through their persona's principal: the same name
  // `test` accepts (the compiler resolves it there) names it in simulate, can and the library.
  const member = model.members?.find((m) => m.id === id);
  if (member?.principals.length === 1 && findPrincipal(model, member.principals[0])) {
    return { principal: member.principals[0], note: `${id} acts as ${member.principals[0]} (${model.identity})` };
  }
  if (member && member.principals.length > 1) {
    return { note: `${id} plays several personas; name one: ${member.principals.join(" or ")}` };
  }
  return { note: `no principal ${id} in the model` };
}

/** The organization's approved client's contexts that apply to `action` (`model.clientContext`). */
function clientContextsFor(model: AccessModel, action: string): NonNullable<AccessModel["clientContext"]> {
  const a = action.toLowerCase();
  return (model.clientContext ?? []).filter((c) => c.actions.includes(a));
}

/**
 * The compiled policy sets of the tests' principals: one per principal and resource policy (a
 * bucket's, or a role's trust policy for `sts:AssumeRole*`), not one per test — a spec's tests
 * mostly ask a few principals many questions. A set the engine cannot compile fails every test
 * that needs it, with the same reason.
 */
class EvaluatorCache {
  private readonly byKey = new Map<string, Evaluator | Error>();
  /** A number per resource policy document (by identity: the model's own objects). */
  private readonly documents = new Map<object, number>();

  constructor(private readonly model: AccessModel) {}

  evaluator(principal: string, action: string, resource: string): Evaluator {
    const set = policySetForPrincipal(this.model, principal, { action, resource });
    const rp = set.resourcePolicy;
    let doc = "";
    if (rp) {
      let n = this.documents.get(rp.document);
      if (n === undefined) {
        n = this.documents.size;
        this.documents.set(rp.document, n);
      }
      doc = `${n}\u0000${rp.name ?? ""}`;
    }
    const key = `${principal}\u0000${doc}`;
    let e = this.byKey.get(key);
    if (e === undefined) {
      try {
        e = createEvaluator(set);
      } catch (err) {
        e = err instanceof Error ? err : new Error(String(err));
      }
      this.byKey.set(key, e);
    }
    if (e instanceof Error) throw e;
    return e;
  }
}

/**
 * The problems of `allow`/`deny` tests as the spec loader reports them, for tests built in code
 * (which reach `runAccessTests` without the loader): the one request validator (`readRequestValue`:
 * an action of a service or name AWS lacks, a resource that is not an ARN or `*`, a context key AWS
 * defines nowhere), and a resource pattern, which would be decided as the one resource of that
 * literal name. Each is an error: a test of a request that cannot exist passes `expect: deny`
 * vacuously.
 */
export function accessTestProblems(tests: readonly AccessTest[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const opts = {
    modelPrincipal: true,
    checkAction: strictCheck(catalogActionCheck(), "spec-unknown-test-action"),
    checkContextKey: strictCheck(catalogContextKeyCheck(), "spec-invalid-value"),
  };
  tests.forEach((t, i) => {
    if (t.expect !== "allow" && t.expect !== "deny") return;
    const at = (d: Diagnostic): Diagnostic => ({ ...t.location, ...d, path: `/tests/${i}${d.path ?? ""}` });
    const { diagnostics } = readRequestValue(
      { principal: t.principal, action: t.action, resource: t.resource, ...(t.context ? { context: t.context } : {}) },
      opts,
    );
    for (const d of diagnostics) if (d.severity === "error") out.push(at(d));
    if (typeof t.resource === "string" && t.resource !== "*" && /[*?]/.test(t.resource)) {
      out.push(
        at({
          code: "request-invalid-resource",
          severity: "error",
          message: `Resource pattern "${t.resource}" needs expect: never or always (allow and deny decide one request)`,
          path: "/resource",
        }),
      );
    }
    for (const k of t.absent ?? []) {
      const problem = opts.checkContextKey(k);
      if (problem) out.push(at({ ...problem, path: `/absent/${escapePointerSegment(k)}` }));
    }
  });
  return out;
}

/**
 * Runs access tests with the engine (the `allow`/`deny` ones; others are left out). A test without `context:` runs as a normal signed-in session
 * of its principal (see `principalContext`: username, tags, MFA present, TLS, the organization's
 * region) through the organization's approved client (`model.clientContext`: a Bedrock call names
 * the configured guardrail); keys in the test's `context:` override those defaults, and keys it
 * lists as `absent` are removed. A test passes when the decision is `Allowed` and it expects
 * `allow`, or any denial and it expects `deny`. A test no request can be (`accessTestProblems`) is
 * a `DiagnosticsError`, as the spec loader reports it.
 */
export function runAccessTests(
  model: AccessModel,
  tests: readonly AccessTest[] = model.tests ?? [],
  opts: { explain?: boolean } = {},
): AccessTestResult[] {
  const explain = opts.explain ?? true;
  const problems = accessTestProblems(tests);
  if (problems.length > 0) throw new DiagnosticsError(problems);
  const evaluators = new EvaluatorCache(model);
  // `never`/`always` tests cover every request: the prover decides them (`runExactTests`).
  return tests
    .filter((t) => t.expect === "allow" || t.expect === "deny")
    .map((test) => {
      const { principal, note } = resolveTestPrincipal(model, test.principal);
      if (!principal) return { test, passed: false, context: test.context ?? {}, assumed: [], error: note };
      const clients = clientContextsFor(model, test.action);
      const defaults = Object.assign({}, principalContext(model, principal), ...clients.map((c) => c.context));
      const request = requestFor(model, principal, test.action, test.resource, { ...defaults, ...test.context });
      const absent = new Set(test.absent ?? []);
      if (absent.size > 0 && request.context) {
        request.context = Object.fromEntries(Object.entries(request.context).filter(([k]) => !absent.has(k)));
      }
      let result: EvaluationResult;
      try {
        result = evaluators.evaluator(principal, test.action, test.resource).evaluate(request, { explain });
      } catch (e) {
        // A policy the engine cannot evaluate fails the test with the reason, never the run.
        const error = `cannot evaluate ${principal}'s policies: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`;
        return { test, principal, passed: false, context: request.context ?? {}, assumed: [], error };
      }
      const passed = (result.decision === "Allowed") === (test.expect === "allow");
      const assumed = Object.keys(defaults)
        .filter((k) => !(test.context && k in test.context) && !absent.has(k))
        .sort();
      const client = clients
        .filter((c) => Object.keys(c.context).some((k) => assumed.includes(k)))
        .map((c) => c.reason)
        .join("; ");
      return {
        test,
        principal,
        decision: result.decision,
        ...(client ? { client } : {}),
        passed,
        ...(result.explanation ? { explanation: result.explanation } : {}),
        context: request.context ?? {},
        assumed,
        ...(note ? { note } : {}),
      };
    });
}
