/**
 * The GitHub Action (action.yml) against a hostile pull request and a hurried workflow author: what
 * ai-iam prints about the pull request's files never runs as a workflow command, and the job fails
 * closed — on a crash of ai-iam, a misspelt command or boolean input — instead of passing.
 * GitHub Docs, "Workflow commands for GitHub Actions": "Stopping and starting workflow commands"
 * (stop-commands with a unique token, to log anything without running a workflow command).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, describe, test } from "node:test";
import { parse } from "yaml";
import {
  type ActionDefinition,
  PASSING_VERDICT,
  runCompositeAction,
  runStepScript,
} from "../helpers/composite-action.js";
import { installFakeGh } from "../helpers/fake-gh.js";
import { commitOnBranch, installCliShim, REPO_ROOT, scaffoldRepo } from "../helpers/scaffold-repo.js";

const action = parse(readFileSync(join(REPO_ROOT, "action.yml"), "utf8")) as ActionDefinition;
const tmp = mkdtempSync(join(tmpdir(), "ai-iam-action-hostile-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("the verdict fails closed", () => {
  const decide = (env: Record<string, string>) => runStepScript(action, "Verdict", { ...PASSING_VERDICT, ...env });

  test("an exit code that is no verdict (a signal, out of memory, a missing program) fails the job", () => {
    for (const code of ["134", "137", "127", "3", "255"]) {
      for (const step of ["CHECK", "TEST", "DIFF"]) {
        const r = decide({ [step]: code });
        assert.equal(r.status, 1, `${step}=${code}: ${r.stdout}`);
        assert.match(r.stdout, new RegExp(`::error title=ai-iam ${step.toLowerCase()}::.*exit code ${code}`));
      }
    }
    assert.equal(decide({}).status, 0);
  });

  test("a misspelt or empty commands input fails the job instead of running nothing", () => {
    for (const commands of ["chek", "check,tset", "", " , "]) {
      const r = decide({ COMMANDS: commands, CHECK: "", TEST: "", DIFF: "" });
      assert.equal(r.status, 1, `commands "${commands}": ${r.stdout}`);
      assert.match(r.stdout, /::error title=ai-iam::commands/);
    }
    // Comma-, space- and line-separated lists are all lists.
    for (const commands of ["check test", "check,\ntest\n", "diff"])
      assert.equal(decide({ COMMANDS: commands }).status, 0);
  });

  test("a boolean input that is not true or false fails the job (a gate must not turn off silently)", () => {
    for (const [name, value] of [
      ["FAIL_ON_NEW_ACCESS", "True"],
      ["FAIL_ON_NEW_ACCESS", "yes"],
      ["UPLOAD_SARIF", "on"],
      ["COMMENT", ""],
    ] as const) {
      const r = decide({ [name]: value });
      assert.equal(r.status, 1, `${name}=${value}`);
      assert.match(r.stdout, /must be true or false/);
    }
  });
});

describe("a pull request whose files quote workflow commands", () => {
  const repo = join(tmp, "repo");
  scaffoldRepo(repo);
  // A test resource with line feeds: the loader's error quotes it, on a line of its own.
  const team = join(repo, "iam", "research.yaml");
  const forged = "::error title=ai-iam::forged";
  const text = readFileSync(team, "utf8");
  assert.match(text, /\n {4}resource: /);
  writeFileSync(team, text.replace(/\n( {4}resource: )"?([^"\n]*)"?\n/, `\n$1"$2\\n${forged}\\n::add-mask::alice"\n`));
  commitOnBranch(repo, "hostile", "hostile");
  installCliShim(repo);
  const run = runCompositeAction(action, {
    inputs: { comment: "false", "upload-sarif": "false" },
    github: { action_path: REPO_ROOT, base_ref: "main", token: "t", event: {} },
    cwd: repo,
    env: { NO_COLOR: "1" },
  });

  test("every step running ai-iam stops workflow commands first, with an unguessable token, until it ends", () => {
    for (const id of ["check", "test", "diff"]) {
      const step = run.steps.find((s) => s.id === id);
      assert.equal(step?.outputs["exit-code"], "2", `${id}: the spec is invalid`);
      // Two defences: the CLI prints a line feed of the input visibly (README, "Output"), so the
      // forged command is on no line of its own; and the action stops commands besides.
      const printed = `${step?.stdout}${step?.stderr}`;
      assert.match(printed, /forged/, `${id}: the resource is quoted`);
      assert.ok(!printed.split("\n").includes(forged), `${id}: a line of the input became a line of the log`);
      const lines = (step?.stdout ?? "").trimEnd().split("\n");
      const token = /^::stop-commands::([0-9a-f]{32})$/.exec(lines[0] ?? "")?.[1];
      assert.ok(token, `${id}: the first line stops commands: ${lines[0]}`);
      assert.equal(lines.at(-1), `::${token}::`, `${id}: commands resume only at the end`);
      const between = [...lines.slice(1, -1), ...(step?.stderr ?? "").split("\n")];
      assert.ok(!between.some((l) => l.includes(token)), `${id}: the token is printed only to stop and resume`);
    }
    assert.equal(run.failed?.name, "Verdict");
  });
});

test("check is given every policy path of a multi-line `policies` input (a YAML block), not the first line's", () => {
  const dir = mkdtempSync(join(tmp, "check-"));
  const fake = join(dir, "ai-iam");
  writeFileSync(fake, `#!/usr/bin/env bash\nprintf '%s\\n' "$@" >> "${join(dir, "args")}"\n`, { mode: 0o755 });
  for (const f of ["output", "summary"]) writeFileSync(join(dir, f), "");
  const r = runStepScript(action, "check", {
    AI_IAM: fake,
    COMMANDS: "check",
    SPEC: "iam",
    POLICIES: "policies/a.json policies/b.json\npolicies/c.json\n",
    FAIL_ON: "security",
    RUNNER_TEMP: dir,
    GITHUB_OUTPUT: join(dir, "output"),
    GITHUB_STEP_SUMMARY: join(dir, "summary"),
  });
  assert.equal(r.status, 0, r.stderr);
  const first = readFileSync(join(dir, "args"), "utf8").split("\n").slice(0, 5);
  assert.deepEqual(first, ["check", "iam", "policies/a.json", "policies/b.json", "policies/c.json"]);
});

test("a comment by someone else that starts with the marker is not the one edited (ours would keep the last run's diff)", (t) => {
  const jq = spawnSync("jq", ["--version"]);
  if (jq.error) return t.skip("needs jq to run the comment script's --jq as gh does");
  const marker = "<!-- ai-iam-diff -->";
  for (const login of [undefined, "ci-user"]) {
    const dir = mkdtempSync(join(tmp, "gh-"));
    const ours = login ? { login, type: "User" } : { login: "github-actions[bot]", type: "Bot" };
    const comments = [
      { id: 1000, issue: "7", body: `${marker}\nNo change in access.\n`, user: ours },
      { id: 1001, issue: "7", body: `${marker}\nNo change in access.\n`, user: { login: "mallory", type: "User" } },
    ];
    writeFileSync(join(dir, "gh-state.json"), JSON.stringify({ comments, calls: [] }));
    const gh = installFakeGh(dir, login ? { login } : {});
    const md = join(dir, "diff.md");
    writeFileSync(md, "| principal | added |\n| --- | --- |\n| research/bob | iam:* |\n");
    const r = spawnSync("bash", [join(REPO_ROOT, "action", "comment.sh"), md, "ai-iam-diff"], {
      env: { PATH: `${gh.bin}:${process.env.PATH}`, GITHUB_REPOSITORY: "acme/iam", PR_NUMBER: "7" },
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    const after = gh.state().comments;
    assert.match(after.find((c) => c.id === 1000)?.body ?? "", /iam:\*/, `${login ?? "GITHUB_TOKEN"}: ours is updated`);
    assert.equal(after.find((c) => c.id === 1001)?.body, comments[1]?.body, "theirs is left alone");
    assert.equal(after.length, 2);
  }
});

test("an ai-iam committed to the repository (node_modules/.bin) is never run: the job fails instead", () => {
  const repo = join(tmp, "committed-bin");
  scaffoldRepo(repo);
  const bin = join(repo, "node_modules", ".bin", "ai-iam");
  mkdirSync(dirname(bin), { recursive: true });
  // What a pull request could commit: a "checker" that finds nothing and passes.
  writeFileSync(bin, '#!/bin/sh\necho "ai-iam 9.9.9"\nexit 0\n', { mode: 0o755 });
  spawnSync("git", ["add", "-f", "node_modules/.bin/ai-iam"], { cwd: repo });
  commitOnBranch(repo, "pwn", "a checker that passes");
  const run = runCompositeAction(action, {
    inputs: { comment: "false", "upload-sarif": "false" },
    github: { action_path: REPO_ROOT, base_ref: "main", token: "t", event: {} },
    cwd: repo,
    env: {},
  });
  assert.equal(run.failed?.id, "install", run.failed?.stdout);
  assert.match(run.failed?.stdout ?? "", /::error title=ai-iam::node_modules is committed/);
});
