/**
 * `ai-iam init`: the scaffold it writes (every template filled in, dotfiles named as they should be),
 * that `plan`, `test` and `check` pass on it in every identity mode, that it never overwrites
 * without --force and changes nothing when run again, that bad answers write nothing, the prompts,
 * and that the CI workflow and package.json it writes call real commands.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { after, describe, test } from "node:test";
import { parse } from "yaml";
import { runInit } from "../../src/cli/commands/init.js";
import { ask, initQuestions, organizationFromDir } from "../../src/cli/init/questions.js";
import { buildProgram, main } from "../../src/cli/main.js";
import * as patterns from "../../src/input/team-spec/patterns.js";
import { renderScaffold } from "../../src/scaffold/index.js";
import { captureOutput } from "../helpers/capture-output.js";
import { findInvocations, invocationProblems } from "../helpers/cli-invocations.js";
import { unpinnedUses } from "../helpers/composite-action.js";
import { ANSWERS, CONTEXT, REPO_ROOT } from "../helpers/scaffold-repo.js";

const program = await buildProgram();
const tmp = mkdtempSync(join(tmpdir(), "ai-iam-init-"));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(tmp, `d${n++}`);

async function run(argv: string[]) {
  try {
    const { result: code, stdout, stderr } = await captureOutput(() => main(argv));
    return { code, stdout, stderr };
  } finally {
    process.exitCode = undefined;
  }
}

/** Every file under `dir`, relative, sorted. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile()).sort();
}

const FILES = [
  ".github/workflows/ai-iam.yml",
  ".gitignore",
  "Pulumi.yaml",
  "iam/org.yaml",
  "iam/research.yaml",
  "index.ts",
  "package.json",
  "policies/.ai-iam-ignore.yaml",
  "policies/datasets-bucket.json",
];

describe("the scaffold's files", () => {
  const files = renderScaffold(ANSWERS, CONTEXT);

  test("are the organization, a team named by the answer, tests, Pulumi program, ignore file and CI workflow", () => {
    assert.deepEqual(
      files.map((f) => f.path),
      FILES,
    );
    const team = renderScaffold({ ...ANSWERS, team: "vision" }, CONTEXT).map((f) => f.path);
    assert.ok(team.includes("iam/vision.yaml") && !team.includes("iam/research.yaml"));
  });

  test("fill in every answer and leave no placeholder", () => {
    const all = files.map((f) => f.text).join("\n");
    assert.ok(!/\{\{|\}\}/.test(all.replace(/\$\{\{[^}]*\}\}/g, "")), "no {{placeholder}} left");
    const org = files.find((f) => f.path === "iam/org.yaml")?.text ?? "";
    assert.match(org, /^organization: acme /m);
    assert.match(org, /^account: "111122223333"/m);
    assert.match(org, /^region: eu-west-1/m);
    assert.match(org, /^identity: iam-users/m);
    assert.match(org, /https:\/\/docs\.example\/ai-iam\/spec\.md/);
    const pkg = JSON.parse(files.find((f) => f.path === "package.json")?.text ?? "") as {
      devDependencies: Record<string, string>;
    };
    assert.deepEqual(pkg.devDependencies, {
      "@pulumi/aws": "7.47.0",
      "@pulumi/pulumi": "3.248.0",
      "ai-iam": "^0.1.0",
      tsx: "4.23.15",
      // The scaffold's workflow gates on diff --fail-on-new-access, which proves with Z3.
      "z3-solver": "~5.2.0",
    });
    assert.match(files.find((f) => f.path === "index.ts")?.text ?? "", /from "ai-iam\/pulumi"/);
  });

  test("the identity mode's note: trust for iam-roles, the instance for identity-center", () => {
    const org = (identity: typeof ANSWERS.identity) =>
      renderScaffold({ ...ANSWERS, identity }, CONTEXT).find((f) => f.path === "iam/org.yaml")?.text ?? "";
    assert.match(org("iam-roles"), /# trust: \{ samlProvider: arn:aws:iam::111122223333:saml-provider\//);
    assert.match(org("identity-center"), /# identityCenter: \{ instanceArn:/);
    assert.doesNotMatch(org("iam-users"), /trust:|identityCenter:/);
  });

  test("the spec names the JSON Schema for editors when the package ships one, else no $schema line", () => {
    const withSchema = renderScaffold(ANSWERS, {
      ...CONTEXT,
      schemaRef: "../node_modules/ai-iam/schema/spec.schema.json",
    });
    for (const f of withSchema.filter((x) => x.path.startsWith("iam/"))) {
      assert.ok(
        f.text.startsWith("# yaml-language-server: $schema=../node_modules/ai-iam/schema/spec.schema.json\n"),
        f.path,
      );
    }
    for (const f of files.filter((x) => x.path.startsWith("iam/"))) assert.ok(!f.text.includes("$schema"), f.path);
  });

  test("the CI workflow checks with SARIF upload, tests, diffs against the base with --fail-on-new-access and posts it", () => {
    const text = files.find((f) => f.path === ".github/workflows/ai-iam.yml")?.text ?? "";
    const wf = parse(text) as {
      on: Record<string, unknown>;
      jobs: Record<string, { permissions: Record<string, string>; steps: Array<{ uses?: string; run?: string }> }>;
    };
    assert.ok("pull_request" in wf.on);
    const job = Object.values(wf.jobs)[0];
    assert.equal(job?.permissions["security-events"], "write");
    assert.equal(job?.permissions["pull-requests"], "write");
    assert.deepEqual(unpinnedUses(text), []);
    const steps = job?.steps ?? [];
    assert.ok(steps.some((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@")));
    const scripts = steps.map((s) => s.run ?? "").join("\n");
    const invocations = findInvocations(scripts);
    assert.deepEqual(invocations.map((i) => i.command).sort(), ["check", "diff", "test"]);
    assert.deepEqual(invocationProblems(program, invocations), []);
    const diff = invocations.find((i) => i.command === "diff");
    assert.ok(diff?.flags.some((f) => f.flag === "--fail-on-new-access"));
    assert.ok(diff?.flags.some((f) => f.flag === "--base"));
    // It posts with the script the package ships.
    const comment = /bash (node_modules\/ai-iam\/(\S+))/.exec(scripts);
    assert.ok(comment?.[2] && existsSync(join(REPO_ROOT, comment[2])), "the comment script is in the package");
  });

  test("package.json's scripts call real commands", () => {
    const pkg = JSON.parse(files.find((f) => f.path === "package.json")?.text ?? "") as {
      scripts: Record<string, string>;
    };
    const invocations = findInvocations(Object.values(pkg.scripts).join("\n"));
    assert.equal(invocations.length, Object.keys(pkg.scripts).length);
    assert.deepEqual(invocationProblems(program, invocations), []);
  });
});

describe("ai-iam init", () => {
  for (const [identity, persona] of [
    ["iam-users", "data-scientist"],
    ["iam-roles", "ml-engineer"],
    ["identity-center", "analyst"],
  ] as const) {
    test(`${identity} (${persona}): plan, test and check --fail-on security pass on the scaffold`, async () => {
      const dir = fresh();
      const init = await run(["init", dir, "--identity", identity, "--persona", persona, "--organization", "acme"]);
      assert.equal(init.code, 0, init.stderr);
      assert.deepEqual(tree(dir), FILES);
      for (const f of FILES) assert.match(init.stdout, new RegExp(`create {2}${f.replace(/\./g, "\\.")}\\n`));
      const plan = await run(["plan", join(dir, "iam")]);
      assert.equal(plan.code, 0, plan.stderr);
      assert.match(plan.stdout, /Planning acme from/);
      const tests = await run(["test", join(dir, "iam")]);
      assert.equal(tests.code, 0, tests.stdout);
      assert.match(tests.stdout, /3 tests: 3 passed, 0 failed/);
      const check = await run(["check", join(dir, "iam"), join(dir, "policies"), "--fail-on", "security"]);
      assert.equal(check.code, 0, check.stdout + check.stderr);
    });
  }

  test("again with the same answers: nothing changes, exit 0", async () => {
    const dir = fresh();
    assert.equal((await run(["init", dir])).code, 0);
    const before = tree(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]);
    const again = await run(["init", dir]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Nothing to write: the scaffold is in place\./);
    assert.match(again.stdout, /same {4}iam\/org\.yaml/);
    assert.deepEqual(
      tree(dir).map((f) => [f, statSync(join(dir, f)).mtimeMs]),
      before,
    );
  });

  test("an edited file stops it (exit 2, nothing written, not even missing files) unless --force", async () => {
    const dir = fresh();
    assert.equal((await run(["init", dir])).code, 0);
    writeFileSync(join(dir, "iam/org.yaml"), "# mine\n");
    rmSync(join(dir, "index.ts"));
    const r = await run(["init", dir]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /iam\/org\.yaml exists with other content/);
    assert.match(r.stderr, /--force/);
    assert.equal(readFileSync(join(dir, "iam/org.yaml"), "utf8"), "# mine\n");
    assert.equal(existsSync(join(dir, "index.ts")), false, "all or nothing");
    const forced = await run(["init", dir, "--force"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(join(dir, "iam/org.yaml"), "utf8"), /^organization: /m);
    assert.ok(existsSync(join(dir, "index.ts")));
  });

  test("package.json, .gitignore and README.md of the repository are kept, even with --force", async () => {
    const dir = fresh();
    const mine = `${JSON.stringify({ name: "mine", private: true })}\n`;
    assert.equal((await run(["init", dir, "--quiet"])).code, 0);
    writeFileSync(join(dir, "package.json"), mine);
    writeFileSync(join(dir, ".gitignore"), "dist/\n");
    const r = await run(["init", dir, "--force"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /kept {4}package\.json \(yours; not replaced\)/);
    assert.equal(readFileSync(join(dir, "package.json"), "utf8"), mine);
    assert.equal(readFileSync(join(dir, ".gitignore"), "utf8"), "dist/\n");
  });

  test("invalid answers: every one reported, exit 2, nothing written", async () => {
    const dir = fresh();
    const r = await run([
      "init",
      dir,
      "--account",
      "1234",
      "--organization",
      "Acme Corp",
      "--persona",
      "data-scientst",
    ]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /--account "1234": expected a 12-digit AWS account id/);
    assert.match(r.stderr, /--organization "Acme Corp": expected a name/);
    assert.match(r.stderr, /--persona "data-scientst": expected analyst, data-scientist, ml-engineer or mlops/);
    assert.equal(existsSync(dir), false);
    const mode = await run(["init", dir, "--identity", "sso"]);
    assert.equal(mode.code, 2);
    assert.match(mode.stderr, /iam-users/);
  });

  test("--quiet prints nothing; the organization defaults to the folder's name", async () => {
    const dir = join(tmp, "My_Team.Repo");
    const r = await run(["init", dir, "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout + r.stderr, "");
    assert.match(readFileSync(join(dir, "iam/org.yaml"), "utf8"), /^organization: my-team-repo /m);
  });
});

describe("the prompts", () => {
  const questions = initQuestions({
    name: patterns.NAME,
    member: patterns.MEMBER,
    account: patterns.ACCOUNT,
    region: patterns.REGION,
    personas: ["analyst", "data-scientist"],
  });

  function terminal(lines: string[]) {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = "";
    output.on("data", (d) => {
      shown += String(d);
    });
    input.end(lines.map((l) => `${l}\n`).join(""));
    return { io: { input, output }, shown: () => shown };
  }

  test("ask what no flag answered; an empty answer takes the default; an invalid one is asked again", async () => {
    const t = terminal(["", "42", "210987654321", "sso", "iam-roles", "vision", "", "analyst"]);
    const answers = await ask(questions, { region: "eu-north-1" }, join(tmp, "Big Co"), t.io);
    assert.deepEqual(answers, {
      organization: "big-co",
      account: "210987654321",
      region: "eu-north-1",
      identity: "iam-roles",
      team: "vision",
      member: "alice",
      persona: "analyst",
    });
    const shown = t.shown();
    assert.match(shown, /Organization \(prefixes every AWS name\) \[big-co\]: /);
    assert.match(shown, / {2}"42": expected a 12-digit AWS account id/);
    assert.match(shown, /How people sign in \(iam-users, iam-roles, identity-center\) \[iam-users\]: /);
    assert.doesNotMatch(shown, /Region/, "answered by a flag");
  });

  test("the input ending before the last answer writes nothing (exit 2)", async () => {
    const dir = fresh();
    const t = terminal(["acme"]);
    const code = await runInit(dir, {}, { ...t.io, interactive: true });
    assert.equal(code, 2);
    assert.equal(existsSync(dir), false);
  });

  test("on a terminal, init asks and writes what was answered; --no-input never asks", async () => {
    const dir = fresh();
    const t = terminal(["acme", "", "", "identity-center", "nlp", "carol", "analyst"]);
    const { result: code } = await captureOutput(() => runInit(dir, {}, { ...t.io, interactive: true }));
    assert.equal(code, 0);
    assert.ok(existsSync(join(dir, "iam/nlp.yaml")));
    assert.match(readFileSync(join(dir, "iam/nlp.yaml"), "utf8"), /^ {6}carol: analyst$/m);
    const quiet = fresh();
    const t2 = terminal([]);
    const { result: code2 } = await captureOutput(() =>
      runInit(quiet, { input: false }, { ...t2.io, interactive: true }),
    );
    assert.equal(code2, 0);
    assert.equal(t2.shown(), "");
  });

  test("organizationFromDir makes a valid name of any folder", () => {
    assert.equal(organizationFromDir("/x/Acme AI"), "acme-ai");
    assert.equal(organizationFromDir("/x/2024-models"), "models");
    assert.equal(organizationFromDir("/x/___"), "my-ai-org");
    for (const d of ["/x/Acme AI", "/x/2024-models", "/x/___", `/x/${"a".repeat(80)}`]) {
      assert.match(organizationFromDir(d), patterns.NAME.re);
    }
  });
});
