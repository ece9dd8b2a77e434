/**
 * What ai-iam writes and prints, attacked through input a pull request controls (red team, issue
 * 14, round 2): names that become file paths, folders and manifests committed into an output
 * folder, and strings that reach a terminal, a CI log or a pull-request comment.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { runChecks } from "../../src/analysis/checks/runner.js";
import { writeFilesAtomically } from "../../src/cli/options.js";
import { printable } from "../../src/cli/output.js";
import { folderPathsProblem } from "../../src/cli/write-folder.js";
import { renderDiffMarkdown } from "../../src/report/diff.js";
import { renderFindingsMarkdown } from "../../src/report/findings-markdown.js";
import { esc } from "../../src/report/html/html.js";
import { mdCode, mdHtml, mdText } from "../../src/report/markdown.js";
import { renderMatrixCsv } from "../../src/report/review-text.js";
import { runCli, tempDir } from "./helpers.js";

/** An account export with one role whose inline policy has the given name (IAM forbids `/`; a file can hold anything). */
function account(policyName: string, roleName = "x"): string {
  return JSON.stringify({
    UserDetailList: [],
    GroupDetailList: [],
    Policies: [],
    RoleDetailList: [
      {
        Path: "/",
        RoleName: roleName,
        RoleId: "AROAAAAAAAAAAAAAAAAAA",
        Arn: `arn:aws:iam::123456789012:role/${roleName}`,
        CreateDate: "2020-01-01T00:00:00Z",
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
        RolePolicyList: [
          {
            PolicyName: policyName,
            PolicyDocument: {
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
            },
          },
        ],
        AttachedManagedPolicies: [],
        Tags: [],
      },
    ],
  });
}

describe("plan --out: names that become paths", () => {
  test("a policy name with ../ does not write outside the output folder (exit 2, nothing written)", async () => {
    // Refused where it is read (IAM names are [\w+=,.@-]+); the folder writer refuses such a path
    // too (below), whatever a model built in code holds.
    const dir = tempDir({ "account.json": account("../../../../../escaped") });
    const r = await runCli(["plan", "--account-file", join(dir, "account.json"), "--out", join(dir, "out/policies")]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /"PolicyName" "..\/..\/..\/..\/..\/escaped" is no IAM name/);
    assert.equal(r.stdout, "");
    assert.deepEqual(readdirSync(dir).sort(), ["account.json"], "nothing written, no staging folder left");
  });

  test("paths that are one file: exactly, or on a file system that ignores case", () => {
    assert.equal(folderPathsProblem(["vision/a.json", "nlp/a.json"]), undefined);
    assert.match(folderPathsProblem(["T0/a.json", "t0/a.json"]) ?? "", /ignores case/);
    assert.match(folderPathsProblem(["a.json", "a.json"]) ?? "", /written twice/);
    assert.match(folderPathsProblem(["role/x./trust.json", "role/x/trust.json"]) ?? "", /one file/);
    assert.match(folderPathsProblem(["r/\u00e9.json", "r/e\u0301.json"]) ?? "", /one file/);
    assert.match(folderPathsProblem(["role/./trust.json"]) ?? "", /segment "\."/);
    assert.match(folderPathsProblem(["/etc/x.json"]) ?? "", /not a relative path/);
    assert.match(folderPathsProblem(["a\\..\\..\\x.json"]) ?? "", /backslash|\\/);
    const dir = tempDir();
    const error = writeFilesAtomically(join(dir, "out"), [
      { path: "T0/a.json", text: "1" },
      { path: "t0/a.json", text: "2" },
    ]);
    assert.match(error ?? "", /ignores case/);
    assert.deepEqual(readdirSync(dir), [], "nothing written");
  });

  test("a committed manifest naming a file through a committed symlink removes nothing outside", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "victim"));
    writeFileSync(join(dir, "victim/keep.json"), "keep");
    mkdirSync(join(dir, "out"));
    symlinkSync(join(dir, "victim"), join(dir, "out/sub"));
    writeFileSync(
      join(dir, "out/.ai-iam-manifest.json"),
      JSON.stringify({ generatedBy: "ai-iam", files: ["sub/keep.json"] }),
    );
    const r = await runCli(["plan", "examples/ai-platform", "--out", join(dir, "out"), "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(join(dir, "victim/keep.json"), "utf8"), "keep");
    assert.ok(existsSync(join(dir, "out/vision")));
  });

  test("a committed manifest removes only files of the kinds plan writes, never a README kept beside them", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "out"));
    for (const f of ["README.md", "notes.txt", "old.json"]) writeFileSync(join(dir, "out", f), "mine");
    writeFileSync(
      join(dir, "out/.ai-iam-manifest.json"),
      JSON.stringify({ generatedBy: "ai-iam", files: ["README.md", "notes.txt", "old.json"] }),
    );
    const r = await runCli(["plan", "examples/ai-platform", "--out", join(dir, "out"), "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(dir, "out/README.md")), "README.md kept");
    assert.ok(existsSync(join(dir, "out/notes.txt")), "notes.txt kept");
    // A stale policy of an earlier run (a .json the manifest lists) is still removed, as documented.
    assert.ok(!existsSync(join(dir, "out/old.json")), "old.json removed");
  });
});

