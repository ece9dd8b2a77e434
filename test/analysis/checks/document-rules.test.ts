import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, test } from "node:test";
import { checkPaths } from "../../../src/analysis/checks/inputs.js";
import { allRules } from "../../../src/analysis/checks/rules/index.js";

/**
 * What every rule shares: metadata and documentation. Each rule's valid and invalid cases are in
 * its own file, `test/analysis/checks/rules/<rule-id>.test.ts` (the rule tester,
 * test/helpers/rule-tester.ts); rendering of messages in messages.test.ts.
 */

describe("rule metadata", () => {
  test("ids are unique, kebab-case; every rule has a description and an explanation", () => {
    const ids = allRules.map((r) => r.meta.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of allRules) {
      assert.match(r.meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(["error", "security", "warning", "suggestion"].includes(r.meta.severity));
      assert.ok(r.meta.description.length > 10 && !r.meta.description.includes("\n"));
      assert.ok(r.meta.explanation.length > 80, `${r.meta.id} explanation`);
    }
  });
  test("every rule has its own test file of valid and invalid cases", () => {
    for (const r of allRules) {
      const file = `test/analysis/checks/rules/${r.meta.id}.test.ts`;
      assert.ok(existsSync(file), `${file} is missing`);
      assert.match(readFileSync(file, "utf8"), /ruleTester\.run\(\s*rule\("[a-z-]+"\)/, file);
    }
  });
});

describe("documentation", () => {
  test("docs/checks.md has a section per rule, and the rules table of docs/check.md links each one", () => {
    const docs = readFileSync("docs/checks.md", "utf8");
    const table = readFileSync("docs/check.md", "utf8");
    for (const r of allRules) {
      assert.ok(docs.includes(`\n## ${r.meta.id}\n`), `docs/checks.md lacks ## ${r.meta.id}`);
      assert.ok(table.includes(`(checks.md#${r.meta.id})`), `docs/check.md lacks a link to ${r.meta.id}`);
    }
  });
});

test("docs/checks.md is what scripts/checks-docs.ts writes (run it after changing a rule's metadata or messages)", async () => {
  const { CHECKS_DOCS_FILE, checksDocsText } = await import("../../../scripts/checks-docs.js");
  const text = readFileSync(CHECKS_DOCS_FILE, "utf8");
  assert.equal(checksDocsText(text), text);
});

test("docs/check.md's rules table is what scripts/checks-docs.ts writes: each rule's severity, category and description", async () => {
  const { CHECK_DOC_FILE, checkDocTableText } = await import("../../../scripts/checks-docs.js");
  const text = readFileSync(CHECK_DOC_FILE, "utf8");
  assert.equal(checkDocTableText(text), text);
  // It can fail: a row that says another severity than the rule's meta is rewritten.
  const row = text.split("\n").find((l) => l.startsWith("| [`unknown-service`]"));
  assert.ok(row, "the table has a row for unknown-service");
  const severity = allRules.find((r) => r.meta.id === "unknown-service")?.meta.severity;
  const drifted = text.replace(row, row.replace(` | ${severity} | `, " | error | "));
  assert.notEqual(drifted, text);
  assert.equal(checkDocTableText(drifted), text);
});

describe("the parser and the rules", () => {
  test("never report the same problem: the parser rejects what blocks a file, the rules lint what parses", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ai-iam-once-"));
    const st = (extra: object) => ({ Effect: "Allow", Action: "s3:GetObject", Resource: "*", ...extra });
    const files: Record<string, object> = {
      // What IAM rejects: the parser's errors; the file is not linted (check reports invalid-policy-file).
      "rejected.json": {
        Version: "2012-10-18",
        Statement: [st({ Sid: "a-b", Condition: { StringEqual: { "aws:PrincipalTag/t": "x" } } }), st({ Sid: "a-b" })],
      },
      // Lint only: the parser says nothing, the rules report.
      "linted.json": { Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }, st({ Sid: "A" })] },
      "bucket.json": {
        Version: "2012-10-17",
        Statement: [st({ Sid: "public read", Principal: "*", Resource: "arn:aws:s3:::b/*" })],
      },
    };
    for (const [name, doc] of Object.entries(files)) writeFileSync(join(dir, name), JSON.stringify(doc, null, 2));
    const { result, diagnostics } = await checkPaths([dir]);
    assert.ok(result);
    const at = (x: { file?: string; line?: number; column?: number }) =>
      `${basename(x.file ?? "")}:${x.line}:${x.column}`;
    const told = new Set(diagnostics.map(at));
    const linted = result.findings.filter((f) => f.rule !== "invalid-policy-file");
    assert.deepEqual(
      linted.filter((f) => told.has(at(f))).map((f) => `${at(f)} ${f.rule}`),
      [],
    );
    const rules = (file: string) =>
      [...new Set(result.findings.filter((f) => basename(f.file ?? "") === file).map((f) => f.rule))].sort();
    assert.deepEqual(rules("rejected.json"), ["invalid-policy-file"]);
    assert.deepEqual(
      diagnostics.filter((d) => basename(d.file ?? "") === "linted.json"),
      [],
    );
    for (const r of ["allow-with-not-action", "missing-version"]) assert.ok(rules("linted.json").includes(r), r);
  });
});
