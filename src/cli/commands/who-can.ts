import type { Command } from "commander";
import { ExitCode } from "../exit.js";
import {
  emit,
  failOnOption,
  formatOption,
  helpText,
  outOption,
  programOption,
  quietOption,
  resultColors,
} from "../options.js";

interface WhoCanOptions {
  failOnUnknown?: boolean;
  action?: string;
  resource?: string;
  program?: string;
  account?: string;
  format: string;
  out?: string;
  failOn: string;
  quiet?: boolean;
}

/** `ai-iam who-can <spec> --action A --resource R`: every principal allowed, and why. */
export function register(program: Command): void {
  program
    .command("who-can")
    .description("list every principal allowed to perform an action on a resource, with the deciding statements")
    .argument("[spec]", "a spec file, or a folder of *.yaml files")
    .requiredOption("--action <action>", "the action, e.g. s3:GetObject")
    .requiredOption("--resource <arn>", "the resource ARN")
    .option("--program <dir>", "analyze a Pulumi program's IAM instead of a spec")
    .option("--account <id>", "the account a captured program's ARNs are synthesized in")
    .addOption(programOption("stack"))
    .addOption(programOption("config"))
    .addOption(programOption("config-file"))
    .addOption(programOption("organization"))
    .option("--fail-on-unknown", "exit 1 when an answer is Unknown (a captured program's IAM not fully seen)")
    .addOption(formatOption(["text", "json"], "text"))
    .addOption(outOption())
    .addOption(failOnOption(["never", "any"], "never", "exit 1 when 'any' principal is allowed, or 'never'"))
    .addOption(quietOption("only the principals; nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam who-can examples/ai-platform --action s3:GetObject \\\n" +
            "    --resource arn:aws:s3:::acme-ai-datasets/support/t1.json",
        ],
        "Each principal is evaluated as a normal signed-in session (its own tags, MFA present, TLS, the\n" +
          "organization's region). Conditional: allowed only when the request meets the conditions shown.\n" +
          "A resource with wildcards (arn:aws:s3:::bucket/*) finds everyone allowed on any part of it, and\n" +
          "names the part ('only on ...') when it is narrower.\n" +
          "Exit codes: 0 ok, 1 someone is allowed with --fail-on any, 2 invalid input or usage.",
      ),
    )
    .action(async (spec: string | undefined, opts: WhoCanOptions) => {
      process.exitCode = await runWhoCan(spec, opts);
    });
}

export async function runWhoCan(spec: string | undefined, opts: WhoCanOptions): Promise<number> {
  const input = await import("./review-input.js");
  const problems = await input.checkRequest(opts.action!, opts.resource!);
  if (problems.length > 0) {
    const { printDiagnostics } = await import("../output.js");
    printDiagnostics(problems);
    // A warning (an action the catalog does not list yet, of a service it knows) is printed and the
    // question answered as asked.
    if (problems.some((d) => d.severity === "error")) return ExitCode.Invalid;
  }
  const loaded = await input.loadReviewInput(spec, opts);
  if (!loaded) return ExitCode.Invalid;
  const { whoCan } = await import("../../analysis/review/who-can.js");
  const result = whoCan(loaded.model, { action: opts.action!, resource: opts.resource! });
  let text: string;
  if (opts.format === "json") text = `${JSON.stringify(result, null, 2)}\n`;
  else {
    const { renderWhoCanText } = await import("../../report/review-text.js");
    text = renderWhoCanText(result, resultColors(opts.out));
  }
  if (!emit(text, opts.out)) return ExitCode.Invalid;
  if (opts.failOnUnknown && (result.unknown?.length ?? 0) > 0) return ExitCode.Findings;
  return opts.failOn === "any" && result.principals.length > 0 ? ExitCode.Findings : ExitCode.Ok;
}
