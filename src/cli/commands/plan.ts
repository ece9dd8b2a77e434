import type { Command } from "commander";
import { ExitCode } from "../exit.js";
import { formatOption, helpText, outOption, programOption, quietOption } from "../options.js";

interface PlanOptions {
  format: string;
  out?: string;
  program?: string;
  account?: string;
  quiet?: boolean;
}

/** `ai-iam plan <spec>`: what deploying the spec would create, each policy against its quota. */
export function register(program: Command): void {
  program
    .command("plan")
    .description("compile a spec and show the IAM resources it would create, and each policy's size against its quota")
    .argument("[spec]", "a spec file, or a folder of *.yaml files")
    .option("--program <dir>", "instead of a spec: a Pulumi program, its IAM captured under mocks")
    .option("--account <id>", "the account a captured program's ARNs are synthesized in", "123456789012")
    .addOption(programOption("stack"))
    .addOption(programOption("config"))
    .addOption(programOption("config-file"))
    .addOption(programOption("organization"))
    .addOption(formatOption(["text", "json"], "text"))
    .addOption(
      outOption(
        "also write every policy document as a canonical JSON file under <dir> (all files or none)",
        "--out <dir>",
      ),
    )
    .addOption(quietOption("only the plan; no warnings, nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        ["ai-iam plan examples/ai-platform", "ai-iam plan examples/ai-platform --format json --out out/policies"],
        "The plan is printed on stdout even with --out (which writes the policy documents).\n" +
          "Exit codes: 0 ok, 2 invalid input or usage (nothing is written).",
      ),
    )
    .action(async (specPath: string | undefined, opts: PlanOptions) => {
      process.exitCode = await runPlan(specPath, opts);
    });
}

/** `loaded`: a model the caller already loaded (and whose diagnostics it printed), e.g. `start`'s. */
export async function runPlan(
  specPath: string | undefined,
  opts: PlanOptions,
  loaded?: import("../model-input.js").ModelInput,
): Promise<number> {
  const { printDiagnostics, writeStdout } = await import("../output.js");
  const { loadModelInput } = await import("../model-input.js");
  const compiled = loaded ?? (await loadModelInput(specPath, opts));
  if (!compiled.model) return ExitCode.Invalid;
  const model = compiled.model;
  const { planOf } = await import("../../compile/plan.js");
  const plan = planOf(model);
  let text: string;
  if (opts.format === "json") text = `${JSON.stringify(plan, null, 2)}\n`;
  else {
    const { renderPlanText } = await import("../../report/plan-text.js");
    const { colors } = await import("../output.js");
    text = renderPlanText(compiled.label, model, plan, { color: colors(), ...(opts.out ? { outDir: opts.out } : {}) });
  }
  if (opts.out) {
    const { writePolicyFiles } = await import("./write-policies.js");
    const written = writePolicyFiles(opts.out, model);
    if (written.error) {
      printDiagnostics([{ code: "cli-write-failed", severity: "error", message: written.error, file: opts.out }]);
      return ExitCode.Invalid;
    }
  }
  writeStdout(text);
  return ExitCode.Ok;
}