describe("terminal output: control characters a pull request chose are shown, never acted on", () => {
  const file = "p\u001b[2K\u001b]8;;evil.example\u0007x\r\u202e.json";
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "iam:*", Resource: "arn:aws:s3:::b/\u009b2K\u0085x" }],
  });

  test("printable: C0/C1 controls, DEL and bidi controls as \\uXXXX; tab, newline and ai-iam's own colours kept", () => {
    assert.equal(printable("a\tb\nc"), "a\tb\nc");
    assert.equal(printable("x\u001b[2K\ry"), "x\\u001b[2K\\u000dy");
    assert.equal(printable("\u202eevil\u2066\u009b\u007f"), "\\u202eevil\\u2066\\u009b\\u007f");
    assert.equal(printable("\u001b[31mred\u001b[39m", true), "\u001b[31mred\u001b[39m");
    assert.equal(printable("\u001b[8mhidden\u001b[2J", true), "\\u001b[8mhidden\\u001b[2J");
    assert.equal(printable("\u001b[31mred\u001b[39m"), "\\u001b[31mred\\u001b[39m");
    const json = JSON.stringify({ s: "a\u2028b\u202ec\u0085" });
    assert.deepEqual(JSON.parse(printable(json)), { s: "a\u2028b\u202ec\u0085" }, "JSON keeps its meaning");
  });

  test("check: a file name with line breaks prints no line of its own (a forged summary)", async () => {
    const forged = "0 findings (0 errors, 0 security, 0 warnings, 0 suggestions), 0 suppressed; 1 document checked";
    const dir = tempDir({ [`x\n\n${forged}\r\na.json`]: policy });
    const r = await runCli(["check", dir]);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(!r.stdout.split("\n").includes(forged), r.stdout);
    assert.match(r.stdout, /x\\n\\n0 findings .*\\r\\na\.json:1:\d+ {2}security/);
    const bad = tempDir({ [`y\n${forged}\n.json`]: "{" });
    const d = await runCli(["check", bad]);
    assert.equal(d.code, 2);
    assert.equal(d.stderr.split("\n").filter(Boolean).length, 2, d.stderr);
  });

  test("can: a team tag of an account export with line breaks stays on the principal's line", async () => {
    const doc = JSON.parse(account("inline"));
    doc.RoleDetailList[0].Tags = [{ Key: "team", Value: "a\n\n0 findings\r" }];
    const dir = tempDir({ "account.json": JSON.stringify(doc) });
    const r = await runCli(["can", "--account-file", join(dir, "account.json"), "--principal", "role/x"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.split("\n")[0], "role/x (role, team a\\n\\n0 findings)");
  });

  test("plan: an imported policy name with a line break prints no forged policy line", async () => {
    // Refused where it is read (IAM names hold no line break), and quoted on one line.
    const dir = tempDir({ "account.json": account("inl\n    role/fake  inline-role  1 / 10,240  0%  ok") });
    const r = await runCli(["plan", "--account-file", join(dir, "account.json")]);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(![...r.stdout.split("\n"), ...r.stderr.split("\n")].some((l) => l.startsWith("    role/fake")), r.stderr);
    assert.match(r.stderr, /"inl\\n {4}role\/fake/);
  });

  test("simulate --explain: a policy name with a line break is one reason, not two", async () => {
    // A policy set names its policies freely (an import refuses such a name).
    const set = {
      identityPolicies: [
        {
          name: "inl\n  - Allowed by everything",
          document: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", Action: "s3:GetObject", Resource: "*" }],
          },
        },
      ],
    };
    const dir = tempDir({ "set.json": JSON.stringify(set) });
    const r = await runCli([
      "simulate",
      "--policy-set",
      join(dir, "set.json"),
      "--principal",
      "arn:aws:iam::123456789012:role/x",
      "--action",
      "s3:GetObject",
      "--resource",
      "arn:aws:s3:::b/k",
      "--explain",
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.split("\n").filter(Boolean), [
      "ExplicitlyDenied",
      "  - denied by identity policy inl\\n  - Allowed by everything, statement 0",
    ]);
  });

  test("check: a file name and a resource with escape sequences, in text, JSON, SARIF and diagnostics", async () => {
    const dir = tempDir({ [file]: policy });
    const bad = tempDir({ "bad\u001b[1A\u001b[2K.json": "{" });
    for (const [format, at, code] of [
      ["text", dir, 1],
      ["json", dir, 1],
      ["sarif", dir, 1],
      ["markdown", dir, 1],
      ["text", bad, 2],
    ] as const) {
      const r = await runCli(["check", at, "--format", format]);
      assert.equal(r.code, code, r.stderr);
      for (const [name, out] of [
        ["stdout", r.stdout],
        ["stderr", r.stderr],
      ]) {
        assert.doesNotMatch(
          out,
          // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must not be printed
          /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
          `${format} ${name}`,
        );
      }
      if (format === "json" || format === "sarif") JSON.parse(r.stdout);
    }
  });
});

