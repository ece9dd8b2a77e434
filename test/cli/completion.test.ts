/**
 * `ai-iam completion bash|zsh|fish`: each script names every command and every option of the
 * program as registered (so a new command or flag cannot be missed), and the scripts work in their
 * shells: bash and fish complete real command lines here; zsh loads the script under compinit.
 * zsh and fish come from Debian (`.ci/run` installs them).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { completionModel, completionScript, SHELLS } from "../../src/cli/completion.js";
import { buildProgram, main } from "../../src/cli/main.js";
import { captureOutput } from "../helpers/capture-output.js";

const program = await buildProgram();
const tmp = mkdtempSync(join(tmpdir(), "ai-iam-completion-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const script = (shell: (typeof SHELLS)[number]) => {
  const file = join(tmp, `ai-iam.${shell}`);
  writeFileSync(file, completionScript(program, shell));
  return file;
};

function sh(cmd: string, args: string[]) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, HOME: tmp, XDG_CONFIG_HOME: tmp } });
  if (r.error) throw r.error;
  return r;
}

/** What bash completes for `line` (the cursor at its end). */
function bashComplete(line: string): string[] {
  const words = line.split(" ");
  const code = [
    `source ${JSON.stringify(script("bash"))}`,
    `COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(" ")})`,
    `COMP_CWORD=${words.length - 1}`,
    "_ai_iam",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's own expansion
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join("\n");
  const r = sh("bash", ["--norc", "-c", code]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split("\n").filter(Boolean);
}

/** What fish completes for `line`. */
function fishComplete(line: string): string[] {
  const r = sh("fish", ["--no-config", "-c", `source ${script("fish")}; complete -C ${JSON.stringify(line)}`]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split("\t")[0] ?? "");
}

const model = completionModel(program);
const commandNames = program.commands.map((c) => c.name());

describe("the completion scripts name everything the program has", () => {
  test("the model is the program's: every command, and every option of each", () => {
    assert.deepEqual(model.commands.map((c) => c.name).sort(), [...commandNames].sort());
    assert.ok(commandNames.includes("completion") && commandNames.includes("init"));
    for (const c of program.commands) {
      const m = model.commands.find((x) => x.name === c.name());
      for (const o of c.options)
        assert.ok(
          m?.options.some((x) => x.long === o.long),
          `${c.name()} ${o.long}`,
        );
      assert.ok(
        m?.options.some((x) => x.long === "--help"),
        `${c.name()} --help`,
      );
    }
    assert.ok(model.options.some((o) => o.long === "--version" && o.short === "-V"));
  });

  for (const shell of SHELLS) {
    test(`${shell}: every command, option and choice appears in the script`, () => {
      const text = completionScript(program, shell);
      for (const c of model.commands) {
        assert.ok(text.includes(c.name), `${shell}: ${c.name}`);
        for (const o of c.options) {
          const long = o.long ?? "";
          const spelled = shell === "fish" ? `-l ${long.slice(2)}` : long;
          assert.ok(text.includes(spelled), `${shell}: ${c.name} ${long}`);
          if (o.values.kind === "choices")
            for (const v of o.values.choices) assert.ok(text.includes(v), `${shell}: ${long} ${v}`);
        }
      }
    });
  }

  test("a new command and option appear without any other change", async () => {
    const extended = await buildProgram();
    extended.command("brand-new").option("--shiny-flag <level>", "a new option").description("a new command");
    for (const shell of SHELLS) {
      const text = completionScript(extended, shell);
      assert.ok(text.includes("brand-new") && text.includes("shiny-flag"), shell);
    }
  });
});

describe("bash", () => {
  test("completes commands, a command's options, an option's choices, and files for paths", () => {
    assert.deepEqual(bashComplete("ai-iam pl"), ["plan"]);
    assert.ok(bashComplete("ai-iam ").includes("who-can"));
    const checkFlags = bashComplete("ai-iam check --f");
    assert.deepEqual(checkFlags.sort(), ["--fail-on", "--format"]);
    assert.deepEqual(bashComplete("ai-iam check --format s"), ["sarif"]);
    assert.deepEqual(bashComplete("ai-iam diff --fail-on n").sort(), ["never", "new-access"]);
    assert.deepEqual(bashComplete("ai-iam completion f"), ["fish"]);
    assert.deepEqual(bashComplete("ai-iam --no-c"), ["--no-color"]);
    const files = bashComplete(`ai-iam plan ${join(tmp, "ai-iam.b")}`);
    assert.deepEqual(files, [join(tmp, "ai-iam.bash")]);
  });
});

describe("fish", () => {
  test("the script parses, and completes commands, options and choices", () => {
    const r = sh("fish", ["--no-config", "-n", script("fish")]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(fishComplete("ai-iam pl").includes("plan"));
    assert.deepEqual(fishComplete("ai-iam check --format ").sort(), ["json", "markdown", "sarif", "text"]);
    assert.ok(fishComplete("ai-iam report --").includes("--fail-on"));
    assert.ok(!fishComplete("ai-iam report --").includes("--policy-type"), "only the command's own options");
  });
});

describe("zsh", () => {
  test("the script parses and loads under compinit", () => {
    const file = script("zsh");
    const parsed = sh("zsh", ["-n", file]);
    assert.equal(parsed.status, 0, parsed.stderr);
    const loaded = sh("zsh", [
      "-f",
      "-c",
      `autoload -U compinit && compinit -u && source ${file} && print -r -- $_comps[ai-iam]`,
    ]);
    assert.equal(loaded.status, 0, loaded.stderr);
    assert.equal(loaded.stdout.trim(), "_ai_iam");
  });
});

test("ai-iam completion <shell> prints the script; an unknown shell is a usage error", async () => {
  const ok = await captureOutput(() => main(["completion", "zsh"]));
  assert.equal(ok.result, 0);
  assert.equal(ok.stdout, completionScript(program, "zsh"));
  const bad = await captureOutput(() => main(["completion", "powershell"]));
  assert.equal(bad.result, 2);
  assert.match(bad.stderr, /bash, zsh, fish/);
  process.exitCode = undefined;
});
