import type { Command } from "commander";
import { ExitCode } from "../exit.js";

interface ReportOptions {
  program?: string;
  account?: string;
  out: string;
  format: string;
  failOn: string;
  workers?: string;
  quiet?: boolean;
}

const FAIL_ON = ["error", "security", "warning", "suggestion", "never"] as const;

/** `ai-iam report <spec> --out report.html`: the self-contained HTML report. */
export function register(program: Command): void {
  program
    .command("report")
    .description("write a self-contained HTML report: matrix, effective permissions, findings, policies, tests")
    .argument("[spec]", "a spec file, or a folder of *.yaml files")
    .option("--program <dir>", "report on a Pulumi program's IAM instead of a spec")
    .option("--account <id>", "the account a captured program's ARNs are synthesized in")
    .option("--out <file>", "the HTML file to write", "report.html")
    .option("--format <format>", "html (the only format)", "html")
    .option("--fail-on <severity>", `exit 1 on failed tests or findings at or above: ${FAIL_ON.join(", ")}`, "never")
    .option("--workers <n>", "worker threads for the matrix")
    .option("--quiet", "no progress bar or status messages on stderr")
    .addHelpText(
      "after",
      "\nOne HTML file with inline styles and script: no network, no external assets.\n\n" +
        "Example:\n  ai-iam report examples/ai-platform --out out/report.html\n",
    )
    .action(async (spec: string | undefined, opts: ReportOptions) => {
      process.exitCode = await runReport(spec, opts);
    });
}

export async function runReport(spec: string | undefined, opts: ReportOptions): Promise<number> {
  const input = await import("./review-input.js");
  if (!input.checkFormat(opts.format, ["html"]) || !input.checkFailOn(opts.failOn, FAIL_ON)) return ExitCode.Invalid;
  const loaded = await input.loadReviewInput(spec, opts);
  if (!loaded) return ExitCode.Invalid;
  const { buildReportData } = await import("./report-data.js");
  const { renderHtmlReport } = await import("../../report/html/report.js");
  const { createProgress } = await import("../progress.js");
  const progress = createProgress("report", { quiet: opts.quiet });
  const workers = opts.workers === undefined ? undefined : Number(opts.workers);
  const data = await buildReportData(loaded, {
    ...(workers !== undefined && Number.isInteger(workers) ? { workers } : {}),
    onProgress: (d, t) => progress.update(d, t),
  });
  progress.finish();
  if (!input.emit(renderHtmlReport(data), opts.out, true)) return ExitCode.Invalid;
  if (!opts.quiet) {
    const failed = data.tests.filter((t) => !t.passed).length;
    const n = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
    process.stderr.write(
      `${n(data.principals.length, "principal")}, ${n(data.findings.length, "finding")}, ` +
        `${data.tests.length - failed}/${data.tests.length} tests passed\n`,
    );
  }
  process.stdout.write(`${opts.out}\n`);
  if (opts.failOn === "never") return ExitCode.Ok;
  const ranks = FAIL_ON.slice(0, FAIL_ON.indexOf(opts.failOn as (typeof FAIL_ON)[number]) + 1) as readonly string[];
  const failing = data.findings.some((f) => ranks.includes(f.severity)) || data.tests.some((t) => !t.passed);
  return failing ? ExitCode.Findings : ExitCode.Ok;
}
