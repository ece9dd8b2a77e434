/**
 * The report's sections that show what reviewers need: the risk headline, findings grouped by
 * rule, suppressions, the dataset view and provenance; and the data behind them — who may read or
 * change each dataset (checked against the engine, request by request) and git provenance.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { datasetAccess } from "../../src/analysis/review/dataset-access.js";
import { compileSpec } from "../../src/compile/index.js";
import { simulate } from "../../src/engine/index.js";
import { loadSpec } from "../../src/input/team-spec/index.js";
import { policySetForPrincipal, requestFor } from "../../src/model/policy-set.js";
import { blameLine, generatedAt, gitCommit } from "../../src/report/git-provenance.js";
import { datasetsSection, GRID_CELLS } from "../../src/report/html/datasets.js";
import { findingsSection, groupByRule } from "../../src/report/html/findings.js";
import { attention } from "../../src/report/html/headline.js";
import { renderHtmlReport } from "../../src/report/html/report.js";
import type { ReportData, ReportDataset, ReportFinding } from "../../src/report/html/types.js";

const tmp = mkdtempSync(join(tmpdir(), "ai-iam-report-sections-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

function base(): ReportData {
  return {
    title: "acme",
    source: { kind: "spec", path: "iam" },
    account: "123456789012",
    generator: "ai-iam test",
    principals: [],
    matrix: { capabilities: [], rows: [] } as unknown as ReportData["matrix"],
    permissions: [],
    findings: [],
    policies: [],
    tests: [],
  };
}

const star = (policy: string): ReportFinding => ({
  rule: "star-resource",
  severity: "warning",
  message: '"Resource": "*" on cloudwatch:PutMetricData',
  policy,
});

describe("findings grouped by rule", () => {
  const findings: ReportFinding[] = [
    star("p1"),
    star("p2"),
    star("p3"),
    { rule: "star-resource", severity: "warning", message: "another message", policy: "p1" },
    { rule: "no-mfa-guardrail", severity: "security", message: "alice can act without MFA", principal: "t/alice" },
    { rule: "a-suggestion", severity: "suggestion", message: "m" },
  ];

  test("most severe rule first, then most findings", () => {
    assert.deepEqual(
      groupByRule(findings).map((g) => [g.rule, g.severity, g.findings.length]),
      [
        ["no-mfa-guardrail", "security", 1],
        ["star-resource", "warning", 4],
        ["a-suggestion", "suggestion", 1],
      ],
    );
  });

  test("a message repeated word for word is one row with every place; counts in the rule's header", () => {
    const html = findingsSection(findings, "https://docs.example");
    const star = /<details class="rule-group" data-rule="star-resource"[\s\S]*?<\/details>/.exec(html)?.[0] ?? "";
    assert.match(star, /4 findings, 2 distinct messages/);
    assert.equal((star.match(/<tr class="finding"/g) ?? []).length, 2);
    assert.match(star, /data-count="3"/);
    assert.match(star, /×3/);
    assert.equal((star.match(/class="policy-link"/g) ?? []).length, 4, "every place linked");
    assert.match(html, /href="https:\/\/docs\.example\/checks\.md#no-mfa-guardrail"/);
  });
});

describe("the headline", () => {
  test("failed tests, then error and security findings by rule, then classified datasets, full policies, suppressions", () => {
    const data: ReportData = {
      ...base(),
      tests: [
        {
          principal: "t/a",
          action: "s3:GetObject",
          resource: "arn:aws:s3:::b/k",
          expect: "deny",
          passed: false,
          decision: "Allowed",
        },
      ],
      findings: [{ rule: "no-mfa-guardrail", severity: "security", message: "alice <b>", principal: "t/alice" }],
      datasets: [
        {
          name: "tickets",
          bucket: "b",
          prefix: "t/",
          classification: "confidential",
          access: [
            { principal: "t/alice", read: "Allowed" },
            { principal: "t/bob", read: "Conditional", write: "Conditional" },
          ],
        },
        {
          name: "public-data",
          bucket: "b",
          prefix: "p/",
          classification: "public",
          access: [{ principal: "t/alice", read: "Allowed" }],
        },
      ],
      policies: [
        {
          id: "t/boundary",
          name: "b",
          kind: "boundary",
          size: 6000,
          quota: 6144,
          attachedTo: [],
          document: { Version: "2012-10-17", Statement: [] },
        },
        {
          id: "t/p-1",
          name: "p",
          kind: "managed",
          size: 6100,
          quota: 6144,
          attachedTo: [],
          document: { Version: "2012-10-17", Statement: [] },
        },
      ],
      suppressed: [{ rule: "r", severity: "security", message: "m", reason: "why" }],
    };
    const items = attention(data);
    assert.deepEqual(
      items.map((i) => [i.level, i.href]),
      [
        ["bad", "#tests"],
        ["bad", "#findings"],
        ["warn", "#datasets"],
        ["warn", "#policies"],
        ["warn", "#suppressed"],
      ],
    );
    assert.match(
      items[0]?.text ?? "",
      /1 access test fails: <code>t\/a<\/code> s3:GetObject expected deny, got Allowed/,
    );
    assert.match(items[1]?.text ?? "", /alice &lt;b&gt;/, "escaped");
    assert.match(
      items[2]?.text ?? "",
      /2 principals may read it \(1 outright, the others only under conditions\), 1 principal may change it/,
    );
    assert.match(items[3]?.text ?? "", /^1 policy at 95% or more/, "the packed managed policy is not counted");
    assert.match(items[4]?.text ?? "", /1 finding suppressed, 1 of them error or security/);
  });

  test("nothing serious: an all-clear headline, which says when there are no tests", () => {
    assert.deepEqual(
      attention(base()).map((i) => i.level),
      ["ok"],
    );
    assert.match(attention(base())[0]?.text ?? "", /The spec has no access tests/);
  });
});

describe("the dataset view", () => {
  test("classifications, read/write marks, conditional access marked and escaped names", () => {
    const html = datasetsSection([
      {
        name: "<x>",
        bucket: "b",
        prefix: "x/",
        classification: "restricted",
        access: [
          { principal: "t/a", read: "Allowed", write: "Conditional" },
          { principal: "t/b", read: "Conditional" },
        ],
      },
      { name: "open", bucket: "b", prefix: "o/", access: [{ principal: "t/a", read: "Allowed", write: "Allowed" }] },
    ]);
    assert.ok(!html.includes("<x>") && html.includes("&lt;x&gt;"));
    assert.match(html, /<span class="chip sensitive">restricted<\/span>/);
    assert.match(html, /<span class="chip muted"[^>]*>unclassified<\/span>/);
    assert.match(
      html,
      /<td class="ds some-cond"[^>]*data-read="Allowed" data-write="Conditional"[^>]*>RW<sup>\?<\/sup>/,
    );
    assert.match(html, /<td class="ds cond"[^>]*>R<sup>\?<\/sup>/);
    assert.match(html, /<td class="ds allow"[^>]*>RW<\/td>/);
    assert.match(html, /title="t\/b on &lt;x&gt;: reads only under conditions"/);
  });

  test("datasets no principal may read or change are listed by name under the table, not as columns", () => {
    const html = datasetsSection([
      { name: "used", bucket: "b", prefix: "u/", access: [{ principal: "t/a", read: "Allowed" }] },
      { name: "idle-1", bucket: "b", prefix: "i/", access: [] },
      { name: "idle-<2>", bucket: "b", prefix: "j/", access: [{ principal: "t/b" }] },
    ]);
    assert.deepEqual(
      [...html.matchAll(/<th data-dataset="([^"]*)"/g)].map((m) => m[1]),
      ["used"],
    );
    assert.deepEqual(
      [...html.matchAll(/<tr data-principal-row="([^"]*)"/g)].map((m) => m[1]),
      ["t/a"],
      "a principal with no access to any dataset has no row",
    );
    assert.match(
      html,
      /<p class="unreached" data-count="2">2 datasets no principal may read or change: <code data-dataset="idle-1">idle-1<\/code>, <code data-dataset="idle-&lt;2&gt;">idle-&lt;2&gt;<\/code><\/p>/,
    );
    const none = datasetsSection([{ name: "idle", bucket: "b", prefix: "i/", access: [] }]);
    assert.match(none, /No principal may read or change any dataset/);
    assert.ok(!none.includes("<table"));
  });
});

describe("the dataset view of a large organization", () => {
  test("beyond GRID_CELLS principal × dataset cells, one row per dataset names who may read and change it", () => {
    // 101 principals read d0; d1 … d99 are each read by one of them; d100 and d101 by nobody.
    const principals = Array.from({ length: 101 }, (_, i) => `t${i}/p`);
    const datasets: ReportDataset[] = Array.from({ length: 102 }, (_, i) => ({
      name: `d${i}`,
      bucket: "b",
      prefix: `d${i}/`,
      ...(i === 0 ? { classification: "confidential" } : {}),
      access:
        i === 0
          ? principals.map((principal) => ({ principal, read: "Allowed" as const }))
          : i < 100
            ? [{ principal: `t${i}/p`, read: "Allowed" as const }]
            : [],
    }));
    datasets[1]!.access = [
      { principal: "t1/p", read: "Conditional", write: "Allowed" },
      { principal: "<t2>", read: "Allowed" },
    ];
    assert.ok(principals.length * 100 > GRID_CELLS);
    const grid = datasetsSection(datasets.slice(0, 90));
    assert.match(grid, /<table class="datasets">/, "fewer cells: the table");
    const html = datasetsSection(datasets);
    assert.ok(!html.includes('<table class="datasets">') && !html.includes("data-principal-row"));
    assert.equal((html.match(/<tr data-dataset=/g) ?? []).length, 100, "the datasets someone reaches");
    assert.match(
      html,
      /<tr data-dataset="d0" data-classification="confidential"><td><b>d0<\/b> <span class="chip sensitive">/,
    );
    const d1 = /<tr data-dataset="d1"[\s\S]*?<\/tr>/.exec(html)?.[0] ?? "";
    assert.match(
      d1,
      /<td>2 principals: <a class="cond-access" href="#principal-t1\/p" title="only under conditions">t1\/p<sup>\?<\/sup><\/a>, <a href="#principal-_3ct2_3e">&lt;t2&gt;<\/a><\/td><td>1 principal: <a href="#principal-t1\/p">t1\/p<\/a><\/td>/,
    );
    assert.match(html, /<p class="unreached" data-count="2">/);
    assert.ok(html.length < grid.length / 10, `${html.length} characters, ${grid.length} as a table`);
  });
});

describe("who may read or change each dataset", () => {
  const spec = loadSpec("examples/ai-platform").spec!;
  const model = compileSpec(spec, { source: "examples/ai-platform" }).model!;
  const access = datasetAccess(model, spec.datasets);

  test("agrees with the engine, request by request, for every principal and dataset", () => {
    assert.deepEqual(
      access.map((d) => d.name),
      Object.keys(spec.datasets).sort(),
    );
    for (const d of access) {
      const object = `arn:aws:s3:::${d.bucket}/${d.prefix}some/object.bin`;
      for (const p of model.principals) {
        const decide = (action: string) =>
          simulate(
            policySetForPrincipal(model, p.id, { action, resource: object }),
            requestFor(model, p.id, action, object),
          ).decision;
        const a = d.access.find((x) => x.principal === p.id);
        const reads = decide("s3:GetObject") === "Allowed";
        const writes = decide("s3:PutObject") === "Allowed" || decide("s3:DeleteObject") === "Allowed";
        // Outright access is decided Allowed for a normal session; conditional access may or may not be.
        if (reads) assert.ok(a?.read, `${p.id} reads ${d.name}`);
        if (a?.read === "Allowed") assert.ok(reads, `${p.id} reads ${d.name} outright`);
        if (writes) assert.ok(a?.write, `${p.id} writes ${d.name}`);
        if (a?.write === "Allowed") assert.ok(writes, `${p.id} writes ${d.name} outright`);
      }
    }
  });

  test("the confidential dataset is readable by the nlp team only, and changed by nobody", () => {
    const tickets = access.find((d) => d.name === "support-tickets");
    assert.equal(tickets?.classification, "confidential");
    assert.deepEqual(
      tickets?.access.map((a) => [a.principal, a.read, a.write]),
      [
        ["nlp/carol", "Allowed", undefined],
        ["nlp/dan", "Allowed", undefined],
        ["nlp/execution-role", "Allowed", undefined],
      ],
    );
  });
});

describe("provenance", () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", args, {
      cwd,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "Dana Reviewer",
        GIT_AUTHOR_EMAIL: "d@example.com",
        GIT_COMMITTER_NAME: "C",
        GIT_COMMITTER_EMAIL: "c@example.com",
        GIT_AUTHOR_DATE: "2026-03-04T05:06:07Z",
      },
    });

  test("the commit, uncommitted changes, and who wrote a line; nothing outside a repository", () => {
    const repo = join(tmp, "repo");
    execFileSync("mkdir", ["-p", repo]);
    git(repo, "init", "-q");
    writeFileSync(join(repo, "org.yaml"), "a: 1\nb: 2\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "x");
    const head = git(repo, "rev-parse", "--short=12", "HEAD").trim();
    assert.deepEqual(gitCommit(join(repo, "org.yaml")), { commit: head, dirty: false });
    assert.deepEqual(blameLine(join(repo, "org.yaml"), 2), { author: "Dana Reviewer", authoredAt: "2026-03-04" });
    writeFileSync(join(repo, "org.yaml"), "a: 1\nb: 2\nc: 3\n");
    assert.deepEqual(gitCommit(repo), { commit: head, dirty: true });
    assert.equal(blameLine(join(repo, "org.yaml"), 3), undefined, "an uncommitted line has no author");
    const outside = mkdtempSync(join(tmpdir(), "ai-iam-no-git-"));
    writeFileSync(join(outside, "x.yaml"), "a: 1\n");
    assert.equal(gitCommit(join(outside, "x.yaml")), undefined);
    assert.equal(blameLine(join(outside, "x.yaml"), 1), undefined);
    rmSync(outside, { recursive: true, force: true });
  });

  test("SOURCE_DATE_EPOCH fixes the date; the header and footer show it with the commit", () => {
    assert.equal(generatedAt({ SOURCE_DATE_EPOCH: "1767225600" }), "2026-01-01T00:00:00Z");
    assert.match(generatedAt({}, new Date("2026-05-06T07:08:09.123Z")), /^2026-05-06T07:08:09Z$/);
    const html = renderHtmlReport({
      ...base(),
      provenance: { generatedAt: "2026-01-01T00:00:00Z", commit: "abc123def456", dirty: true },
    });
    assert.match(
      html,
      /<span>generated 2026-01-01 00:00 UTC<\/span><span>commit abc123def456 \(with uncommitted changes\)<\/span>/,
    );
    assert.match(html, /<footer>Generated offline by ai-iam from iam on 2026-01-01 00:00 UTC, commit abc123def456/);
    // Without datasets or suppressions in the data, their sections and links are left out.
    assert.ok(!html.includes('id="datasets"') && !html.includes('href="#suppressed"'));
  });
});
