import type { Command } from "commander";
import { ExitCode } from "../exit.js";
import { emit, formatOption, helpText, outOption, quietOption, resultColors } from "../options.js";

interface TestOptions {
  format: string;
  out?: string;
  quiet?: boolean;
  queryTimeout?: string;
  jobs?: string;
}

/** `ai-iam test <spec>`: runs the spec's `tests:` with the engine. */
export function register(program: Command): void {
  program
    .command("test")
    .description("run a spec's access tests (tests:) with the evaluation engine, offline")
    .argument("<spec>", "a spec file, or a folder of *.yaml files")
    .addOption(formatOption(["text", "json"], "text"))
    .addOption(outOption())
    .addOption(quietOption("text: only the failed tests and the summary line; nothing on stderr but errors"))
    .option(
      "--query-timeout <ms>",
      "never/always tests: per solver query; on expiry the test is unknown (default 5000)",
    )
    .option(
      "--jobs <n>",
      "never/always tests on n threads, each with its own solver, or 'auto' (one per core); default 1",
    )
    .addHelpText(
      "after",
      helpText(
        ["ai-iam test examples/ai-platform", "ai-iam test examples/ai-platform --format json --out out/tests.json"],
        "A test without context: runs as a normal signed-in session of its principal: its own keys\n" +
          "(username, tags), MFA present, TLS, the organization's region, through the organization's\n" +
          "client (a Bedrock call names guardrails.bedrock.guardrail). `key: null` in context: removes a key.\n" +
          "expect: never / always cover every request matching the test (principal, action and resource may be\n" +
          "patterns) in every context carrying its context: keys; the SMT solver proves them or shows a request\n" +
          "the engine confirms. An unknown answer (timeout) fails the test.\n" +
          "Exit codes: 0 every test passed, 1 a test failed or was unknown (no --fail-on), 2 invalid input or usage.",
      ),
    )
    .action(async (specPath: string, opts: TestOptions) => {
      process.exitCode = await runTestCommand(specPath, opts);
    });
}

export async function runTestCommand(specPath: string, opts: TestOptions): Promise<number> {
  const timeoutMs = opts.queryTimeout === undefined ? undefined : Number(opts.queryTimeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    const { printDiagnostics } = await import("../output.js");
    const { usageError } = await import("./review-input.js");
    printDiagnostics([
      usageError(`--query-timeout must be a positive number of milliseconds, not '${opts.queryTimeout}'`),
    ]);
    return ExitCode.Invalid;
  }
  let jobs = 1;
  if (opts.jobs !== undefined) {
    const { parseJobs } = await import("../../analysis/prover/jobs-options.js");
    const parsed = parseJobs(opts.jobs);
    if (parsed === undefined) {
      const { printDiagnostics } = await import("../output.js");
      const { usageError } = await import("./review-input.js");
      printDiagnostics([usageError(`--jobs must be a whole number from 1 to 64, or auto, not '${opts.jobs}'`)]);
      return ExitCode.Invalid;
    }
    jobs = parsed;
  }
  const { loadModelInput } = await import("../model-input.js");
  const { model } = await loadModelInput(specPath, {});
  if (!model) return ExitCode.Invalid;
  const { runModelTests } = await import("../../analysis/model-tests.js");
  const ran = await runModelTests(model, {
    jobs,
    solverFeature: "ai-iam test (expect: never/always tests)",
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  if (ran.diagnostics.length > 0) (await import("../output.js")).printDiagnostics(ran.diagnostics);
  const results = ran.results;
  if (!results) return ExitCode.Invalid;
  if (opts.format === "json") {
    const { renderTestResultsJson } = await import("../../report/test-results.js");
    if (!emit(renderTestResultsJson(results), opts.out)) return ExitCode.Invalid;
  } else {
    const { renderTestResultsText } = await import("../../report/test-results.js");
    const text = renderTestResultsText(results, {
      label: specPath,
      ...(opts.quiet ? { quiet: true } : {}),
      color: resultColors(opts.out),
    });
    if (!emit(text, opts.out)) return ExitCode.Invalid;
  }
  return results.some((r) => !r.passed) ? ExitCode.Findings : ExitCode.Ok;
}
