import { Command, CommanderError } from "commander";
import { accountOptions } from "./account-input.js";
import { ExitCode } from "./exit.js";
import { configureOutput, printable, resetOutput } from "./output.js";

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

/**
 * The register function of the command `argv` runs, when it is one module's alone: then only that
 * module loads (a command's module is `./commands/<name>.js`). Undefined for the root's help, an
 * unknown command or `completion` (which describes every command): then all of them load.
 */
async function onlyCommand(argv: readonly string[]): Promise<Register | undefined> {
  // The root's only option, --no-color, takes no value: the first other word names the command.
  const name = argv.find((a) => !a.startsWith("-"));
  if (!name || !/^[a-z][a-z-]*$/.test(name) || name === "completion" || name === "help") return undefined;
  try {
    const mod = (await import(`./commands/${name}.js`)) as { register?: unknown };
    return typeof mod.register === "function" ? (mod.register as Register) : undefined;
  } catch {
    return undefined; // no such module: commander names the unknown command, with all registered
  }
}

/**
 * The `ai-iam` program (not parsed): every command registered, or, given the argv it is about to
 * parse, only the command that argv runs when that can be told (startup loads one command module,
 * not all of them).
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  // The version text reads the data packages' metadata and the managed policies' snapshot header
  // (zlib): loaded only when `argv` may print it.
  const version =
    !argv || argv.some((a) => a === "-V" || a === "--version") ? (await import("./version-text.js")).versionText() : "";
  const only = argv ? await onlyCommand(argv) : undefined;
  if (only) {
    const program = rootProgram(version);
    only(program);
    // A module registers the command of its name; if not, fall back to all of them.
    const name = argv?.find((a) => !a.startsWith("-"));
    if (program.commands.some((c) => c.name() === name)) return withAccountOptions(program);
  }
  const program = rootProgram(version);
  for (const load of commands) (await load()).register(program);
  return withAccountOptions(program);
}

/**
 * The root command: name, version (`""` when the command line cannot print it), the global
 * options, help text; no command yet.
 */
function rootProgram(version: string): Command {
  const program = new Command("ai-iam")
    .description("Centralized, least-privilege IAM for AI/ML teams on AWS: generate, prove, deploy with Pulumi.")
    .version(version, "-V, --version")
    .option("--no-color", "disable colours (NO_COLOR is honoured too; colours only on a terminal)")
    .showHelpAfterError("(add --help for usage and examples)")
    // Commander's own messages quote the command line (an unknown option, a bad argument), which a
    // CI job may build from a pull request's file names: printed visibly, as ai-iam's own output.
    .configureOutput({ writeErr: (text) => process.stderr.write(printable(text)) })
    .exitOverride()
    .addHelpText(
      "after",
      "\nExit codes: 0 ok, 1 findings / failed tests / new access, 2 invalid input or usage.\n\n" +
        "Examples:\n  ai-iam plan examples/ai-platform\n  ai-iam matrix examples/ai-platform --help\n",
    );
  program.hook("preAction", (_root, action) => {
    configureOutput({ noColor: program.opts().color === false, quiet: Boolean(action.opts().quiet) });
  });
  return program;
}

function withAccountOptions(program: Command): Command {
  for (const command of program.commands) if (ACCOUNT_INPUT_COMMANDS.has(command.name())) addAccountOptions(command);
  return program;
}

/** Runs the CLI on `argv` (without node and the script) and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  resetOutput();
  const previous = process.exitCode;
  process.exitCode = undefined;
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.Ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return ExitCode.Ok;
      // `ai-iam help` exits 0; `ai-iam` alone shows the help as an error.
      if (err.code === "commander.help") return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Invalid;
      return ExitCode.Invalid;
    }
    // An optional peer (z3-solver) found missing where it is used: what to install, exit 2.
    if (err instanceof Error && err.name === "MissingPeerError" && "diagnostic" in err) {
      const { printDiagnostics } = await import("./output.js");
      printDiagnostics([(err as import("../input/capture/peers.js").MissingPeerError).diagnostic]);
      return ExitCode.Invalid;
    }
    throw err;
  } finally {
    // The caller (bin.ts) sets the process's exit code from the value returned.
    process.exitCode = previous;
    resetOutput();
  }
}