test("commander's own errors (unknown option, unknown command) print the command line's control characters visibly", async () => {
  for (const args of [["check", "--bogus\u001b[2Kx"], ["nosuch\u001b]8;;x"]]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, r.stderr);
    assert.ok(!r.stderr.includes("\u001b"), JSON.stringify(r.stderr));
    assert.match(r.stderr, /\\u001b/);
  }
});

/** The rows of a GFM table: lines that start with `|`. */
const rows = (md: string) => md.split("\n").filter((l) => l.startsWith("|"));

describe("markdown for pull-request comments: a name cannot end its cell, its row or its code span", () => {
  test("mdCode: backticks, pipes and every line ending (CommonMark reads a lone \\r as one)", () => {
    assert.equal(mdCode("p.json"), "`p.json`");
    assert.equal(mdCode("a`b"), "``a`b``");
    assert.equal(mdCode("`x``"), "``` `x`` ```");
    assert.equal(mdCode("a|b\rc\nd\r\ne\u2028f"), "`a\\|b c d e f`");
    assert.equal(mdText("x\r| ✅ | 0 findings |"), "x \\| ✅ \\| 0 findings \\|");
    assert.equal(mdHtml('<img src=x onerror="a">\n\nb'), "&lt;img src=x onerror=&quot;a&quot;&gt;  b");
    // A bidi override would show a reviewer reordered text: visible instead, in code and in text.
    assert.equal(mdCode("a\u202eb\u0007"), "`a\\u202eb\\u0007`");
    assert.equal(mdText("a\u2066b"), "a\\\\u2066b");
  });

  test("check --format markdown: a file name with a backtick, a pipe and a line break forges no row", () => {
    const file = "x`| ✅ | ok | [`a`](https://evil.example) |\r| 🔐 |.json";
    const md = renderFindingsMarkdown(
      {
        findings: [
          { rule: "redundant-action", severity: "suggestion", message: "m\rforged", file, line: 1, column: 2 },
          {
            rule: "redundant-action",
            severity: "suggestion",
            message: "n",
            principal: "team/`a|b`",
            suppressed: { reason: "ok\r\n| fake | row |" },
          },
        ],
        summary: { ...runChecks({}, { rules: [] }).summary, total: 2, suggestion: 2, suppressed: 1 },
        rules: [],
      },
      { inputWarnings: [{ code: "spec-x", severity: "warning", message: "w", file, line: 3, column: 1 }] as never },
    );
    // One header, one separator and one row per finding or warning: 3 tables, 2 + 1 + 2 + 1 + 2 + 1 rows.
    assert.equal(rows(md).length, 9, md);
    assert.ok(
      md.includes("| ``x`\\| ✅ \\| ok \\| [`a`](https://evil.example) \\| \\| 🔐 \\|.json:1:2`` | m forged |"),
      md,
    );
    assert.ok(md.includes("| principal `` team/`a\\|b` `` | ok \\| fake \\| row \\| |"), md);
  });

  test("diff --format markdown: a resource and a condition value with line breaks and backticks stay in their cell", () => {
    const md = renderDiffMarkdown({
      newAccess: true,
      principals: [
        {
          id: "team/a\n\n<img src=x>",
          status: "changed",
          added: [
            {
              action: "s3:GetObject",
              resource: "arn:aws:s3:::b/`x`\n| ➖ | `arn:aws:s3:::b/*` | `s3:*` | |",
              conditions: [{ StringEquals: { "aws:PrincipalTag/x": ["v\r| forged |"] } }],
            },
          ],
          removed: [],
        },
      ],
    } as never);
    const table = md.slice(md.indexOf("| | resource"));
    assert.equal(rows(table).length, 3, md);
    assert.ok(md.includes("<summary><code>team/a  &lt;img src=x&gt;</code>"), md);
    assert.doesNotMatch(md, /\r/);
  });
});

