/**
 * The GitHub Action (action.yml): statically, that it pins what it uses, references only inputs
 * and step outputs that exist and runs only real `ai-iam` commands and flags; and end to end, its
 * bash steps run here as a runner would (test/helpers/composite-action.ts) on a scaffolded
 * repository with a pull request that adds a member, with a fake `gh` for the comment.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { parse } from "yaml";
import { buildProgram } from "../../src/cli/main.js";
import { findInvocations, invocationProblems } from "../helpers/cli-invocations.js";
import {
  type ActionDefinition,
  evaluate,
  PASSING_VERDICT,
  runCompositeAction,
  runStepScript,
  unpinnedUses,
} from "../helpers/composite-action.js";
import { installFakeGh } from "../helpers/fake-gh.js";
import { commitOnBranch, installCliShim, REPO_ROOT, scaffoldRepo } from "../helpers/scaffold-repo.js";

const ACTION_FILE = join(REPO_ROOT, "action.yml");
const actionText = readFileSync(ACTION_FILE, "utf8");
const action = parse(actionText) as ActionDefinition & {
  outputs: Record<string, { value: string }>;
};
const program = await buildProgram();
const tmp = mkdtempSync(join(tmpdir(), "ai-iam-action-test-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("action.yml, statically", () => {
  test("is a composite action whose every `uses:` is pinned to a full commit SHA (version in a comment)", () => {
    assert.equal(action.runs.using, "composite");
    assert.ok(
      action.runs.steps.some((s) => s.uses?.startsWith("actions/setup-node@")),
      "sets up Node",
    );
    assert.deepEqual(unpinnedUses(actionText), []);
  });

  test("scripts take every expression value through env (none is spliced into a script)", () => {
    for (const s of action.runs.steps) if (s.run) assert.ok(!s.run.includes("$" + "{{"), `${s.name}: ${s.run}`);
  });

  test("every input, step and step output an expression names exists", () => {
    const ids = new Map<string, string>();
    for (const s of action.runs.steps) if (s.id) ids.set(s.id, s.run ?? "");
    const expressions = [...actionText.matchAll(/\$\{\{(.*?)\}\}/g)].map((m) => m[1] ?? "");
    assert.ok(expressions.length > 20, "the action uses expressions");
    for (const e of expressions) {
      for (const m of e.matchAll(/inputs\.([\w-]+)/g)) assert.ok(m[1] && m[1] in action.inputs, `input ${m[1]}`);
      for (const m of e.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        const script = ids.get(m[1] ?? "");
        assert.ok(script !== undefined, `step ${m[1]}`);
        assert.ok(script.includes(`${m[2]}=`), `step ${m[1]} writes output ${m[2]}`);
      }
    }
  });

  test("runs only real ai-iam commands with real flags and allowed values", () => {
    const scripts = action.runs.steps.map((s) => s.run ?? "").join("\n");
    const invocations = findInvocations(scripts);
    assert.deepEqual([...new Set(invocations.map((i) => i.command))].sort(), ["check", "diff", "test"]);
    assert.deepEqual(invocationProblems(program, invocations), []);
    // The checker itself catches a typo.
    const typo = findInvocations(`"$AI_IAM" check iam --fail-on secruity --formt sarif`);
    assert.equal(invocationProblems(program, typo).length, 2);
  });

  test("the expression subset this test runs with evaluates as GitHub does", () => {
    const scope = { inputs: { a: "true", b: "" }, steps: { s: { outputs: { f: "x" } } } };
    assert.equal(evaluate("inputs.a == 'true' && steps.s.outputs.f != ''", scope), "true");
    assert.equal(evaluate("inputs.b != '' && inputs.a == 'true'", scope), "false");
    assert.equal(evaluate("steps.missing.outputs.f", scope), "");
    assert.throws(() => evaluate("contains(inputs.a, 'x')", scope), /unsupported/);
  });
});

describe("action.yml, run on a pull request", () => {
  const repo = join(tmp, "repo");
  scaffoldRepo(repo);
  // The pull request: a second member who may write the team's data.
  const team = join(repo, "iam", "research.yaml");
  writeFileSync(
    team,
    readFileSync(team, "utf8").replace(/(\n {6}alice: data-scientist\n)/, "$1      bob: ml-engineer\n"),
  );
  commitOnBranch(repo, "add-bob", "add bob");
  installCliShim(repo);
  const gh = installFakeGh(tmp);
  const github = {
    action_path: REPO_ROOT,
    base_ref: "main",
    token: "a-token",
    event: { pull_request: { number: 7 } },
  };
  const run = runCompositeAction(action, {
    inputs: { policies: "policies", "fail-on-new-access": "true" },
    github,
    cwd: repo,
    env: { PATH: `${gh.bin}:${process.env.PATH}`, GITHUB_REPOSITORY: "acme/iam", NO_COLOR: "1" },
  });
  const step = (id: string) => run.steps.find((s) => s.id === id);

  test("uses the project's own ai-iam (node_modules/.bin)", () => {
    assert.equal(step("install")?.status, 0, step("install")?.stderr);
    assert.equal(step("install")?.outputs.bin, join(repo, "node_modules/.bin/ai-iam"));
    assert.match(step("install")?.stdout ?? "", /^ai-iam \d+\.\d+\.\d+/);
  });

  test("check writes SARIF for code scanning, which the upload step is given", () => {
    const check = step("check");
    assert.equal(check?.outputs["exit-code"], "0", check?.stderr);
    const sarif = JSON.parse(readFileSync(check?.outputs.sarif ?? "", "utf8")) as { version: string; runs: unknown[] };
    assert.equal(sarif.version, "2.1.0");
    assert.equal(sarif.runs.length, 1);
    const upload = run.steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"));
    assert.equal(upload?.skipped, false);
    assert.equal(upload?.with?.sarif_file, check?.outputs.sarif);
    assert.equal(upload?.with?.category, "ai-iam");
    assert.match(run.summary, /## ai-iam check/);
  });

  test("test runs the spec's access tests", () => {
    assert.equal(step("test")?.outputs["exit-code"], "0", step("test")?.stderr);
    assert.match(step("test")?.stdout ?? "", /3 tests: 3 passed, 0 failed/);
    assert.match(run.summary, /## ai-iam test/);
  });

  test("diff against the base branch finds bob's new access, in the summary and in one PR comment", () => {
    const diff = step("diff");
    assert.equal(diff?.outputs["exit-code"], "1", diff?.stderr);
    assert.equal(diff?.outputs["new-access"], "true");
    const markdown = readFileSync(diff?.outputs.file ?? "", "utf8");
    assert.match(markdown, /bob/);
    assert.match(run.summary, /## ai-iam diff against main/);
    const comments = gh.state().comments;
    assert.equal(comments.length, 1);
    assert.equal(comments[0]?.issue, "7");
    assert.ok(comments[0]?.body.startsWith("<!-- ai-iam-diff -->\n"), comments[0]?.body.slice(0, 80));
    assert.ok(comments[0]?.body.includes(markdown.trim()));
  });

  test("the verdict fails the job on new access (fail-on-new-access: true), after everything ran", () => {
    assert.equal(run.failed?.name, "Verdict");
    assert.match(run.failed?.stdout ?? "", /::error title=ai-iam diff::/);
    assert.equal(run.steps.at(-1)?.name, "Verdict");
  });

  test("commands: test runs only the tests; nothing is uploaded or posted", () => {
    const only = runCompositeAction(action, {
      inputs: { commands: "test" },
      github,
      cwd: repo,
      env: { PATH: `${gh.bin}:${process.env.PATH}`, GITHUB_REPOSITORY: "acme/iam" },
    });
    assert.equal(only.failed, undefined, only.failed?.stdout);
    const ran = only.steps.filter((s) => !s.skipped && !s.uses).map((s) => [s.id ?? s.name, s.outputs["exit-code"]]);
    assert.deepEqual(ran, [
      ["install", undefined],
      ["check", undefined],
      ["test", "0"],
      ["diff", undefined],
      ["Verdict", undefined],
    ]);
    assert.equal(only.steps.find((s) => s.uses?.includes("upload-sarif"))?.skipped, true);
    assert.equal(only.steps.find((s) => s.name === "Post the diff on the pull request")?.skipped, true);
  });
});

describe("the verdict step", () => {
  const decide = (env: Record<string, string>) =>
    runStepScript(action, "Verdict", { ...PASSING_VERDICT, CHECK: "", TEST: "", DIFF: "", ...env });

  test("passes when nothing failed, and on new access unless fail-on-new-access is true", () => {
    assert.equal(decide({ CHECK: "0", TEST: "0", DIFF: "0" }).status, 0);
    assert.equal(decide({ DIFF: "1" }).status, 0);
    assert.equal(decide({}).status, 0, "nothing ran");
  });

  test("fails on findings, failed tests, invalid input, or new access when asked", () => {
    const failing: Array<Record<string, string>> = [
      { CHECK: "1" },
      { CHECK: "2" },
      { TEST: "1" },
      { TEST: "2" },
      { DIFF: "2" },
      { DIFF: "1", FAIL_ON_NEW_ACCESS: "true" },
    ];
    for (const env of failing) {
      const r = decide(env);
      assert.equal(r.status, 1, JSON.stringify(env));
      assert.match(r.stdout, /::error title=ai-iam (check|test|diff)::/);
    }
  });
});

describe("action/comment.sh", () => {
  const script = join(REPO_ROOT, "action", "comment.sh");
  const md = join(tmp, "diff.md");
  writeFileSync(md, "| principal | added |\n| --- | --- |\n| research/bob | s3:PutObject |\n");
  const post = (binDir: string, env: Record<string, string> = {}) =>
    spawnSync("bash", [script, md, "ai-iam-diff"], {
      env: { PATH: `${binDir}:${process.env.PATH}`, GITHUB_REPOSITORY: "acme/iam", PR_NUMBER: "12", ...env },
      encoding: "utf8",
    });

  test("posts one comment, then edits it in place instead of adding another", () => {
    const dir = mkdtempSync(join(tmp, "gh-"));
    const gh = installFakeGh(dir);
    assert.equal(post(gh.bin).status, 0);
    writeFileSync(md, "no change in access\n");
    const second = post(gh.bin);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /updated comment 1000/);
    const { comments, calls } = gh.state();
    assert.equal(comments.length, 1);
    assert.equal(comments[0]?.body, "<!-- ai-iam-diff -->\nno change in access\n");
    assert.ok(calls.some((c) => c.includes("PATCH")));
  });

  test("without a pull request it does nothing; a token that may not comment is a warning", () => {
    const dir = mkdtempSync(join(tmp, "gh-"));
    const gh = installFakeGh(dir);
    const none = post(gh.bin, { PR_NUMBER: "" });
    assert.equal(none.status, 0);
    assert.deepEqual(gh.state().calls, []);
    const denied = installFakeGh(mkdtempSync(join(tmp, "gh-")), {
      failWith: "HTTP 403: Resource not accessible by integration",
    });
    const r = post(denied.bin);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /::warning title=ai-iam::could not read/);
  });

  test("a diff longer than GitHub allows is cut, saying where the rest is", () => {
    const dir = mkdtempSync(join(tmp, "gh-"));
    const gh = installFakeGh(dir);
    writeFileSync(md, `${"x".repeat(100)}\n`.repeat(1000));
    assert.equal(post(gh.bin, { GITHUB_RUN_ID: "42" }).status, 0);
    const body = gh.state().comments[0]?.body ?? "";
    assert.ok(body.length < 65536, String(body.length));
    assert.match(body, /cut at 60,000 characters; the whole diff is in the job summary of run 42/);
  });
});

test("the action is documented with a copy-paste workflow naming every input", () => {
  const doc = join(REPO_ROOT, "docs", "github-action.md");
  assert.ok(existsSync(doc), "docs/github-action.md");
  const text = readFileSync(doc, "utf8");
  for (const input of Object.keys(action.inputs)) assert.ok(text.includes(`\`${input}\``), `documents ${input}`);
  for (const output of Object.keys(action.outputs)) assert.ok(text.includes(`\`${output}\``), `documents ${output}`);
  const workflow = /```yaml\n([\s\S]*?)```/.exec(text)?.[1] ?? "";
  const parsed = parse(workflow) as { jobs: Record<string, { steps: Array<{ uses?: string }> }> };
  const steps = Object.values(parsed.jobs).flatMap((j) => j.steps);
  assert.ok(
    steps.some((s) => s.uses?.startsWith("actions/checkout@")),
    "checks out",
  );
  assert.ok(
    steps.some((s) => /^ai-iam\/ai-iam@/.test(s.uses ?? "")),
    "uses the action",
  );
  assert.deepEqual(
    unpinnedUses(workflow).filter((l) => !l.includes("ai-iam/ai-iam@")),
    [],
  );
});
