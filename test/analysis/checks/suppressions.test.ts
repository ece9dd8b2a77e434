import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { validation } from "../../../src/analysis/checks/packs.js";
import { runChecks } from "../../../src/analysis/checks/runner.js";
import { loadIgnoreFile } from "../../../src/analysis/checks/suppressions.js";
import type { PolicyDocument } from "../../../src/policy/types.js";
import { billionLaughs } from "../../helpers/yaml-bombs.js";

const V = "2012-10-17";
const open: PolicyDocument = {
  Version: V,
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }],
};
const dir = mkdtempSync(join(tmpdir(), "ai-iam-sup-"));
const file = join(dir, "p.json");
const documents = [{ document: open, kind: "identity" as const, file, policyName: "p" }];
const rulesOf = (r: ReturnType<typeof runChecks>, suppressed: boolean) =>
  r.findings.filter((f) => !!f.suppressed === suppressed).map((f) => f.rule);

describe("suppressions (cdk-nag style: a reason is required)", () => {
  test("with a reason: the finding is marked, counted as suppressed, not in the totals", () => {
    const r = runChecks({ documents, suppressions: [{ rule: "data-exfiltration", reason: "public data" }] });
    assert.deepEqual(rulesOf(r, true), ["data-exfiltration"]);
    assert.equal(r.summary.suppressed, 1);
    assert.equal(r.summary.security, 0);
    assert.equal(r.findings.find((f) => f.suppressed)?.suppressed?.reason, "public data");
  });
  test("without a reason (or a blank one): nothing is suppressed and the suppression is an error", () => {
    for (const reason of [undefined, "  "]) {
      const r = runChecks({
        documents,
        suppressions: [{ rule: "data-exfiltration", reason, source: { file: "s.yaml", line: 4, column: 3 } }],
      });
      assert.deepEqual(rulesOf(r, true), []);
      const bad = r.findings.filter((f) => f.rule === "invalid-suppression");
      assert.equal(bad.length, 1);
      assert.deepEqual(
        [bad[0].file, bad[0].line, bad[0].severity, bad[0].messageId],
        ["s.yaml", 4, "error", "noReason"],
      );
    }
  });
  test("an unknown rule id is an error; a rule outside the pack that ran is not unknown", () => {
    const typo = runChecks({ documents, suppressions: [{ rule: "data-exfiltraton", reason: "x" }] });
    assert.equal(typo.findings.find((f) => f.rule === "invalid-suppression")?.messageId, "unknownRule");
    const other = runChecks(
      { documents, suppressions: [{ rule: "privilege-escalation", reason: "reviewed" }] },
      { rules: validation },
    );
    assert.deepEqual(
      other.findings.filter((f) => f.rule === "invalid-suppression"),
      [],
    );
  });
  test("principal, policy, statement and file narrow a suppression", () => {
    const s = (extra: object) =>
      runChecks({ documents, suppressions: [{ rule: "data-exfiltration", reason: "r", ...extra }] }).summary.suppressed;
    assert.equal(s({ policy: "p", statement: 0, file }), 1);
    assert.equal(s({ statement: 1 }), 0);
    assert.equal(s({ policy: "q" }), 0);
    assert.equal(s({ principal: "vision/alice" }), 0);
    assert.equal(s({ file: `${dir}/` }), 1);
    assert.equal(s({ file: join(dir, "other.json") }), 0);
  });
  test(".ai-iam-ignore.yaml: entries apply to the files beside it; bad entries are located diagnostics", () => {
    const ignore = join(dir, ".ai-iam-ignore.yaml");
    writeFileSync(ignore, "- rule: data-exfiltration\n  reason: public\n- rule: star-resource\n  file: p.json\n");
    const loaded = loadIgnoreFile(ignore);
    assert.deepEqual(loaded.diagnostics, []);
    assert.deepEqual(
      loaded.suppressions.map((x) => [x.rule, x.file, x.source?.line]),
      [
        ["data-exfiltration", `${dir}/`, 1],
        ["star-resource", file, 3],
      ],
    );
    writeFileSync(ignore, "- rule: x\n  reason: r\n  statment: 0\n- 3\n");
    assert.deepEqual(
      loadIgnoreFile(ignore).diagnostics.map((d) => [d.code, d.line]),
      [
        ["suppressions-invalid", 1],
        ["suppressions-invalid", 4],
      ],
    );
    writeFileSync(ignore, "- rule: [x\n");
    assert.equal(loadIgnoreFile(ignore).diagnostics[0]?.code, "suppressions-yaml-syntax");
    // An alias to an undefined anchor, and a key written twice: located YAML errors, not a misread entry.
    writeFileSync(ignore, "- rule: star-resource\n  reason: *why\n");
    assert.deepEqual(
      loadIgnoreFile(ignore).diagnostics.map((d) => [d.code, d.line, d.column, /alias \*why/.test(d.message)]),
      [["suppressions-yaml-syntax", 2, 11, true]],
    );
    writeFileSync(ignore, "- rule: star-resource\n  reason: a\n  reason: b\n");
    assert.deepEqual(
      loadIgnoreFile(ignore).diagnostics.map((d) => [d.code, d.line]),
      [["suppressions-yaml-syntax", 3]],
    );
  });
  test(".ai-iam-ignore.yaml is read within the YAML limits: aliases, nesting, size", () => {
    const ignore = join(dir, ".ai-iam-ignore.yaml");
    // A billion laughs (each anchor aliasing the one before 10 times): a located error at the alias
    // that crosses 2,000,000 expanded nodes, read in linear time (the yaml package's own alias
    // resolution searched the whole document for each alias).
    const laughs = billionLaughs("    ");
    writeFileSync(ignore, `- rule: star-resource\n  reason: r\n  x:\n${laughs.join("\n")}\n`);
    const bomb = loadIgnoreFile(ignore).diagnostics;
    assert.deepEqual(
      bomb.map((d) => [d.code, d.line]),
      [["suppressions-yaml-syntax", 10]],
    );
    assert.match(bomb[0]?.message ?? "", /aliases expand to more than 2,000,000 nodes at alias \*l5/);
    // 200,000 aliases of one entry: each a suppression, at its own line (resolving each alias by
    // searching the document took minutes).
    writeFileSync(
      ignore,
      `- &s { rule: star-resource, reason: &r public }\n- { rule: data-exfiltration, reason: *r }\n${"- *s\n".repeat(200_000)}`,
    );
    const t0 = performance.now();
    const many = loadIgnoreFile(ignore);
    const ms = performance.now() - t0;
    assert.deepEqual(many.diagnostics, []);
    assert.equal(many.suppressions.length, 200_002);
    assert.deepEqual(
      [many.suppressions[1], many.suppressions[200_001]].map((x) => [x?.rule, x?.reason, x?.source?.line]),
      [
        ["data-exfiltration", "public", 2],
        ["star-resource", "public", 200_002],
      ],
    );
    assert.ok(ms < 30_000, `${ms} ms`); // a bound against hangs only
    // Nesting: located where it goes deeper than 256 levels (the parser's recursion overflowed).
    writeFileSync(ignore, `- rule: star-resource\n  reason: ${"[".repeat(100_000)}\n`);
    assert.deepEqual(
      loadIgnoreFile(ignore).diagnostics.map((d) => [d.code, d.line, d.column, d.message]),
      [["suppressions-yaml-syntax", 2, 265, "invalid YAML: nesting deeper than 256 levels"]],
    );
  });
});
