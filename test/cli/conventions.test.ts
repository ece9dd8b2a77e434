/**
 * The conventions every `ai-iam` command follows (README "Commands"), checked for each command
 * registered in src/cli/main.ts: a new command without an entry in `cases` fails the first test.
 * Commands run in-process through `main(argv)` with stdout and stderr captured.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import type { Command, Option } from "commander";
import { buildProgram, main } from "../../src/cli/main.js";
import { writeFilesAtomically, writeOutputAtomically } from "../../src/cli/options.js";
import { configureOutput, resetOutput, useColor } from "../../src/cli/output.js";
import { createProgress } from "../../src/cli/progress.js";
import { captureOutput } from "../helpers/capture-output.js";
import { authorizationDetailsText, generateAuthorizationDetails } from "../helpers/generate-account.js";
import { generateCloudTrail, writeCloudTrailDelivery } from "../helpers/generate-cloudtrail.js";

const SPEC = "examples/ai-platform";
const tmp = mkdtempSync(join(tmpdir(), "ai-iam-conventions-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A spec folder whose file has a YAML syntax error. */
const BAD = join(tmp, "bad-spec");
mkdirSync(BAD);
writeFileSync(join(BAD, "org.yaml"), "organization: acme\nteams: [vision\n  nlp: {\n");

interface Case {
  /** A valid run, printing its result in the default format. */
  args: string[];
  /** The same run on invalid input (exit 2). */
  invalid: string[];
  /**
   * How `--out` applies: the result instead of stdout, a folder of files, or an HTML report; `none`
   * for a command whose argument names what it writes (init).
   */
  out: "file" | "dir" | "report" | "none";
  /** What the invalid run says (default: a located spec error). */
  invalidMessage?: RegExp;
  /** The command without arguments is a valid run (init: the current folder), so it is not run here. */
  bareIsValid?: boolean;
  /** Whether the command has `--format`. */
  format: boolean;
  /** Runs longer than a second or two (start previews a Pulumi program): only a few checks. */
  slow?: boolean;
}

const bucket = "arn:aws:s3:::acme-ai-datasets/imagenet/a";

