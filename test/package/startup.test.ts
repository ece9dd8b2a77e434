/**
 * What the CLI loads at startup (issue 16: `--version` and `check` of one file under 300 ms from
 * the installed package; bench/cli.bench.ts measures them). Each run is a fresh process whose
 * module resolutions a loader hook lists: `--version` answers without commander or any command
 * module, and a command loads its own module, not the other commands'. The help, completion and
 * an unknown command still see every command.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { main } from "../../src/cli/main.js";
import { captureOutput } from "../helpers/capture-output.js";
import { REPO_ROOT } from "../helpers/scaffold-repo.js";

const tmp = mkdtempSync(join(tmpdir(), "ai-iam-startup-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

const hook = join(tmp, "trace.mjs");
writeFileSync(
  hook,
  `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.startsWith("file:")) process.stderr.write("loaded " + r.url + "\\\\n");
  return r;
}\`));
`,
);
const policy = join(tmp, "policy.json");
writeFileSync(
  policy,
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::team-bucket/data/*" }],
  }),
);

/** The CLI from source in a fresh process: its output and the repository files it loaded. */
function traced(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--import", hook, "src/cli/bin.ts", ...args], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  const loaded = [...r.stderr.matchAll(/^loaded file:\/\/(.*)$/gm)].map((m) => m[1]!);
  const stderr = r.stderr.replace(/^loaded .*\n/gm, "");
  return { status: r.status, stdout: r.stdout, stderr, loaded };
}

const commandModules = (loaded: string[]) =>
  [...new Set(loaded.map((f) => /\/src\/cli\/commands\/([a-z-]+)\.ts$/.exec(f)?.[1]).filter(Boolean))].sort();

test("--version prints what the full program prints, without loading commander or any command", async () => {
  const r = traced(["--version"]);
  assert.equal(r.status, 0, r.stderr);
  // The program's own --version (commander's), in-process, is the reference.
  let full = "";
  try {
    const captured = await captureOutput(() => main(["--no-color", "--version"]));
    assert.equal(captured.result, 0);
    full = captured.stdout;
  } finally {
    process.exitCode = undefined;
  }
  assert.match(full, /^ai-iam \d+\.\d+\.\d+\n/);
  assert.equal(r.stdout, full);
  assert.deepEqual(
    r.loaded.filter((f) => f.includes("/node_modules/commander/")),
    [],
  );
  assert.deepEqual(commandModules(r.loaded), []);
});

test("a command loads its own module, not the other commands'", () => {
  const r = traced(["check", policy]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /1 document checked/);
  assert.deepEqual(commandModules(r.loaded), ["check"]);
  const explain = traced(["explain", "s3:GetObject"]);
  assert.equal(explain.status, 0, explain.stderr);
  assert.deepEqual(commandModules(explain.loaded), ["explain"]);
});

test("the root help and an unknown command still know every command", () => {
  const help = traced(["--help"]);
  assert.equal(help.status, 0, help.stderr);
  for (const name of ["check", "plan", "prove", "diff", "report", "init", "completion"]) {
    assert.match(help.stdout, new RegExp(`^  ${name}\\b`, "m"), `${name} in the help`);
  }
  const typo = traced(["chekc", policy]);
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /unknown command 'chekc'/);
  assert.match(typo.stderr, /Did you mean check\?/);
  // A module of the commands folder that is no command is not taken for one.
  const helper = traced(["review-input"]);
  assert.equal(helper.status, 2);
  assert.match(helper.stderr, /unknown command 'review-input'/);
});
