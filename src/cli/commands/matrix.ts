import type { Command } from "commander";
import { ExitCode } from "../exit.js";

interface MatrixCommandOptions {
  program?: string;
  account?: string;
  format: string;
  out?: string;
  service?: string;
  workers?: string;
  quiet?: boolean;
}

/** `ai-iam matrix <spec>`: principals × capabilities. */
export function register(program: Command): void {
  program
    .command("matrix")
    .description("the access matrix: principals × capabilities (activities, and service × access level)")
    .argument("[spec]", "a spec file, or a folder of *.yaml files")
    .option("--program <dir>", "analyze a Pulumi program's IAM instead of a spec")
    .option("--account <id>", "the account a captured program's ARNs are synthesized in")
    .option("--format <format>", "text, csv, json or html", "text")
    .option("--out <file>", "write the matrix to a file instead of stdout")
    .option(
      "--service <list>",
      "service columns for these services, comma-separated (default: every service the policies name)",
    )
    .option("--workers <n>", "worker threads (default: 2, or 1 on a single core)")
    .option("--quiet", "no progress bar or status messages on stderr")
    .addHelpText(
      "after",
      "\nA cell counts the capability's actions the principal holds: N allowed, ~N only under conditions,\n" +
        "· denied. Activities count the actions an activity names for the principal's team.\n\n" +
        "Example:\n  ai-iam matrix examples/ai-platform --format html --out out/matrix.html\n",
    )
    .action(async (spec: string | undefined, opts: MatrixCommandOptions) => {
      process.exitCode = await runMatrix(spec, opts);
    });
}

export async function runMatrix(spec: string | undefined, opts: MatrixCommandOptions): Promise<number> {
  const input = await import("./review-input.js");
  const { printDiagnostics } = await import("../output.js");
  if (!input.checkFormat(opts.format, ["text", "csv", "json", "html"])) return ExitCode.Invalid;
  const workers = opts.workers === undefined ? undefined : Number(opts.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 0 && workers <= 64)) {
    printDiagnostics([input.usageError("--workers must be a whole number from 0 to 64")]);
    return ExitCode.Invalid;
  }
  const loaded = await input.loadReviewInput(spec, opts);
  if (!loaded) return ExitCode.Invalid;
  const services = opts.service
    ?.split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const { accessMatrixParallel } = await import("../../analyze/parallel.js");
  const { createProgress } = await import("../progress.js");
  const activities = loaded.spec ? await input.activityCapabilities(loaded.spec) : [];
  const progress = createProgress("matrix", { quiet: opts.quiet });
  const matrix = await accessMatrixParallel(
    loaded.model,
    { activities, ...(services ? { services } : {}) },
    { ...(workers !== undefined ? { workers } : {}), onProgress: (d, t) => progress.update(d, t) },
  );
  progress.finish();
  let text: string;
  if (opts.format === "json") text = `${JSON.stringify(matrix, null, 2)}\n`;
  else if (opts.format === "csv") text = (await import("../../report/review-text.js")).renderMatrixCsv(matrix);
  else if (opts.format === "html") {
    const { renderMatrixHtml } = await import("../../report/html/report.js");
    const { reportPrincipals } = await import("./report-data.js");
    text = renderMatrixHtml(loaded.model.organization ?? loaded.label, matrix, reportPrincipals(loaded.model));
  } else {
    const { colors } = await import("../output.js");
    const { renderMatrixText } = await import("../../report/review-text.js");
    text = renderMatrixText(matrix, opts.out ? undefined : colors());
  }
  return input.emit(text, opts.out, opts.quiet) ? ExitCode.Ok : ExitCode.Invalid;
}
