/**
 * Detection rate and false alarms of the risk rules on the escalation corpus
 * (`test/fixtures/escalation/`), for `docs/corpus.md` and the closing notes.
 *   npx tsx scripts/escalation-corpus.ts [--verbose]
 *
 * A path counts as found when a finding names the case's method (by id, or by a name the
 * round-1 rules used, see the catalog's `aliases`); a false alarm is a method reported that the
 * case does not expect. Lint-only findings (`pass-role-unconstrained` and the like) are counted
 * apart: they say "risky", not which path.
 */
import { LINT_RULES, loadManifest, reportedMethods, runCase } from "../test/analysis/checks/risk/escalation-corpus.js";

const verbose = process.argv.includes("--verbose");
const manifest = loadManifest();
const run = (c: (typeof manifest.cases)[number]) => runCase(c, manifest.account);

let expected = 0;
let found = 0;
let falseAlarms = 0;
let lintOnly = 0;
let negatives = 0;
let negativesFlagged = 0;
let externalExpected = 0;
let externalFound = 0;
let externalNegatives = 0;
let externalFalse = 0;
const missed: string[] = [];
const alarms: string[] = [];
for (const c of manifest.cases) {
  const findings = run(c);
  if (c.resourcePolicy) {
    const exposure = findings.filter((f) => f.category === "resource-exposure" && f.severity === "security");
    if ((c.expectExternal ?? []).length > 0) {
      externalExpected++;
      // Found: every expected scope is reported with exactly the expected limiting conditions.
      const same = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();
      const ok = (c.expectExternal ?? []).every((e) =>
        exposure.some(
          (f) => f.data?.scope === e.principal && same((f.data?.conditions as string[]) ?? [], e.conditions),
        ),
      );
      if (ok) externalFound++;
      else missed.push(`${c.id} (external): ${exposure.map((f) => f.message).join(" | ")}`);
    } else {
      externalNegatives++;
      if (exposure.length > 0) {
        externalFalse++;
        alarms.push(`${c.id}: ${exposure.map((f) => f.message).join(" | ")}`);
      }
    }
    continue;
  }
  const reported = new Set(reportedMethods(findings));
  const lint = findings.some((f) => LINT_RULES.has(f.rule));
  for (const id of c.expect) {
    expected++;
    if (reported.has(id)) found++;
    else {
      missed.push(`${c.id}: ${id}`);
      if (lint) lintOnly++;
    }
  }
  const extra = [...reported].filter((id) => !c.expect.includes(id));
  falseAlarms += extra.length;
  if (extra.length > 0) alarms.push(`${c.id}: ${extra.join(", ")}`);
  if (c.kind === "negative") {
    negatives++;
    if (extra.length > 0 || (c.method !== undefined && lint)) negativesFlagged++;
    if (extra.length === 0 && c.method !== undefined && lint)
      alarms.push(
        `${c.id} (lint): ${findings
          .filter((f) => LINT_RULES.has(f.rule))
          .map((f) => f.message)
          .join(" | ")}`,
      );
  }
}

const pct = (a: number, b: number) => (b === 0 ? "-" : `${((100 * a) / b).toFixed(1)} %`);
console.log(
  `escalation paths found: ${found} of ${expected} (${pct(found, expected)}); ${lintOnly} more flagged only by a lint`,
);
console.log(
  `false alarms: ${falseAlarms} methods reported that no case expects; negatives flagged: ${negativesFlagged} of ${negatives}`,
);
console.log(
  `external access found: ${externalFound} of ${externalExpected}; false alarms on ${externalFalse} of ${externalNegatives} negatives`,
);
if (verbose) {
  for (const m of missed) console.log(`  missed ${m}`);
  for (const a of alarms) console.log(`  false alarm ${a}`);
}
