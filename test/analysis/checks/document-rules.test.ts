import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
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
