import type { Command } from "commander";
import type { Diagnostic } from "../../diagnostics/index.js";
import { emit, formatOption, helpText, outOption, quietOption, resultColors } from "../options.js";

/** Where diagnostics about the command's own arguments point. */
const COMMAND_LINE = "<command line>";

/**
 * `ai-iam explain <action-or-pattern...>`: what AWS's service authorization data says about actions
 * (access levels, resource types with ARN formats, condition keys), or about a condition key.
 */
export function register(program: Command): void {
  program
    .command("explain")
    .description("explain actions, action patterns (s3:Get*, 'sagemaker:Create*') or condition keys from AWS's data")
    .argument(
      "<names...>",
      "actions (s3:GetObject), patterns (s3:Get*, *:Describe*, *) or condition keys (aws:SourceIp)",
    )
    .addOption(formatOption(["text", "json"], "text"))
    .option("--arn <arn>", "also show which resource types of each action this ARN (pattern) can match")
    .addOption(outOption())
    .addOption(quietOption("only the explanation; no warnings, nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam explain s3:GetObject",
          "ai-iam explain 'sagemaker:Create*' --format json",
          "ai-iam explain s3:ListBucket --arn 'arn:aws:s3:::team-bucket/*'",
          "ai-iam explain aws:SourceIp",
        ],
        "Exit codes: 0 ok, 2 an unknown service, a pattern that matches nothing, or a usage error.",
      ),
    )
    .action(async (names: string[], opts: { format: string; arn?: string; out?: string }) => {
      const { getCatalog } = await import("../../catalog/index.js");
      const { printDiagnostics } = await import("../output.js");
      const { ExitCode } = await import("../exit.js");
      const { parseArn } = await import("../../policy/index.js");
      const diagnostics: Diagnostic[] = [];
      const catalog = getCatalog();
      // Every diagnostic says which argument it is about: "<command line> ... (at argument 2)".
      const { explainNames } = await import("../../catalog/explain.js");
      const { results, diagnostics: found } = explainNames(catalog, names, (i) => ({
        file: COMMAND_LINE,
        path: `argument ${i + 1}`,
      }));
      diagnostics.push(...found);
      if (opts.arn !== undefined && opts.arn !== "*") {
        const parsed = parseArn(opts.arn);
        if (!parsed.ok) {
          diagnostics.push({
            code: "cli-invalid-option",
            severity: "error",
            message: parsed.message,
            hint: 'give an ARN or ARN pattern, e.g. --arn "arn:aws:s3:::team-bucket/*", or "*"',
            file: COMMAND_LINE,
            path: "--arn",
          });
        }
      }
      const failed = diagnostics.some((d) => d.severity === "error") || results.length < names.length;
      if (diagnostics.length > 0) printDiagnostics(diagnostics);
      if (failed) {
        if (!diagnostics.some((d) => d.severity === "error")) {
          const missing = names.length - results.length;
          process.stderr.write(
            `${missing} of ${names.length} name${names.length === 1 ? "" : "s"} matched nothing; nothing was written.\n`,
          );
        }
        process.exitCode = ExitCode.Invalid;
        return;
      }
      const { renderExplainJson, renderExplainText } = await import("../../report/explain.js");
      const text =
        opts.format === "json"
          ? renderExplainJson(catalog, results, opts.arn)
          : renderExplainText(catalog, results, opts.arn, resultColors(opts.out));
      process.exitCode = emit(text, opts.out) ? ExitCode.Ok : ExitCode.Invalid;
    });
}
