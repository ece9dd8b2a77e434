import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AccessDiff, AccessMatrix } from "../../src/analysis/review/types.js";
import { createProgress, renderBar } from "../../src/cli/progress.js";
import { diffSummary, renderDiffMarkdown, renderDiffText } from "../../src/report/diff.js";
import { anchor, renderHtmlReport, renderMatrixHtml } from "../../src/report/html/report.js";
import type { ReportData } from "../../src/report/html/types.js";
import { cellText, consolidate, renderMatrixCsv } from "../../src/report/review-text.js";
import { refs, reportValue } from "./report-values.js";

const diff: AccessDiff = {
  newAccess: true,
  principals: [
    {
      id: "vision/alice",
      status: "changed",
      added: [
        { action: "s3:GetObject", resource: "arn:aws:s3:::d/support/*" },
        { action: "s3:GetObjectVersion", resource: "arn:aws:s3:::d/support/*" },
        {
          action: "s3:ListBucket",
          resource: "arn:aws:s3:::d",
          conditions: [{ StringLike: { "s3:prefix": ["support/*", "a|b"] } }],
        },
      ],
      removed: [],
    },
    { id: "vision/old", status: "removed", added: [], removed: [{ action: "s3:GetObject", resource: "*" }] },
  ],
};

describe("diff renderers", () => {
  test("text groups actions by resource and states the summary first", () => {
    assert.equal(diffSummary(diff), "1 principal changed, 1 principal removed: 3 grants added, 1 grant removed.");
    assert.equal(
      renderDiffText(diff),
      [
        "New access. 1 principal changed, 1 principal removed: 3 grants added, 1 grant removed.",
        "",
        "vision/alice (changed: +3 -0)",
        "  + arn:aws:s3:::d",
        "      s3:ListBucket",
        "      when StringLike s3:prefix = [support/*, a|b]",
        "  + arn:aws:s3:::d/support/*",
        "      s3:GetObject, s3:GetObjectVersion",
        "",
        "vision/old (removed: +0 -1)",
        "  - *",
        "      s3:GetObject",
        "",
      ].join("\n"),
    );
  });

  test("markdown: a summary and a table, details collapsed, table cells escaped", () => {
    const md = renderDiffMarkdown(diff);
    const [head] = md.split("<details>");
    assert.match(head, /⚠️ \*\*New access\*\* for 1 principal\./);
    assert.match(head, /\| `vision\/alice` \| changed \| 3 \| 0 \|/);
    assert.equal((md.match(/<details>/g) ?? []).length, 2);
    assert.ok(md.includes("`StringLike s3:prefix = [support/*, a\\|b]`"), "a pipe inside a cell is escaped");
    assert.equal(
      renderDiffMarkdown({ newAccess: false, principals: [] }),
      "### ai-iam: effective access\n\n✅ No change in effective access.\n",
    );
  });

  test("consolidate keeps conditions apart", () => {
    assert.deepEqual(
      consolidate(diff.principals[0].added).map((g) => [g.resource, g.actions.length, Boolean(g.conditions)]),
      [
        ["arn:aws:s3:::d", 1, true],
        ["arn:aws:s3:::d/support/*", 2, false],
      ],
    );
  });
});

const matrix: AccessMatrix = {
  capabilities: [
    {
      id: "activity:training",
      kind: "activity",
      label: "training",
      activity: "training",
      services: ["sagemaker", "iam"],
    },
    { id: "service:s3:Read", kind: "service", label: "s3 Read", service: "s3", accessLevel: "Read" },
  ],
  rows: [
    {
      principal: 'a/<img src=x onerror="alert(1)">',
      kind: "user",
      team: "a",
      persona: "x,y",
      cells: [
        { status: "Conditional", allowed: 0, conditional: 3, total: 5 },
        { status: "Allowed", allowed: 2, conditional: 1, total: 66 },
      ],
    },
  ],
};

