import assert from "node:assert/strict";
import { test } from "node:test";
import { runChecks } from "../../../src/analysis/checks/runner.js";
import { renderFindingsMarkdown } from "../../../src/report/findings-markdown.js";

// CommonMark, "Backslash escapes": a message's `*`, `_`, backticks, brackets and `<` stay literal.
test("markdown: a message's Markdown characters are escaped in its table cell", () => {
  const message = 's3:GetObject is covered by s3:Get* on "*" | <b>_x_</b> [a](b) `c`';
  const md = renderFindingsMarkdown({
    findings: [{ rule: "redundant-action", severity: "suggestion", message, file: "p.json", line: 1, column: 2 }],
    summary: { ...runChecks({}, { rules: [] }).summary, total: 1, suggestion: 1 },
    rules: [],
  });
  const row = md.split("\n").find((l) => l.includes("redundant-action")) ?? "";
  assert.ok(
    row.endsWith('| s3:GetObject is covered by s3:Get\\* on "\\*" \\| \\<b\\>\\_x\\_\\</b\\> \\[a\\](b) \\`c\\` |'),
    row,
  );
});
