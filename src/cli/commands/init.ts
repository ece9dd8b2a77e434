import type { Readable, Writable } from "node:stream";
import { type Command, Option } from "commander";
import type { Diagnostic } from "../../diagnostics/index.js";
import type { InitAnswers } from "../../scaffold/index.js";
import { ExitCode } from "../exit.js";
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
  const { printDiagnostics, isQuiet, writeStdout } = await import("../output.js");
  const { initQuestions, ask } = await import("../init/questions.js");
  const scaffold = await import("../../scaffold/index.js");
  const questions = initQuestions(await scaffold.scaffoldAnswerFormats());

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

  const { plan, diagnostics } = await scaffold.scaffoldRepository(dir, answers, {
    force: Boolean(opts.force),
    ...(opts.docsUrl !== undefined ? { docsUrl: opts.docsUrl } : {}),
  });
  if (!plan) {
    printDiagnostics(diagnostics);
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
  if (!isQuiet()) writeStdout(scaffold.renderScaffoldSummary(plan, answers, dir));
  return ExitCode.Ok;
}