describe("matrix and HTML renderers", () => {
  test("cells and CSV", () => {
    assert.deepEqual(matrix.rows[0].cells.map(cellText), ["~3", "2+1"]);
    assert.equal(
      renderMatrixCsv(matrix),
      'principal,kind,team,persona,activity:training,service:s3:Read\n"a/<img src=x onerror=""alert(1)"">",user,a,"x,y",Conditional 3/5,Allowed 3/66 (1 conditional)\n',
    );
  });

  test("a matrix row the same as an earlier one names it instead of repeating its cells", () => {
    const row = (principal: string, allowed: number) => ({
      ...matrix.rows[0]!,
      principal,
      cells: [matrix.rows[0]!.cells[0]!, { ...matrix.rows[0]!.cells[1]!, allowed }],
    });
    const html = renderMatrixHtml(
      "t",
      { ...matrix, rows: [row("a/x", 2), row("a/y", 3), row("b/x", 2), row("b/y", 3)] },
      [],
    );
    const rows = [
      ...html.matchAll(/<tr data-principal="([^"]+)"[^>]*><th class="who"( data-same="\d+")?[\s\S]*?<\/tr>/g),
    ];
    assert.deepEqual(
      rows.map((m) => [m[1], m[2] ?? "", (m[0].match(/<td/g) ?? []).length]),
      [
        ["a/x", "", 2],
        ["a/y", "", 2],
        ["b/x", ' data-same="0"', 0],
        ["b/y", ' data-same="1"', 0],
      ],
    );
  });

  test("the HTML report escapes every text and links findings to policies", () => {
    const evil = 'a/<img src=x onerror="alert(1)">';
    const data: ReportData = {
      title: "<b>org</b>",
      source: { kind: "spec", path: "x" },
      account: "123456789012",
      generator: "ai-iam",
      principals: [
        { id: evil, kind: "user", name: "n", arn: "arn:aws:iam::123456789012:user/n", team: "a", policies: ["p 1"] },
      ],
      matrix,
      permissions: [
        {
          principal: evil,
          kind: "user",
          arn: "arn:aws:iam::123456789012:user/n",
          context: {},
          actionCount: 1,
          services: ["s3"],
          groups: [
            {
              service: "s3",
              accessLevel: "Read",
              lines: [
                {
                  actions: ["GetObject"],
                  resources: ["arn:aws:s3:::b/*"],
                  status: "Allowed",
                  except: [
                    {
                      resource: "arn:aws:s3:::b/secret/*",
                      statements: [{ layer: "identity", policy: "p", statementIndex: 1, effect: "Deny" }],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
      findings: [
        {
          rule: "r",
          severity: "error",
          message: "<script>alert(1)</script>",
          policy: "p 1",
          file: "f.yaml",
          line: 3,
          column: 5,
        },
        { rule: "s", severity: "suggestion", message: "m", policy: "p 1" },
      ],
      policies: [
        { id: "p 1", name: "p", kind: "managed", size: 5000, quota: 6144, attachedTo: [], document: { Statement: [] } },
      ],
      tests: [],
    };
    const html = renderHtmlReport(data);
    assert.ok(!html.includes("<img src=x"));
    assert.ok(!html.includes("<script>alert"));
    assert.ok(html.includes("&lt;b&gt;org&lt;/b&gt;"));
    assert.equal(anchor("policy", "p 1"), "policy-p_201");
    assert.ok(html.includes('href="#policy-p_201"') && html.includes('id="policy-p_201"'));
    assert.ok(html.includes("f.yaml:3:5"));
    assert.match(html, /5,000 of 6,144 characters \(81%\)/);
    assert.ok(html.includes("1 error/security, 0 warnings, 1 suggestion"), "every finding counted in the summary");
    // The effective permissions are shared values the script renders when the principal is opened.
    const [perm] = refs(html, "perm");
    assert.deepEqual(reportValue(html, perm!), [
      [
        "s3",
        "Read",
        [["GetObject", ["arn:aws:s3:::b/*"], [["arn:aws:s3:::b/secret/*", "denied by identity p #1"]], "", "Allowed"]],
      ],
    ]);
    assert.deepEqual(reportValue(html, refs(html, "doc")[0]!), { Statement: [] });
    assert.equal((html.match(/<script>/g) ?? []).length, 1, "only the report's own script");
    assert.match(html, /<noscript>.*effective permissions and policy documents are filled in by this page's script/);
  });
});

describe("progress bar", () => {
  test("draws a bar with a percentage, and nothing at all off a terminal", () => {
    assert.equal(renderBar("matrix", 25, 100, 8), "matrix [##------]  25% 25/100");
    assert.equal(renderBar("diff", 0, 0, 4), "diff [####] 100% 0/0");
    const written: string[] = [];
    const stream = {
      isTTY: false,
      columns: 80,
      write: (s: string) => written.push(s),
    } as unknown as NodeJS.WriteStream;
    const p = createProgress("matrix", { stream, delayMs: 0 });
    p.update(1, 2);
    p.finish();
    assert.equal(written.length, 0);
    const tty = { isTTY: true, columns: 80, write: (s: string) => written.push(s) } as unknown as NodeJS.WriteStream;
    const q = createProgress("matrix", { stream: tty, delayMs: 0 });
    q.update(1, 2);
    q.finish();
    assert.equal(written.length, 2);
    assert.match(written[0], /^\rmatrix \[#+-+\] {2}50% 1\/2$/);
    const quiet = createProgress("matrix", { stream: tty, delayMs: 0, quiet: true });
    quiet.update(1, 2);
    assert.equal(written.length, 2);
  });
});
