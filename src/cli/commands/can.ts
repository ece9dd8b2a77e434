import type { Command } from "commander";
import { ExitCode } from "../exit.js";
import { emit, formatOption, helpText, outOption, programOption, quietOption, resultColors } from "../options.js";

interface CanOptions {
  failOnUnknown?: boolean;
  principal: string;
  service?: string;
  program?: string;
  account?: string;
  format: string;
  out?: string;
  quiet?: boolean;
}

/** `ai-iam can <spec> --principal P`: a principal's effective permissions, consolidated. */
export function register(program: Command): void {
  program
    .command("can")
    .description("show a principal's effective permissions, grouped by service and access level")
    .argument("[spec]", "a spec file, or a folder of *.yaml files")
    .requiredOption("--principal <id>", "the principal, e.g. vision/alice or vision/execution-role")
    .option("--service <list>", "only these services, comma-separated (e.g. s3,sagemaker)")
    .option("--program <dir>", "analyze a Pulumi program's IAM instead of a spec")
    .option("--account <id>", "the account a captured program's ARNs are synthesized in")
    .addOption(programOption("stack"))
    .addOption(programOption("config"))
    .addOption(programOption("config-file"))
    .addOption(programOption("organization"))
    .option("--fail-on-unknown", "exit 1 when an answer is Unknown (a captured program's IAM not fully seen)")
    .addOption(formatOption(["text", "json"], "text"))
    .addOption(outOption())
    .addOption(quietOption("only the permissions; nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        ["ai-iam can examples/ai-platform --principal vision/alice --service s3,sagemaker"],
        "Everything the principal can do after boundaries, SCPs and denies: each action its policies reach,\n" +
          "on each resource pattern they name, decided by the engine. ✓ allowed, ~ only under the conditions shown.\n" +
          "Exit codes: 0 ok, 2 invalid input or usage.",
      ),
    )
    .action(async (spec: string | undefined, opts: CanOptions) => {
      process.exitCode = await runCan(spec, opts);
    });
}

export async function runCan(spec: string | undefined, opts: CanOptions): Promise<number> {
  const input = await import("./review-input.js");
  const { printDiagnostics } = await import("../output.js");
  const loaded = await input.loadReviewInput(spec, opts);
  if (!loaded) return ExitCode.Invalid;
  // A principal is named as in every command (`resolveTestPrincipal`: a member with roles or
  // permission sets names their persona's principal); a group has no permissions of its own here.
  const { resolveTestPrincipal } = await import("../../analysis/review/run-tests.js");
  const resolved = loaded.model.principals.some((p) => p.id === opts.principal)
    ? { principal: opts.principal }
    : loaded.model.groups.some((g) => g.id === opts.principal)
      ? {}
      : resolveTestPrincipal(loaded.model, opts.principal);
  if (!resolved.principal) {
    printDiagnostics([await input.unknownPrincipal(loaded.model, opts.principal)]);
    return ExitCode.Invalid;
  }
  const principal = resolved.principal;
  let services: string[] | undefined;
  if (opts.service !== undefined) {
    const parsed = await input.parseServices(opts.service);
    if ("diagnostics" in parsed) {
      printDiagnostics(parsed.diagnostics);
      return ExitCode.Invalid;
    }
    services = parsed.services;
  }
  const { principalCan } = await import("../../analysis/review/can.js");
  const result = principalCan(loaded.model, principal, services ? { services } : {});
  let text: string;
  if (opts.format === "json") text = `${JSON.stringify(result, null, 2)}\n`;
  else {
    const { renderCanText } = await import("../../report/review-text.js");
    text = renderCanText(result, resultColors(opts.out));
  }
  if (!emit(text, opts.out)) return ExitCode.Invalid;
  return opts.failOnUnknown && result.unknown ? ExitCode.Findings : ExitCode.Ok;
}