describe("the HTML report: names an account export chose stay text", () => {
  const X = '</script><script>window.PWNED=1</script><!--<img/src=x/onerror="window.PWNED=2">"\'`';

  test("esc: entities, and bidirectional controls written visibly (a reviewer reads what is there)", () => {
    assert.equal(esc(`a\u202eb\u2066c<"'&`), "a\\u202eb\\u2066c&lt;&quot;&#39;&amp;");
    assert.equal(esc("vision/alice"), "vision/alice");
  });

  test("report --out: every <script> is the report's own; the shared values cannot end theirs", async () => {
    // Names are IAM's ([\w+=,.@-]+, checked on import); tag values, resources and condition values are free text.
    const doc = JSON.parse(account("p"));
    doc.RoleDetailList[0].Tags = [{ Key: "team", Value: `t${X} \u202e` }];
    doc.RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement[0].Resource = `arn:aws:s3:::b/${X}`;
    doc.RoleDetailList[0].RolePolicyList[0].PolicyDocument.Statement[0].Condition = {
      StringEquals: { "aws:PrincipalTag/x": [`${X} <svg onload="window.PWNED=3">`] },
    };
    const dir = tempDir({ "account.json": JSON.stringify(doc) });
    const out = join(dir, "r.html");
    const r = await runCli(["report", "--account-file", join(dir, "account.json"), "--out", out]);
    assert.equal(r.code === 0 || r.code === 1, true, r.stderr);
    const html = readFileSync(out, "utf8");
    assert.equal(html.match(/<script/gi)?.length, 2, "the values table and the page's script");
    assert.doesNotMatch(html, /<(img|svg)\b/i);
    assert.doesNotMatch(html, /<!--/);
    assert.doesNotMatch(html, /\u202e/);
    // The CSP allows the page's own script by its hash, and nothing inline besides.
    const csp = /script-src ([^;"]*)/.exec(html)?.[1] ?? "";
    const own = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    assert.equal(csp, `'sha256-${createHash("sha256").update(own).digest("base64")}'`);
    const values = html.slice(
      html.indexOf('id="report-values">') + 19,
      html.indexOf("</script>", html.indexOf('id="report-values">')),
    );
    assert.ok(JSON.parse(values).some((v: unknown) => typeof v === "string" && v.includes("</script><script>")));
  });
});

describe("matrix --format csv: a name a spreadsheet would run", () => {
  test("a field starting with = + - @ is text, and a carriage return is quoted", () => {
    const csv = renderMatrixCsv({
      capabilities: [],
      rows: [
        { principal: 'user/=HYPERLINK("https://evil.example")', kind: "user", team: "+1", persona: "a\rb", cells: [] },
        { principal: "vision/alice", kind: "user", team: "vision", cells: [] },
      ],
    } as never);
    assert.deepEqual(csv.split("\n"), [
      "principal,kind,team,persona",
      `"user/=HYPERLINK(""https://evil.example"")",user,'+1,"a\rb"`,
      "vision/alice,user,vision,",
      "",
    ]);
    assert.ok(
      renderMatrixCsv({ capabilities: [], rows: [{ principal: "=1+2", kind: "user", cells: [] }] } as never).includes(
        "\n'=1+2,user",
      ),
    );
  });
});
