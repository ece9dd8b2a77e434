import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderMessage } from "../../src/analysis/checks/messages.js";
import { checkDocument, checkModel, runChecks } from "../../src/analysis/checks/runner.js";
import type { Finding, MessageData, Report, Rule, Suppression } from "../../src/analysis/checks/types.js";
import type { AccessModel, ModelPolicyKind } from "../../src/model/types.js";
import { parsePolicy } from "../../src/policy/parse.js";
import type { PolicyDocument, PolicyKind } from "../../src/policy/types.js";

/**
 * A rule tester in the manner of ESLint's `RuleTester`: each rule gets `valid` inputs (no report)
 * and `invalid` ones with the exact list of reports expected, by `messageId` — one report more or
 * less fails. Inputs go through the public runner (`checkDocument`, `checkModel`, `runChecks`)
 * with the rule alone, so messages are rendered and located as users see them.
 *
 * A document is written as JSON text, or as an object that the tester prints as JSON and parses
 * (`parsePolicy`) like a policy file, so that reports carry a line and a column. The parser reports
 * only what blocks parsing and the rules own all lint, so nothing is reported twice: on an invalid
 * case the parser reports nothing, or an error that rejects the file (`check` then reports only
 * that, as `invalid-policy-file`, and no rule sees the document; the case is then run on the object
 * as written, which only the library's `checkDocument` could be given). `raw: true` skips the parse.
 *
 * Unlike ESLint, `data` is matched key by key (the keys given must equal the report's values), so a
 * case names only the placeholders it is about. Each of the rule's messages must be reported by
 * some invalid case, or be listed in `untested` with a reason.
 */

export interface ExpectedReport {
  messageId: string;
  /** Placeholder values the report must have (a subset of its `data`). */
  data?: MessageData;
  line?: number;
  column?: number;
  /** 0-based statement index. */
  statement?: number;
  principal?: string;
  policy?: string;
  /** Machine-readable details the finding must carry (`finding.data`), compared deeply. */
  details?: Finding["data"];
}

export interface RuleCase {
  /** Shown in the test name. */
  name?: string;
  /** A policy document: JSON text, or an object printed as JSON. */
  document?: PolicyDocument | string;
  /** Default `identity`. */
  kind?: PolicyKind;
  storage?: ModelPolicyKind;
  account?: string;
  policyName?: string;
  /** Pass the document object to the runner as it is, without printing and parsing it. */
  raw?: boolean;
  /** An AccessModel (model rules; risk and document rules over a model). */
  model?: AccessModel;
  /** Suppressions (the suppression rules). */
  suppressions?: Suppression[];
}

export interface InvalidCase extends RuleCase {
  /** Every report, in the runner's order (file, line, column, policy, statement, principal, message). */
  errors: ExpectedReport[];
}

export interface RuleTests {
  valid: RuleCase[];
  invalid: InvalidCase[];
}

export interface RunOptions {
  /** Messages no invalid case reports, each with the reason. */
  untested?: Record<string, string>;
}

/** A finding with the placeholder data of the report it was rendered from. */
interface Reported {
  finding: Finding;
  data?: MessageData;
}

function label(c: RuleCase, i: number): string {
  return c.name ? `#${i} ${c.name}` : `#${i}`;
}

