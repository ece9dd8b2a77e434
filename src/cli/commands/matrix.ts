import type { Command } from "commander";
import { ExitCode } from "../exit.js";
import {
  emit,
  formatOption,
  helpText,
  outOption,
  programOption,
  quietOption,
  resultColors,
  workersOption,
} from "../options.js";

interface MatrixCommandOptions {
  program?: string;
  account?: string;
  format: string;
  out?: string;
  service?: string;
  workers?: string;
  quiet?: boolean;
  failOnUnknown?: boolean;
}

/** `ai-iam matrix <spec>`: principals × capabilities. */
export function register(program: Command): void {
  program
    .command("matrix")
    .description("the access matrix: principals × capabilities (activities, and service × access level)")
    .argument("[spec]", "a spec file, or a folder of *.yaml files")
    .option("--program <dir>", "analyze a Pulumi program's IAM instead of a spec")
    .option("--account <id>", "the account a captured program's ARNs are synthesized in")
    .addOption(programOption("stack"))
    .addOption(programOption("config"))
    .addOption(programOption("config-file"))
    .addOption(programOption("organization"))
    .addOption(formatOption(["text", "csv", "json", "html"], "text"))
    .addOption(outOption())
    .option(
      "--service <list>",
      "service columns for these services, comma-separated (default: every service the policies name)",
    )
    .option("--fail-on-unknown", "exit 1 when a cell depends on what capture could not see (?U)")
    .addOption(workersOption())
    .addOption(quietOption("only the matrix; no progress bar, nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam matrix examples/ai-platform",
          "ai-iam matrix examples/ai-platform --format html --out out/matrix.html",
        ],
        "A cell counts the capability's actions the principal holds: N allowed, ~N only under conditions,\n" +
          "· denied; !P: P of them only in part (a narrower deny takes part of the grant away, see `can`);\n" +
          "?U: U more depend on what capture could not see of a program (a cell that is only ?U is Unknown).\n" +
          "Activities count the actions an activity names for the principal's team.\n" +
          "Exit codes: 0 ok, 2 invalid input or usage; with --fail-on-unknown, 1 when a cell has ?U.",
      ),
    )
    .action(async (spec: string | undefined, opts: MatrixCommandOptions) => {
      process.exitCode = await runMatrix(spec, opts);
    });
}

export async function runMatrix(spec: string | undefined, opts: MatrixCommandOptions): Promise<number> {
  const input = await import("./review-input.js");
  const workers = opts.workers === undefined ? undefined : Number(opts.workers);
  let services: string[] | undefined;
  if (opts.service !== undefined) {
    const parsed = await input.parseServices(opts.service);
    if ("diagnostics" in parsed) {
      const { printDiagnostics } = await import("../output.js");
      printDiagnostics(parsed.diagnostics);
      return ExitCode.Invalid;
    }
    services = parsed.services;
  }
  const loaded = await input.loadReviewInput(spec, opts);
  if (!loaded) return ExitCode.Invalid;
  const { specAccessMatrix } = await import("../../analysis/review/spec-matrix.js");
  const { createProgress } = await import("../progress.js");
  const progress = createProgress("matrix", { quiet: opts.quiet });
  const matrix = await specAccessMatrix(loaded, services ? { services } : {}, {
    ...(workers !== undefined ? { workers } : {}),
    onProgress: (d, t) => progress.update(d, t),
  });
  progress.finish();
  const { renderMatrix } = await import("../../report/matrix.js");
  const text = await renderMatrix(matrix, opts.format, {
    model: loaded.model,
    label: loaded.label,
    color: resultColors(opts.out),
  });
  if (!emit(text, opts.out)) return ExitCode.Invalid;
  const unknown = matrix.rows.some((r) => r.cells.some((c) => c.unknown));
  return opts.failOnUnknown && unknown ? ExitCode.Findings : ExitCode.Ok;
}
