import type { Command } from "commander";
import { ExitCode } from "../exit.js";

interface PlanOptions {
  format: string;
  out?: string;
  program?: string;
  account?: string;
}

/** `ai-iam plan <spec>`: what deploying the spec would create, each policy against its quota. */
export function register(program: Command): void {
  program
    .command("plan")
    .description("compile a spec and show the IAM resources it would create, and each policy's size against its quota")
    .argument("[spec]", "a spec file, or a folder of *.yaml files")
    .option("--program <dir>", "instead of a spec: a Pulumi program, its IAM captured under mocks")
    .option("--account <id>", "the account a captured program's ARNs are synthesized in", "123456789012")
    .option("--format <format>", "text or json", "text")
    .option("--out <dir>", "also write every policy document as a canonical JSON file under <dir>")
    .addHelpText("after", "\nExample:\n  ai-iam plan examples/ai-platform --format json --out out/policies\n")
    .action(async (specPath: string | undefined, opts: PlanOptions) => {
      process.exitCode = await runPlan(specPath, opts);
    });
}

export async function runPlan(specPath: string | undefined, opts: PlanOptions): Promise<number> {
  const { printDiagnostics } = await import("../output.js");
  if (opts.format !== "text" && opts.format !== "json") {
    printDiagnostics([{ code: "cli-invalid-option", severity: "error", message: `--format must be text or json.` }]);
    return ExitCode.Invalid;
  }
  const { loadModelInput } = await import("../model-input.js");
  const compiled = await loadModelInput(specPath, opts);
  if (!compiled.model) return ExitCode.Invalid;
  const model = compiled.model;
  const { planOf } = await import("../../compile/plan.js");
  const plan = planOf(model);
  if (opts.out) {
    const { writePolicyFiles } = await import("./write-policies.js");
    const written = writePolicyFiles(opts.out, model);
    if (written.error) {
      printDiagnostics([{ code: "cli-write-failed", severity: "error", message: written.error, file: opts.out }]);
      return ExitCode.Invalid;
    }
  }
  if (opts.format === "json") {
    process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    return ExitCode.Ok;
  }
  const { renderPlanText } = await import("./plan-text.js");
  process.stdout.write(renderPlanText(compiled.label, model, plan, opts.out));
  return ExitCode.Ok;
}
