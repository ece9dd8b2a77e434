import type { ExactTestResult } from "../analysis/prover/tests.js";
import type { AccessTestResult } from "../analysis/review/run-tests.js";
import { type Paint, plain } from "./paint.js";

/** `ai-iam test --format json`: every result with its context and deciding statements, and a summary. */
export function renderTestResultsJson(results: readonly AccessTestResult[]): string {
  const failed = results.filter((r) => !r.passed).length;
  const out = {
    tests: results.map((r) => ({
      principal: r.test.principal,
      ...(r.principal && r.principal !== r.test.principal ? { ranAs: r.principal } : {}),
      action: r.test.action,
      resource: r.test.resource,
      expect: r.test.expect,
      decision: r.decision ?? null,
      passed: r.passed,
      context: r.context,
      assumed: r.assumed,
      ...(r.test.absent ? { absent: r.test.absent } : {}),
      ...(r.client ? { client: r.client } : {}),
      ...(r.explanation ? { statements: r.explanation.statements, missingAllows: r.explanation.missingAllows } : {}),
      ...(r.error ? { error: r.error } : {}),
      ...(isExact(r) ? exactJson(r) : {}),
      ...(r.test.location ? { location: r.test.location } : {}),
    })),
    summary: { total: results.length, passed: results.length - failed, failed },
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * `ai-iam test`: a PASS/FAIL line per test, what decided it, the context given and assumed, and a
 * summary. `quiet` keeps only the failures and the summary.
 */
export function renderTestResultsText(
  results: readonly AccessTestResult[],
  opts: { label: string; quiet?: boolean; color?: Paint },
): string {
  const c = opts.color ?? plain;
  const failed = results.filter((r) => !r.passed).length;
  const lines: string[] = opts.quiet
    ? []
    : [`Running ${results.length} access test${results.length === 1 ? "" : "s"} from ${opts.label}:`, ""];
  for (const r of results) {
    if (opts.quiet && r.passed) continue;
    const mark = r.passed ? c.green("PASS") : c.red("FAIL");
    const where = r.test.location ? c.dim(` (${r.test.location.file}:${r.test.location.line})`) : "";
    lines.push(`  ${mark}  ${r.test.principal}  ${r.test.action}  ${r.test.resource}${where}`);
    if (r.error) {
      lines.push(`        ${c.red(r.error)}`);
      continue;
    }
    if (isExact(r)) {
      lines.push(...exactLines(r, c));
      continue;
    }
    lines.push(`        expected ${r.test.expect}, got ${r.decision}${r.note ? c.dim(` — ${r.note}`) : ""}`);
    for (const s of r.explanation?.statements ?? []) {
      if (r.decision === "ExplicitlyDenied" ? s.effect !== "Deny" : s.effect !== "Allow") continue;
      const sid = s.sid ? ` (${s.sid})` : "";
      lines.push(
        `        ${s.effect === "Deny" ? "denied" : "allowed"} by ${s.layer} ${s.policy} statement ${s.statementIndex}${sid}`,
      );
    }
    for (const m of r.explanation?.missingAllows ?? []) {
      lines.push(
        `        no allow in ${m.layer}${m.level !== undefined ? ` level ${m.level}` : ""}${m.policy ? ` (${m.policy})` : ""}`,
      );
    }
    const given = Object.keys(r.test.context ?? {}).sort();
    const assumed = r.assumed.map((k) => `${k}=${show(r.context[k])}`).join(" ");
    const absent = r.test.absent?.length ? `absent ${r.test.absent.join(", ")}; ` : "";
    lines.push(
      c.dim(`        context: ${given.length > 0 ? `given ${given.join(", ")}; ` : ""}${absent}assumed ${assumed}`),
    );
    if (r.client) lines.push(c.dim(`        client: ${r.client}`));
  }
  if (lines.length > 0) lines.push("");
  lines.push(
    `${results.length} ${results.length === 1 ? "test" : "tests"}: ${c.green(`${results.length - failed} passed`)}, ${failed > 0 ? c.red(`${failed} failed`) : "0 failed"}`,
  );
  return `${lines.join("\n")}\n`;
}

function show(v: string | string[] | undefined): string {
  return Array.isArray(v) ? `[${v.join(",")}]` : (v ?? "");
}

/** A never/always test's result (decided by the prover). */
function isExact(r: AccessTestResult): r is ExactTestResult {
  return "status" in r;
}

function exactJson(r: ExactTestResult): Record<string, unknown> {
  return {
    status: r.status,
    principals: r.principals,
    ...(r.counterexample
      ? {
          counterexample: {
            principal: r.counterexample.principal,
            request: r.counterexample.request,
            decision: r.counterexample.decisions.decision,
            hypothetical: r.counterexample.hypothetical,
          },
        }
      : {}),
    ...(r.reason ? { reason: r.reason } : {}),
  };
}

function exactLines(r: ExactTestResult, c: Paint): string[] {
  const who = r.principals.length === 1 ? r.principals[0] : `${r.principals.length} principals`;
  const given = Object.keys(r.test.context ?? {}).sort();
  const absent = r.test.absent?.length ? `, absent ${r.test.absent.join(", ")}` : "";
  const scope = c.dim(
    `        over every request of ${who} and every context${given.length > 0 ? ` with ${given.join(", ")}` : ""}${absent}`,
  );
  if (r.status === "proven") return [`        expected ${r.test.expect}: proven`, scope];
  if (r.status === "unknown")
    return [`        expected ${r.test.expect}: ${c.red("unknown")} — ${r.reason ?? ""}`, scope];
  const x = r.counterexample!;
  const ctx = Object.entries(x.request.context ?? {})
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${show(v)}`)
    .join(" ");
  return [
    `        expected ${r.test.expect}: ${c.red("violated")} — ${x.principal} ${x.request.action} ${x.request.resource} is ${x.decisions.decision}${x.hypothetical ? " (an action AWS may add that a wildcard grants)" : ""}`,
    c.dim(`        counterexample context: ${ctx || "(none)"}`),
    scope,
  ];
}
