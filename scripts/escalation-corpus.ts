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
import { ESCALATION_METHODS } from "../src/analysis/checks/risk/methods.js";
import { checkDocument, checkModel } from "../src/checks/runner.js";
import type { Finding } from "../src/checks/types.js";
import {
  type CorpusCase,
  caseModel,
  corpusDocument,
  loadManifest,
} from "../test/analysis/checks/risk/escalation-corpus.js";

const verbose = process.argv.includes("--verbose");
const manifest = loadManifest();
const ESCALATION_RULES = new Set(["privilege-escalation", "ai-privilege-escalation"]);
const LINT_RULES = new Set(["pass-role-unconstrained", "pass-role-to-more-privileged"]);

const byAlias = new Map<string, string>();
for (const m of ESCALATION_METHODS) for (const a of m.aliases ?? []) byAlias.set(a, m.id);

/** The method ids a finding names. */
function methodsOf(f: Finding): string[] {
  const data = (f as Finding & { data?: { methods?: string[] } }).data;
  if (data?.methods) return data.methods;
  const name = f.message.slice(0, f.message.indexOf(": "));
  const id = byAlias.get(name);
  return id ? [id] : [`unmapped:${name}`];
}

function run(c: CorpusCase): Finding[] {
  if (c.resourcePolicy) {
    return checkDocument(corpusDocument(c.resourcePolicy, c.policyKind), {
      kind: c.policyKind ?? "resource",
      policyName: c.id,
    });
  }
  if (!c.principal && c.policies.length === 1)
    return checkDocument(corpusDocument(c.policies[0]), { kind: "identity", policyName: c.id });
  return checkModel(caseModel(c, manifest.account));
}

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
      if (exposure.length > 0) externalFound++;
      else missed.push(`${c.id} (external)`);
    } else {
      externalNegatives++;
      if (exposure.length > 0) {
        externalFalse++;
        alarms.push(`${c.id}: ${exposure.map((f) => f.message).join(" | ")}`);
      }
    }
    continue;
  }
  const reported = new Set(findings.filter((f) => ESCALATION_RULES.has(f.rule)).flatMap(methodsOf));
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
