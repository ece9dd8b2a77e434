import type { Command } from "commander";
import { accountOptions, collect } from "../account-input.js";
import { ExitCode } from "../exit.js";
import { emit, formatOption, helpText, outOption, quietOption, resultColors, workersOption } from "../options.js";

interface UsageCommandOptions {
  accountFile?: string[];
  scps?: string[];
  rcps?: string[];
  region?: string;
  principal?: string[];
  activeOnly?: boolean;
  proposals?: string;
  workers?: string;
  format: string;
  out?: string;
  quiet?: boolean;
}

/** `ai-iam usage <cloudtrail...>`: what each principal used, what it never used, and a policy that fits. */
export function register(program: Command): void {
  const command = program.command("usage");
  accountOptions(
    command,
    "the account's authorization-details export (repeatable), to compare use with what is granted",
  );
  command
    .description(
      "read CloudTrail logs: per principal, actions used and denied, access granted but unused, a least-privilege policy",
    )
    .argument(
      "<paths...>",
      'CloudTrail files or folders: gzip\'d {"Records": [...]} as delivered to S3, or JSON lines exports',
    )
    .option("--principal <id>", "only this principal (a model id such as role/deployer; repeatable)", collect)
    .option("--active-only", "leave out principals with no activity in the logs")
    .option("--proposals <dir>", "write each principal's least-privilege policy to <dir>/<principal>.json")
    .addOption(workersOption())
    .addOption(formatOption(["text", "json"], "text"))
    .addOption(outOption())
    .addOption(quietOption("no progress on stderr"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam usage AWSLogs/ --account-file account.json",
          "ai-iam usage lake-export.jsonl.gz --account-file account.json --proposals least-privilege/",
        ],
        "Role sessions, Identity Center's included, count for their role. Denied calls are listed apart and\n" +
          "never count as use. Each proposed policy is checked: the engine allows every used request under it.\n" +
          "Exit codes: 0 ok, 2 invalid input (every unreadable record is printed with file, line and column).",
      ),
    )
    .action(async (paths: string[], opts: UsageCommandOptions) => {
      process.exitCode = await runUsage(paths, opts);
    });
}

export async function runUsage(paths: string[], opts: UsageCommandOptions): Promise<number> {
  const { printDiagnostics } = await import("../output.js");
  let model: import("../../model/types.js").AccessModel | undefined;
  if (opts.accountFile && opts.accountFile.length > 0) {
    const { loadAccountModel } = await import("../account-input.js");
    const loaded = await loadAccountModel(opts.accountFile, opts);
    if (!loaded) return ExitCode.Invalid;
    model = loaded.model;
  }
  const { analyzeUsage } = await import("../../analysis/usage/index.js");
  const { createProgress } = await import("../progress.js");
  const progress = createProgress("reading CloudTrail", { ...(opts.quiet ? { quiet: true } : {}) });
  const result = await analyzeUsage(paths, {
    ...(model ? { model } : {}),
    ...(opts.workers !== undefined ? { workers: Number(opts.workers) } : {}),
    ...(opts.principal ? { principals: opts.principal } : {}),
    ...(opts.activeOnly ? { activeOnly: true } : {}),
    onProgress: (p) => progress.update(p.bytesDone, p.bytes),
  });
  progress.finish();
  if (result.diagnostics.length > 0) printDiagnostics(result.diagnostics);
  const report = result.report;
  if (!report) return ExitCode.Invalid;
  if (opts.proposals) {
    const { renderProposalFiles } = await import("../../report/account-text.js");
    const { writeFilesAtomically } = await import("../options.js");
    const files = renderProposalFiles(report);
    const error = writeFilesAtomically(opts.proposals, files);
    if (error) {
      printDiagnostics([{ code: "cli-write", severity: "error", message: error }]);
      return ExitCode.Invalid;
    }
  }
  let text: string;
  if (opts.format === "json") text = `${JSON.stringify(report, null, 2)}\n`;
  else {
    const { renderUsageText } = await import("../../report/account-text.js");
    text = renderUsageText(report, resultColors(opts.out));
  }
  return emit(text, opts.out) ? ExitCode.Ok : ExitCode.Invalid;
}
