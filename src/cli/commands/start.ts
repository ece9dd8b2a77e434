import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { ExitCode } from "../exit.js";
import { helpText, outOption, quietOption } from "../options.js";

/**
 * `ai-iam start`: what `npm start` runs. Previews the seed program offline, under mocks, then
 * plans the example AI organization (`ai-iam plan examples/ai-platform`).
 */
export function register(program: Command): void {
  program
    .command("start")
    .description(
      "preview the seed program (examples/seed) offline, plan the example organization (examples/ai-platform), write out/report.html",
    )
    .option("--program <dir>", "the Pulumi program to preview", "examples/seed")
    .option("--spec <path>", "the spec to plan after the preview", "examples/ai-platform")
    .addOption(outOption("the HTML report to write at the end (whole or not at all)").default("out/report.html"))
    .addOption(quietOption("no progress bar or summary on stderr"))
    .addHelpText(
      "after",
      helpText(
        ["npm start", "ai-iam start --spec examples/ai-platform-single.yaml --out out/single.html"],
        "Deploys nothing: the preview runs under Pulumi's mocks. Exit codes: 0 ok, 2 invalid input or usage.",
      ),
    )
    .action(async (opts: { program: string; spec: string; out: string; quiet?: boolean }) => {
      const { runPlan } = await import("./plan.js");
      // Invalid input first, so that it prints nothing on stdout: a missing program, an invalid spec.
      const dir = resolve(opts.program);
      if (!existsSync(resolve(dir, "index.ts"))) {
        const { printDiagnostics } = await import("../output.js");
        const message = `${opts.program} is not a Pulumi program (no index.ts)`;
        printDiagnostics([{ code: "program-not-found", severity: "error", message, file: opts.program }]);
        process.exitCode = ExitCode.Invalid;
        return;
      }
      const { loadSpecModel } = await import("../../compile/load.js");
      if (!loadSpecModel(opts.spec).model) {
        process.exitCode = await runPlan(opts.spec, { format: "text" });
        return;
      }
      const { runProgramUnderMocks } = await import("../../input/capture/run-under-mocks.js");
      const run = await runProgramUnderMocks(resolve(dir, "index.ts"), { project: "ai-iam-seed" });
      const out = process.stdout;
      const { renderPreview } = await import("../../report/preview.js");
      out.write(renderPreview(opts.program, run));
      out.write(`\n$ ai-iam plan ${opts.spec}\n\n`);
      process.exitCode = await runPlan(opts.spec, { format: "text" });
      if (process.exitCode !== 0) return;
      out.write(`\n$ ai-iam report ${opts.spec} --out ${opts.out}\n\n`);
      const { runReport } = await import("./report.js");
      process.exitCode = await runReport(opts.spec, {
        out: opts.out,
        format: "html",
        failOn: "never",
        ...(opts.quiet ? { quiet: true } : {}),
      });
    });
}
