import type { Readable, Writable } from "node:stream";
import { type Command, Option } from "commander";
import type { Diagnostic } from "../../diagnostics/index.js";
import { ExitCode } from "../exit.js";
import type { InitAnswers } from "../init/scaffold.js";
import { helpText, quietOption } from "../options.js";

interface InitOptions {
  organization?: string;
  account?: string;
  region?: string;
  identity?: string;
  team?: string;
  member?: string;
  persona?: string;
  force?: boolean;
  input?: boolean;
  docsUrl?: string;
  quiet?: boolean;
}

/** `ai-iam init [dir]`: scaffold a repository that plans, tests, checks and deploys one spec. */
export function register(program: Command): void {
  program
    .command("init")
    .description("scaffold a repository: organization and team spec, access tests, Pulumi program, CI workflow")
    .argument("[dir]", "the folder to write into (created if need be)", ".")
    .option("--organization <name>", "the organization's name, which prefixes every AWS name (default: the folder's)")
    .option("--account <id>", "the 12-digit AWS account to deploy to (default 123456789012)")
    .option("--region <region>", "the organization's region (default us-east-1)")
    .addOption(
      new Option("--identity <mode>", "how people sign in (default iam-users)").choices([
        "iam-users",
        "iam-roles",
        "identity-center",
      ]),
    )
    .option("--team <name>", "the first team (default research)")
    .option("--member <name>", "the team's first member (default alice)")
    .option("--persona <persona>", "the member's persona: data-scientist, ml-engineer, mlops or analyst")
    .option("--force", "overwrite the scaffold's files where they exist with other content")
    .option("--no-input", "never prompt: defaults for whatever no flag gives (the default without a terminal)")
    .option("--docs-url <url>", "the documentation base URL the scaffold's comments link to")
    .addOption(quietOption("nothing on stdout or stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam init demo",
          "ai-iam init . --organization acme-ai --account 111122223333 --region eu-west-1 --identity iam-roles --team vision",
        ],
        "On a terminal it asks what no flag answers. Files it would write that already exist with other\n" +
          "content stop it (nothing is written) unless --force; package.json, .gitignore and README.md are\n" +
          "only ever created, never replaced. Running it again with the same answers changes nothing.\n" +
          "Exit codes: 0 ok, 2 invalid input or usage, or existing files in the way (nothing is written).",
      ),
    )
    .action(async (dir: string, opts: InitOptions) => {
      process.exitCode = await runInit(dir, opts);
    });
}

export async function runInit(
  dir: string,
  opts: InitOptions,
  io: { input: Readable; output: Writable; interactive: boolean } = {
    input: process.stdin,
    output: process.stderr,
    interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY),
  },
): Promise<number> {
  const { printDiagnostics, isQuiet } = await import("../output.js");
  const { initQuestions, ask } = await import("../init/questions.js");
  const { renderScaffold, planScaffold, verifyScaffold } = await import("../init/scaffold.js");
  const { scaffoldContext } = await import("../init/context.js");
  const patterns = await import("../../input/team-spec/patterns.js");
  const { builtInPersonas } = await import("../../activities/personas.js");
  const questions = initQuestions({
    name: patterns.NAME,
    member: patterns.MEMBER,
    account: patterns.ACCOUNT,
    region: patterns.REGION,
    personas: Object.keys(builtInPersonas).sort(),
  });

  // Flags first: every given value is checked, and all problems are reported together.
  const given: Record<string, string> = {};
  const problems: Diagnostic[] = [];
  for (const q of questions) {
    const value = opts[q.key];
    if (value === undefined) continue;
    const problem = q.validate(value);
    if (problem)
      problems.push({
        code: "cli-invalid-option",
        severity: "error" as const,
        message: `${q.flag} ${JSON.stringify(value)}: ${problem}`,
      });
    else given[q.key] = value;
  }
  if (problems.length > 0) {
    printDiagnostics(problems);
    return ExitCode.Invalid;
  }
  const answers =
    io.interactive && opts.input !== false
      ? await ask(questions, given as Partial<InitAnswers>, dir, io)
      : // Every value was validated above, or is a question's default.
        (Object.fromEntries(
          questions.map((q) => [q.key, given[q.key] ?? q.defaultFor(dir, given)]),
        ) as unknown as InitAnswers);
  if (!answers) return ExitCode.Invalid;

  const files = renderScaffold(answers, scaffoldContext(opts.docsUrl));
  const invalid = (await verifyScaffold(files, dir)).filter((d) => d.severity === "error");
  if (invalid.length > 0) {
    printDiagnostics(invalid);
    return ExitCode.Invalid;
  }
  const plan = planScaffold(dir, files, Boolean(opts.force));
  if (plan.conflicts.length > 0) {
    printDiagnostics(
      plan.conflicts.map((path) => ({
        code: "init-file-exists",
        severity: "error" as const,
        message: `${path} exists with other content`,
        file: `${dir.replace(/\/+$/, "")}/${path}`,
        hint: "keep it, or run again with --force to replace the scaffold's files",
      })),
    );
    return ExitCode.Invalid;
  }
  if (plan.write.length > 0) {
    const { writeFilesAtomically } = await import("../options.js");
    const error = writeFilesAtomically(dir, plan.write);
    if (error) {
      printDiagnostics([{ code: "cli-write-failed", severity: "error", message: error, file: dir }]);
      return ExitCode.Invalid;
    }
  }
  if (!isQuiet()) {
    const out = process.stdout;
    for (const f of plan.write) out.write(`  create  ${f.path}\n`);
    for (const p of plan.unchanged) out.write(`  same    ${p}\n`);
    for (const p of plan.kept) out.write(`  kept    ${p} (yours; not replaced)\n`);
    const cd = dir === "." ? "" : `  cd ${dir}\n`;
    out.write(
      `\n${plan.write.length === 0 ? "Nothing to write: the scaffold is in place." : `Scaffolded ${answers.organization} in ${dir}.`}\n\n` +
        "Next steps:\n" +
        cd +
        "  npm install                    # ai-iam, Pulumi and tsx, as package.json lists them; commit package-lock.json\n" +
        "  npx ai-iam plan iam            # the IAM that `pulumi up` would create\n" +
        "  npx ai-iam test iam            # the access tests\n" +
        "  npx ai-iam check iam policies  # lint, quotas and risks\n" +
        "  npx ai-iam report iam --out out/report.html\n" +
        "  pulumi stack init dev && pulumi up\n",
    );
  }
  return ExitCode.Ok;
}
