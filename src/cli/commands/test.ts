import type { Command } from "commander";
import { ExitCode } from "../exit.js";
import { emit, formatOption, helpText, outOption, quietOption, resultColors } from "../options.js";

interface TestOptions {
  format: string;
  out?: string;
  quiet?: boolean;
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
    .addHelpText(
      "after",
      helpText(
        ["ai-iam test examples/ai-platform", "ai-iam test examples/ai-platform --format json --out out/tests.json"],
        "A test without context: runs as a normal signed-in session of its principal: its own keys\n" +
          "(username, tags), MFA present, TLS, the organization's region, through the organization's\n" +
          "client (a Bedrock call names guardrails.bedrock.guardrail). `key: null` in context: removes a key.\n" +
          "Exit codes: 0 every test passed, 1 a test failed (always: no --fail-on), 2 invalid input or usage.",
      ),
    )
    .action(async (specPath: string, opts: TestOptions) => {
      process.exitCode = await runTestCommand(specPath, opts);
    });
}

export async function runTestCommand(specPath: string, opts: TestOptions): Promise<number> {
  const { loadModelInput } = await import("../model-input.js");
  const { model } = await loadModelInput(specPath, {});
  if (!model) return ExitCode.Invalid;
  const { runAccessTests } = await import("../../analysis/review/run-tests.js");
  const results = runAccessTests(model);
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
