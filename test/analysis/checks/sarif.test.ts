import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { allRules } from "../../../src/analysis/checks/rules/index.js";
import { runChecks } from "../../../src/analysis/checks/runner.js";
import type { CheckResult } from "../../../src/analysis/checks/types.js";
import { renderFindingsSarif } from "../../../src/report/findings-sarif.js";
import { sarifProblems } from "./sarif.js";

type Loc = { physicalLocation: unknown };
type Rule = { id: string; helpUri?: string; help: { text: string } };
const result = (findings: CheckResult["findings"]): CheckResult => ({
  findings,
  summary: runChecks({}, { rules: [] }).summary,
  rules: allRules.map((r) => r.meta),
});

describe("SARIF 2.1.0", () => {
  test("every result has the required fields and a location, also without a file or a line", () => {
    const log = JSON.parse(
      renderFindingsSarif(
        result([
          { rule: "star-resource", severity: "warning", message: "m", file: "/repo/p/a b.json", line: 3, column: 5 },
          { rule: "policy-size", severity: "error", message: "m", file: "/elsewhere/p.json" },
          { rule: "no-mfa-guardrail", severity: "security", message: "m", principal: "u" },
        ]),
        { baseDir: "/repo", defaultFile: "prog/Pulumi.yaml" },
      ),
    );
    assert.deepEqual(sarifProblems(log), []);
    const locs = log.runs[0].results.map((r: { locations: Loc[] }) => r.locations[0].physicalLocation);
    assert.deepEqual(locs, [
      { artifactLocation: { uri: "p/a%20b.json" }, region: { startLine: 3, startColumn: 5 } },
      { artifactLocation: { uri: "file:///elsewhere/p.json" }, region: { startLine: 1 } },
      { artifactLocation: { uri: "prog/Pulumi.yaml" }, region: { startLine: 1 } },
    ]);
  });
  test("helpUri only from an absolute base; the help text names docs/checks.md#<id>", () => {
    const rel = JSON.parse(renderFindingsSarif(result([]))).runs[0].tool.driver.rules;
    assert.ok(rel.every((r: Rule) => r.helpUri === undefined && r.help.text.includes(`docs/checks.md#${r.id}`)));
    const base = "https://example.com/ai-iam/docs/checks.md";
    const abs = JSON.parse(renderFindingsSarif(result([]), { helpBaseUri: base })).runs[0].tool.driver.rules;
    assert.equal(abs[0].helpUri, `${base}#${abs[0].id}`);
    assert.deepEqual(sarifProblems(JSON.parse(renderFindingsSarif(result([]), { helpBaseUri: "docs/x.md" }))), []);
  });
  test("a result's message.id is the finding's messageId, a message string of its rule in SARIF's format", () => {
    const document = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow" as const, Action: ["s3:GetObject", "s3:PutObject"], Resource: ["*"] }],
    };
    const checked = runChecks({ documents: [{ document, kind: "identity", file: "p.json" }] });
    const log = JSON.parse(renderFindingsSarif(checked));
    assert.deepEqual(sarifProblems(log), []);
    const star = log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "star-resource");
    assert.equal(star.message.id, "actions");
    assert.match(star.message.text, /^"Resource": "\*" on 2 actions/);
    const rule = log.runs[0].tool.driver.rules.find((r: Rule) => r.id === "star-resource");
    assert.equal(rule.messageStrings.actions.text, '"Resource": "*" on {0} actions that can be scoped to ARNs: {1}');
    // Placeholders are numbered in order of first appearance (§3.11.5).
    const variable = log.runs[0].tool.driver.rules.find((r: Rule) => r.id === "variable-in-condition-key");
    assert.match(variable.messageStrings.variable.text, /^the condition key \{0\} contains the policy variable \{1\},/);
    assert.deepEqual(
      sarifProblems(
        JSON.parse(
          renderFindingsSarif(
            result([{ rule: "star-resource", severity: "warning", message: "m", messageId: "nope", file: "p.json" }]),
          ),
        ),
      ),
      ["results[0].message.id"],
    );
  });
  test("a suppressed finding carries its justification", () => {
    const log = JSON.parse(
      renderFindingsSarif(
        result([
          { rule: "star-resource", severity: "warning", message: "m", file: "p.json", suppressed: { reason: "ok" } },
        ]),
      ),
    );
    assert.deepEqual(log.runs[0].results[0].suppressions, [{ kind: "external", justification: "ok" }]);
  });
});
