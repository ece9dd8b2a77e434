import type { Command } from "commander";
import { ExitCode } from "../exit.js";
import {
  failOnOption,
  formatOption,
  helpText,
  outOption,
  programOption,
  quietOption,
  workersOption,
  writeOutputAtomically,
} from "../options.js";

const FAIL_ON = ["error", "security", "warning", "suggestion", "never"] as const;

interface ReportOptions {
  program?: string;
  account?: string;
  out: string;
  format: string;
  failOn: string;
  workers?: string;
  docsUrl?: string;
  quiet?: boolean;
}

/** `ai-iam report <spec> --out report.html`: the self-contained HTML report. */
export function register(program: Command): void {
  program
    .command("report")
    .description(
      "write a self-contained HTML report: risk headline, datasets, matrix, effective permissions, findings and suppressions, policies, tests",
    )
    .argument("[spec]", "a spec file, or a folder of *.yaml files")
    .option("--program <dir>", "report on a Pulumi program's IAM instead of a spec")
    .option("--account <id>", "the account a captured program's ARNs are synthesized in")
    .addOption(programOption("stack"))
    .addOption(programOption("config"))
    .addOption(programOption("config-file"))
    .addOption(programOption("organization"))
    .addOption(outOption("the HTML file to write (whole or not at all)").default("report.html"))
    .addOption(formatOption(["html"], "html", "html (the only format)"))
    .addOption(
      failOnOption(
        FAIL_ON,
        "never",
        `exit 1 on failed tests or findings at or above: ${FAIL_ON.slice(0, -1).join(", ")}; or never`,
      ),
    )
    .addOption(
      workersOption(
        "threads, this one included (default 2): on a large model one runs the checks while the others compute the matrix",
      ),
    )
    .option(
      "--docs-url <url>",
      "the documentation base URL rule ids link to (default: AI_IAM_DOCS_URL, else the repository's docs/)",
    )
    .addOption(quietOption("only the report's path on stdout; no progress bar or summary on stderr"))
    .addHelpText(
      "after",
      helpText(
        ["ai-iam report examples/ai-platform --out out/report.html"],
        "One HTML file with inline styles and script: no network, no external assets. Its path is printed\n" +
          "on stdout. Exit codes: 0 ok, 1 findings or failed tests at --fail-on, 2 invalid input or usage.",
      ),
    )
    .action(async (spec: string | undefined, opts: ReportOptions) => {
      process.exitCode = await runReport(spec, opts);
    });
}

/** `preloaded`: a model the caller already loaded (and whose diagnostics it printed), e.g. `start`'s. */
export async function runReport(
  spec: string | undefined,
  opts: ReportOptions,
  preloaded?: import("./review-input.js").ReviewInput,
): Promise<number> {
  const input = await import("./review-input.js");
  const loaded = preloaded ?? (await input.loadReviewInput(spec, opts));
  if (!loaded) return ExitCode.Invalid;
  const { buildReport, reportFails, renderReportSummary } = await import("../../report/report-data.js");
  const { renderHtmlReport } = await import("../../report/html/report.js");
  const { createProgress } = await import("../progress.js");
  const progress = createProgress("report", { quiet: opts.quiet });
  const data = await buildReport(loaded, {
    ...(opts.workers !== undefined ? { workers: Number(opts.workers) } : {}),
    onProgress: (d, t) => progress.update(d, t),
    ...(opts.docsUrl !== undefined ? { docsUrl: opts.docsUrl } : {}),
  });
  progress.finish();
  try {
    writeOutputAtomically(opts.out, renderHtmlReport(data));
  } catch (err) {
    const { printDiagnostics } = await import("../output.js");
    const message = `cannot write ${opts.out}: ${(err as Error).message.split("\n")[0]}`;
    printDiagnostics([{ code: "cli-write-failed", severity: "error", message, file: opts.out }]);
    return ExitCode.Invalid;
  }
  const { writeStderr, writeStdout } = await import("../output.js");
  if (!opts.quiet) writeStderr(renderReportSummary(data));
  writeStdout(`${opts.out}\n`);
  return reportFails(data, opts.failOn as (typeof FAIL_ON)[number]) ? ExitCode.Findings : ExitCode.Ok;
}