/** Run `rule` alone over one case, through the public runner. */
export function runRule(rule: Rule, c: RuleCase): Reported[] {
  const reports: Report[] = [];
  // The rule, recording what it reports (for the placeholder data the findings no longer carry).
  const spy = {
    ...rule,
    check: (ctx: never) => {
      const out = (rule.check as (x: never) => Report[])(ctx);
      reports.push(...out);
      return out;
    },
  } as Rule;
  const rules = [spy];
  let findings: Finding[];
  let warnings: string[] = [];
  if (c.suppressions !== undefined || rule.scope === "suppressions") {
    findings = runChecks(
      { suppressions: c.suppressions ?? [], ...(c.model ? { model: c.model } : {}) },
      { rules },
    ).findings;
  } else if (c.model !== undefined) {
    findings = checkModel(c.model, { rules });
  } else if (c.document !== undefined) {
    const kind = c.kind ?? "identity";
    let document: PolicyDocument;
    let sourceMap: ReturnType<typeof parsePolicy>["sourceMap"] | undefined;
    // Diagnostics of a parse that kept the document: with a report of the rule, a problem told twice.
    if (c.raw && typeof c.document !== "string") document = c.document;
    else {
      const text = typeof c.document === "string" ? c.document : JSON.stringify(c.document, null, 2);
      const parsed = parsePolicy(text, { kind });
      if (parsed.document) {
        document = parsed.document;
        sourceMap = parsed.sourceMap;
        warnings = parsed.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`);
      } else {
        assert.ok(typeof c.document !== "string", "a case written as text must parse");
        document = c.document;
      }
    }
    findings = checkDocument(document, {
      kind,
      rules,
      policyName: c.policyName ?? "policy",
      ...(c.storage ? { storage: c.storage } : {}),
      ...(c.account ? { account: c.account } : {}),
      ...(sourceMap ? { sourceMap } : {}),
    });
    if (findings.length > 0) {
      assert.deepEqual(warnings, [], "the parser and the rule both report on this document (told twice)");
    }
  } else {
    throw new Error("a rule case needs a document, a model or suppressions");
  }
  // Pair each finding with a report of the same rendered text (same template and text: same data).
  const pool = reports.map((r) => ({ r, text: renderMessage(rule.meta, r.messageId, r.data) }));
  return findings.map((finding) => {
    const k = pool.findIndex((p) => p.r.messageId === finding.messageId && p.text === finding.message);
    const data = k >= 0 ? pool.splice(k, 1)[0].r.data : undefined;
    return data ? { finding, data } : { finding };
  });
}

function show(r: Reported): string {
  const f = r.finding;
  const at = [f.line !== undefined ? `${f.line}:${f.column ?? "?"}` : "", f.principal ?? ""].filter(Boolean).join(" ");
  return `${f.messageId}${at ? ` (${at})` : ""}: ${f.message}`;
}

function checkReport(rule: Rule, got: Reported, want: ExpectedReport, n: number): void {
  const f = got.finding;
  const where = `report ${n} (${show(got)})`;
  assert.equal(f.rule, rule.meta.id, where);
  assert.equal(f.severity, rule.meta.severity, where);
  assert.equal(f.category, rule.meta.category, where);
  assert.equal(f.messageId, want.messageId, `${where}: messageId`);
  assert.ok(Object.hasOwn(rule.meta.messages, want.messageId), `${rule.meta.id} declares no message ${want.messageId}`);
  for (const [key, value] of Object.entries(want.data ?? {})) {
    assert.equal(got.data?.[key], value, `${where}: data.${key}`);
  }
  if (want.data) {
    // The expected data renders into the same message where it names every placeholder.
    const full = { ...got.data, ...want.data };
    assert.equal(renderMessage(rule.meta, want.messageId, full), f.message, where);
  }
  for (const key of ["line", "column", "statement", "principal", "policy"] as const) {
    if (want[key] !== undefined) assert.equal(f[key], want[key], `${where}: ${key}`);
  }
  if (want.details !== undefined) assert.deepEqual(f.data, want.details, `${where}: details`);
}

/** Assert that `rule` reports nothing on `c`. */
export function assertValid(rule: Rule, c: RuleCase): void {
  assert.deepEqual(runRule(rule, c).map(show), []);
}

/** Assert that `rule` reports exactly `c.errors` on `c`: one report more or less fails. */
export function assertInvalid(rule: Rule, c: InvalidCase): void {
  assert.ok(c.errors.length > 0, "an invalid case expects at least one report");
  const got = runRule(rule, c);
  assert.equal(
    got.length,
    c.errors.length,
    `expected ${c.errors.length} report(s), got ${got.length}:\n${got.map(show).join("\n")}`,
  );
  got.forEach((g, n) => {
    checkReport(rule, g, c.errors[n], n);
  });
}

export const ruleTester = {
  /** Register the node:test cases of `rule`: `valid`, `invalid`, and that every message is tested. */
  run(rule: Rule, tests: RuleTests, opts: RunOptions = {}): void {
    const reported = new Set<string>();
    describe(rule.meta.id, () => {
      tests.valid.forEach((c, i) => {
        test(`valid ${label(c, i)}`, () => assertValid(rule, c));
      });
      tests.invalid.forEach((c, i) => {
        for (const e of c.errors) reported.add(e.messageId);
        test(`invalid ${label(c, i)}`, () => assertInvalid(rule, c));
      });
      test("every message is reported by an invalid case (or listed as untested, with a reason)", () => {
        const untested = Object.keys(rule.meta.messages).filter((id) => !reported.has(id) && !opts.untested?.[id]);
        assert.deepEqual(untested, []);
        for (const id of Object.keys(opts.untested ?? {})) assert.ok(Object.hasOwn(rule.meta.messages, id), id);
      });
    });
  },
};