/** An exported account and CloudTrail logs for `import` and `usage` (generated: nothing is committed). */
const generatedAccount = generateAuthorizationDetails({ seed: 2, principals: 30, policies: 10 });
const ACCOUNT = join(tmp, "account.json");
writeFileSync(ACCOUNT, authorizationDetailsText(generatedAccount));
const BAD_ACCOUNT = join(tmp, "bad-account.json");
writeFileSync(BAD_ACCOUNT, '{"UserDetailList": [');
const TRAIL = join(tmp, "trail");
writeCloudTrailDelivery(TRAIL, generatedAccount.account, generateCloudTrail(generatedAccount, { records: 200 }), 100);
/** Results for `merge`: one unsharded prove result (no principals), and a file that is not JSON. */
const RESULT = join(tmp, "prove.json");
writeFileSync(RESULT, `${JSON.stringify({ fingerprint: "sha256:0", status: "proven", properties: [] })}\n`);
const BAD_RESULT = join(tmp, "bad-result.json");
writeFileSync(BAD_RESULT, '{"fingerprint": "sha256:0",\n  "properties": [}');
const cases: Record<string, Case> = {
  start: { args: ["start"], invalid: ["start", "--spec", BAD], out: "report", format: false, slow: true },
  explain: {
    args: ["explain", "s3:GetObject"],
    invalid: ["explain", "sagemkaer:CreateModel"],
    out: "file",
    format: true,
  },
  plan: { args: ["plan", SPEC], invalid: ["plan", BAD], out: "dir", format: true },
  test: { args: ["test", SPEC], invalid: ["test", BAD], out: "file", format: true },
  "who-can": {
    args: ["who-can", SPEC, "--action", "s3:GetObject", "--resource", bucket],
    invalid: ["who-can", BAD, "--action", "s3:GetObject", "--resource", bucket],
    out: "file",
    format: true,
  },
  can: {
    args: ["can", SPEC, "--principal", "vision/alice", "--service", "s3"],
    invalid: ["can", BAD, "--principal", "vision/alice"],
    out: "file",
    format: true,
  },
  matrix: { args: ["matrix", SPEC], invalid: ["matrix", BAD], out: "file", format: true },
  diff: {
    args: ["diff", "examples/ai-platform-single.yaml", SPEC],
    invalid: ["diff", SPEC, BAD],
    out: "file",
    format: true,
  },
  report: {
    args: ["report", SPEC, "--out", join(tmp, "default-report.html")],
    invalid: ["report", BAD],
    out: "report",
    format: true,
  },
  // Runs the solver over every principal (test/analysis/prover/prove-cli.test.ts runs it for real).
  prove: { args: ["prove", SPEC], invalid: ["prove", BAD], out: "file", format: true, slow: true },
  merge: {
    args: ["merge", RESULT],
    invalid: ["merge", BAD_RESULT],
    out: "file",
    format: true,
    invalidMessage: /bad-result\.json:2:\d+/,
  },
  check: { args: ["check", SPEC, "--fail-on", "never"], invalid: ["check", BAD], out: "file", format: true },
  init: {
    args: ["init", join(tmp, "init")],
    invalid: ["init", join(tmp, "init-invalid"), "--account", "12"],
    out: "none",
    format: false,
    invalidMessage: /--account "12": expected a 12-digit AWS account id/,
    bareIsValid: true,
  },
  completion: {
    args: ["completion", "bash"],
    invalid: ["completion", "tcsh"],
    out: "file",
    format: false,
    invalidMessage: /'tcsh' is invalid/,
  },
  simulate: {
    args: ["simulate", SPEC, "--principal", "vision/alice", "--action", "s3:GetObject", "--resource", bucket],
    invalid: ["simulate", BAD, "--principal", "vision/alice", "--action", "s3:GetObject", "--resource", bucket],
    out: "file",
    format: true,
  },
  import: { args: ["import", ACCOUNT], invalid: ["import", BAD_ACCOUNT], out: "file", format: true },
  usage: {
    args: ["usage", TRAIL, "--account-file", ACCOUNT, "--active-only"],
    invalid: ["usage", TRAIL, "--account-file", BAD_ACCOUNT],
    out: "file",
    format: true,
  },
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `main(argv)` with stdout/stderr captured; `tty` makes them look like terminals, `env` is merged in. */
async function run(argv: string[], opts: { tty?: boolean; env?: Record<string, string | undefined> } = {}) {
  const ttyOut = Object.getOwnPropertyDescriptor(process.stdout, "isTTY");
  const ttyErr = Object.getOwnPropertyDescriptor(process.stderr, "isTTY");
  const savedEnv = Object.fromEntries(Object.keys(opts.env ?? {}).map((k) => [k, process.env[k]]));
  if (opts.tty) {
    Object.defineProperty(process.stdout, "isTTY", { value: true, configurable: true });
    Object.defineProperty(process.stderr, "isTTY", { value: true, configurable: true });
  }
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    const { result: code, stdout, stderr } = await captureOutput(() => main(argv));
    return { code, stdout, stderr } satisfies Run;
  } finally {
    for (const [stream, desc] of [
      [process.stdout, ttyOut],
      [process.stderr, ttyErr],
    ] as const) {
      if (desc) Object.defineProperty(stream, "isTTY", desc);
      else delete (stream as { isTTY?: boolean }).isTTY;
    }
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** An ANSI escape sequence (a colour, or any other). */
const hasAnsi = (s: string) => s.includes("\u001b[");
const program = await buildProgram();
const commands: readonly Command[] = program.commands;
const option = (c: Command, flag: string): Option | undefined => c.options.find((o) => o.long === flag);
let n = 0;
const fresh = (name: string) => join(tmp, `${n++}`, name);

test("every command registered in main.ts has a case here (a new command cannot be missed)", () => {
  assert.ok(commands.length >= 11, `only ${commands.length} commands registered`);
  assert.deepEqual(commands.map((c) => c.name()).sort(), Object.keys(cases).sort());
});

test("the top-level help has an example; `ai-iam` alone and an unknown command are usage errors", async () => {
  const help = await run(["--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Example/);
  for (const argv of [[], ["no-such-command"]]) {
    const r = await run(argv);
    assert.equal(r.code, 2, argv.join(" "));
    assert.equal(r.stdout, "");
    assert.notEqual(r.stderr, "");
  }
});

for (const command of commands) {
  const name = command.name();
  const c = cases[name];
  if (!c) continue;

  describe(name, () => {
    test("declares the shared options: --out, --quiet (each described), --format with its choices", () => {
      assert.equal(Boolean(option(command, "--out")), c.out !== "none", "--out");
      const quiet = option(command, "--quiet");
      assert.ok(quiet && quiet.description.length > 10, "--quiet, described for this command");
      const format = option(command, "--format");
      assert.equal(Boolean(format), c.format, "--format");
      if (format) assert.ok((format.argChoices?.length ?? 0) >= 1, "--format validates its value");
      const failOn = option(command, "--fail-on");
      if (failOn) assert.ok((failOn.argChoices?.length ?? 0) >= 2, "--fail-on validates its value");
    });

    test("--help exits 0 with an example", async () => {
      const r = await run([name, "--help"]);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /Examples?:\n {2}\S/);
      assert.equal(r.stderr, "");
    });

    test("an unknown option is a usage error: exit 2, a message on stderr, nothing on stdout", async () => {
      const r = await run([...c.args, "--no-such-option"]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /unknown option '--no-such-option'/);
    });

    if (!c.slow && !c.bareIsValid) {
      test("no arguments at all: exit 2, nothing on stdout", async () => {
        const r = await run([name]);
        assert.equal(r.code, 2);
        assert.equal(r.stdout, "");
        assert.notEqual(r.stderr, "");
      });
    }

    if (c.format) {
      test("an invalid --format is a usage error listing the allowed values", async () => {
        const r = await run([...c.args, "--format", "yaml-ish"]);
        assert.equal(r.code, 2);
        assert.equal(r.stdout, "");
        for (const allowed of option(command, "--format")?.argChoices ?? []) assert.ok(r.stderr.includes(allowed));
      });
    }

    test("invalid input: exit 2, nothing on stdout, no --out written, no colour with NO_COLOR", async () => {
      const out = fresh(c.out === "dir" ? "policies" : "result.out");
      const args = c.out === "none" ? c.invalid : [...c.invalid, "--out", out];
      const r = await run(args, { tty: true, env: { NO_COLOR: "1" } });
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, "");
      const located =
        c.invalidMessage ??
        (name === "explain"
          ? /unknown service/
          : name === "import" || name === "usage"
            ? /bad-account\.json:\d+:\d+/
            : /org\.yaml:\d+:\d+/);
      assert.match(r.stderr, located);
      assert.ok(!hasAnsi(r.stderr), "no ANSI on stderr");
      assert.equal(existsSync(out), false, "no --out");
      if (existsSync(join(out, ".."))) assert.deepEqual(readdirSync(join(out, "..")), [], "no temporary files");
    });

    if (c.slow) return;

    test("NO_COLOR and --no-color: no ANSI escape, even on a terminal", async () => {
      for (const r of [
        await run(c.args, { tty: true, env: { NO_COLOR: "1" } }),
        await run([...c.args, "--no-color"], { tty: true, env: { NO_COLOR: undefined } }),
        await run(["--no-color", ...c.args], { tty: true, env: { NO_COLOR: undefined } }),
      ]) {
        assert.ok(r.code === 0 || r.code === 1, r.stderr);
        assert.notEqual(r.stdout, "");
        assert.ok(!hasAnsi(r.stdout), "no ANSI on stdout");
      }
    });

    if (c.out === "file") {
      for (const format of option(command, "--format")?.argChoices ?? [undefined]) {
        test(`--out writes exactly what stdout would get${format ? ` (--format ${format})` : ""}`, async () => {
          const args = format ? [...c.args, "--format", format] : c.args;
          const printed = await run(args);
          assert.ok(printed.code === 0 || printed.code === 1, printed.stderr);
          const out = fresh("result.out");
          const written = await run([...args, "--out", out]);
          assert.equal(written.code, printed.code, written.stderr);
          assert.equal(written.stdout, "");
          assert.equal(readFileSync(out, "utf8"), printed.stdout);
          assert.deepEqual(readdirSync(join(out, "..")), ["result.out"], "no temporary file left");
          assert.match(written.stderr, /wrote /);
          const quiet = await run([...args, "--out", fresh("result.out"), "--quiet"]);
          assert.equal(quiet.stderr, "", "--quiet: nothing on stderr but errors");
        });
      }
    }
  });
}

describe("--out for commands that write more than stdout", () => {
  test("plan --out <dir>: every policy file, and the same JSON on stdout", async () => {
    const printed = await run(["plan", SPEC, "--format", "json"]);
    const dir = fresh("policies");
    const written = await run(["plan", SPEC, "--format", "json", "--out", dir]);
    assert.equal(written.code, 0, written.stderr);
    assert.equal(written.stdout, printed.stdout);
    const plan = JSON.parse(printed.stdout) as { policies: Array<{ id: string }> };
    for (const p of plan.policies) assert.ok(existsSync(join(dir, `${p.id}.json`)), p.id);
    assert.deepEqual(readdirSync(join(dir, "..")), ["policies"], "no staging folder left");
  });

  test("report --out: the HTML file, its path on stdout", async () => {
    const out = fresh("report.html");
    const r = await run(["report", SPEC, "--out", out, "--quiet"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${out}\n`);
    assert.equal(r.stderr, "");
    assert.match(readFileSync(out, "utf8"), /^<!doctype html>/i);
  });

  test("start: previews, plans and writes the report to --out, without colour under NO_COLOR", async () => {
    const out = fresh("report.html");
    const r = await run(["start", "--out", out, "--quiet"], { tty: true, env: { NO_COLOR: "1" } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(out));
    assert.match(r.stdout, /Previewing examples\/seed/);
    assert.ok(!hasAnsi(r.stdout), "no ANSI on stdout");
  });
});

describe("colours and the progress bar", () => {
  test("the checks above are meaningful: on a terminal without NO_COLOR, text output is coloured", async () => {
    const r = await run(["test", SPEC], { tty: true, env: { NO_COLOR: undefined } });
    assert.ok(hasAnsi(r.stdout), "coloured");
  });

  test("useColor: only on a TTY, never with NO_COLOR (non-empty) or --no-color", () => {
    try {
      assert.equal(useColor({ isTTY: true }, {}), true);
      assert.equal(useColor({ isTTY: false }, {}), false);
      assert.equal(useColor({} as { isTTY: boolean }, {}), false);
      assert.equal(useColor({ isTTY: true }, { NO_COLOR: "1" }), false);
      assert.equal(useColor({ isTTY: true }, { NO_COLOR: "" }), true, "an empty NO_COLOR is not set");
      configureOutput({ noColor: true });
      assert.equal(useColor({ isTTY: true }, {}), false);
    } finally {
      resetOutput();
    }
  });

  test("the progress bar draws only on a TTY stderr, and never with --quiet", () => {
    const fake = (isTTY: boolean) => {
      const chunks: string[] = [];
      const stream = {
        isTTY,
        columns: 80,
        write: (s: string) => chunks.push(s) > 0,
      } as unknown as NodeJS.WriteStream;
      return { stream, chunks };
    };
    const draw = (isTTY: boolean, quiet = false) => {
      const f = fake(isTTY);
      const p = createProgress("matrix", { stream: f.stream, delayMs: 0, quiet });
      p.update(5, 10);
      p.finish();
      return f.chunks.join("");
    };
    assert.match(draw(true), /matrix \[#+-+\] {2}50% 5\/10/);
    assert.equal(draw(false), "");
    assert.equal(draw(true, true), "");
  });
});

describe("atomic writes", () => {
  test("writeOutputAtomically replaces a file whole and leaves no temporary file", () => {
    const file = fresh("a.txt");
    writeOutputAtomically(file, "one");
    writeOutputAtomically(file, "two");
    assert.equal(readFileSync(file, "utf8"), "two");
    assert.deepEqual(readdirSync(join(file, "..")), ["a.txt"]);
  });

  test("writeFilesAtomically: all or nothing into an existing folder", () => {
    const dir = fresh("out");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "a.json"), "old a");
    writeFileSync(join(dir, "keep.json"), "untouched");
    writeFileSync(join(dir, "sub"), "a file where a folder is needed");
    const error = writeFilesAtomically(dir, [
      { path: "a.json", text: "new a" },
      { path: "b.json", text: "new b" },
      { path: "sub/c.json", text: "new c" },
    ]);
    assert.ok(error, "the third file cannot be written");
    assert.equal(readFileSync(join(dir, "a.json"), "utf8"), "old a", "put back");
    assert.equal(existsSync(join(dir, "b.json")), false, "removed");
    assert.deepEqual(readdirSync(join(dir, "..")), ["out"], "no staging folder left");
    assert.equal(
      writeFilesAtomically(dir, [
        { path: "a.json", text: "new a" },
        { path: "x/y.json", text: "new y" },
      ]),
      undefined,
    );
    assert.equal(readFileSync(join(dir, "a.json"), "utf8"), "new a");
    assert.equal(readFileSync(join(dir, "x/y.json"), "utf8"), "new y");
    assert.equal(readFileSync(join(dir, "keep.json"), "utf8"), "untouched");
  });
});
