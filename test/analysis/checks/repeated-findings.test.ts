import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkDocument, failsOn, REPEAT_LIMIT, runChecks } from "../../../src/analysis/checks/runner.js";
import type { DocumentRule, Report, Severity } from "../../../src/analysis/checks/types.js";
import { parsePolicy } from "../../../src/policy/parse.js";
import { renderFindingsSarif } from "../../../src/report/findings-sarif.js";
import { doc } from "./rules/build.js";
import { sarifProblems } from "./sarif.js";

// A rule firing on thousands of statements of one policy: past REPEAT_LIMIT (runner.ts), the rest of
// its findings on that policy are one finding of the same rule and severity that counts them and
// lists their statements; a security rule folds only exact repeats.

const statements = (n: number) =>
  Array.from({ length: n }, () => ({ Effect: "Allow" as const, Action: ["s3:GetObject"], Resource: ["*"] }));

function everyStatement(severity: Severity, report: (i: number) => Omit<Report, "statement">): DocumentRule {
  return {
    scope: "document",
    meta: {
      id: "each",
      severity,
      description: "d",
      explanation: "e",
      messages: { same: "the same at every statement", own: "statement {{i}} is its own" },
    },
    check: (ctx) => ctx.document.Statement.map((_s, i) => ({ ...report(i), statement: i })),
  };
}

describe("findings of one rule on one policy past the limit", () => {
  const n = REPEAT_LIMIT + 50;
  const document = doc(...statements(n));

  test("up to the limit, every finding is listed", () => {
    const rule = everyStatement("warning", (i) => ({ messageId: "own", data: { i } }));
    const findings = checkDocument(doc(...statements(REPEAT_LIMIT)), { kind: "identity", rules: [rule], risks: false });
    assert.equal(findings.length, REPEAT_LIMIT);
    assert.ok(findings.every((f) => f.messageId === "own"));
  });

  test("a warning: the first ones listed, the rest one finding counting them, with every statement in its data", () => {
    const rule = everyStatement("warning", (i) => ({ messageId: "own", data: { i } }));
    const findings = checkDocument(document, { kind: "identity", rules: [rule], risks: false });
    assert.equal(findings.length, REPEAT_LIMIT + 1);
    const listed = findings.filter((f) => f.messageId === "own").map((f) => f.statement);
    assert.deepEqual(
      listed,
      Array.from({ length: REPEAT_LIMIT }, (_x, i) => i),
    );
    const [rest] = findings.filter((f) => f.messageId === "repeated");
    assert.equal(rest.rule, "each");
    assert.equal(rest.severity, "warning");
    assert.equal(rest.statement, undefined, "not one statement's: a suppression of one statement does not hide it");
    assert.equal(
      rest.message,
      `50 more findings of this rule in this policy, not listed one by one (statements ${REPEAT_LIMIT}, ${REPEAT_LIMIT + 1}, ${REPEAT_LIMIT + 2}, ${REPEAT_LIMIT + 3}, ${REPEAT_LIMIT + 4}, ${REPEAT_LIMIT + 5}, ${REPEAT_LIMIT + 6}, ${REPEAT_LIMIT + 7}, ${REPEAT_LIMIT + 8}, ${REPEAT_LIMIT + 9} and 40 more)`,
    );
    assert.deepEqual(
      rest.data?.statements,
      Array.from({ length: 50 }, (_x, i) => String(REPEAT_LIMIT + i)),
    );
  });

  test("a security rule: exact repeats are folded, distinct findings all listed; --fail-on unchanged", () => {
    const same = everyStatement("security", () => ({ messageId: "same" }));
    const folded = checkDocument(document, { kind: "identity", rules: [same], risks: false });
    assert.equal(folded.length, REPEAT_LIMIT + 1);
    assert.equal(folded.filter((f) => f.messageId === "repeated").length, 1);
    assert.ok(folded.every((f) => f.severity === "security"));
    const own = everyStatement("security", (i) => ({ messageId: "own", data: { i } }));
    const distinct = checkDocument(document, { kind: "identity", rules: [own], risks: false });
    assert.equal(distinct.length, n);
    assert.ok(distinct.every((f) => f.messageId === "own"));
    const result = runChecks({ documents: [{ document, kind: "identity" }] }, { rules: [same], risks: false });
    assert.equal(result.summary.security, REPEAT_LIMIT + 1);
    assert.equal(failsOn(result.findings, "security"), true);
  });

  test("in SARIF, the folded finding is a result with its text and no message id of the rule's (OASIS SARIF 2.1.0 §3.11.10)", () => {
    const rule = everyStatement("warning", () => ({ messageId: "same" }));
    const result = runChecks(
      { documents: [{ document, kind: "identity", file: "p.json" }] },
      { rules: [rule], risks: false },
    );
    const log = JSON.parse(renderFindingsSarif(result));
    assert.deepEqual(sarifProblems(log), []);
    const results = log.runs[0].results as { message: { text: string; id?: string } }[];
    assert.equal(results.length, REPEAT_LIMIT + 1);
    const folded = results.filter((r) => r.message.id === undefined);
    assert.equal(folded.length, 1);
    assert.match(folded[0].message.text, /^50 more findings of this rule/);
  });

  test("a suppression of the rule reaches the folded finding too", () => {
    const rule = everyStatement("warning", () => ({ messageId: "same" }));
    const result = runChecks(
      { documents: [{ document, kind: "identity" }], suppressions: [{ rule: "each", reason: "generated" }] },
      { rules: [rule], risks: false },
    );
    assert.equal(result.summary.total, 0);
    assert.equal(result.summary.suppressed, REPEAT_LIMIT + 1);
  });

  test("the folded finding is located at the first statement it stands for", () => {
    const text = JSON.stringify({ Version: "2012-10-17", Statement: statements(n) }, null, 1);
    const parsed = parsePolicy(text, { file: "p.json" });
    assert.ok(parsed.document && parsed.sourceMap);
    const rule = everyStatement("suggestion", () => ({ messageId: "same" }));
    const findings = checkDocument(parsed.document, {
      kind: "identity",
      rules: [rule],
      risks: false,
      sourceMap: parsed.sourceMap,
      file: "p.json",
    });
    const rest = findings.find((f) => f.messageId === "repeated");
    const first = parsed.sourceMap.get(`/Statement/${REPEAT_LIMIT}`);
    assert.ok(rest && first);
    assert.equal(rest.line, first.line);
  });
});
