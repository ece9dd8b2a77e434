import { existsSync } from "node:fs";
import { extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
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
      const { printDiagnostics } = await import("../output.js");
      // From an installed copy the examples are the package's own (unless the user has their own).
      const { packagedPath } = await import("../package-paths.js");
      opts.program = packagedPath(opts.program);
      opts.spec = packagedPath(opts.spec);
      // Invalid input first, so that it prints nothing on stdout: a missing program or Pulumi
      // package, an invalid spec.
      const dir = resolve(opts.program);
      const { missingPeersDiagnostic, PEERS_NEEDED } = await import("../../input/capture/peers.js");
      const missing = existsSync(resolve(dir, "index.ts"))
        ? missingPeersDiagnostic("ai-iam start (the seed program's preview)", PEERS_NEEDED.capture)
        : {
            code: "program-not-found" as const,
            severity: "error" as const,
            message: `${opts.program} is not a Pulumi program (no index.ts)`,
            file: opts.program,
          };
      if (missing) {
        printDiagnostics([missing]);
        process.exitCode = ExitCode.Invalid;
        return;
      }
      // The spec is loaded and compiled once, for the plan and the report.
      const { loadSpecModel } = await import("../../compile/load.js");
      const { diagnostics, ...loaded } = loadSpecModel(opts.spec);
      if (!loaded.model) {
        printDiagnostics(diagnostics);
        process.exitCode = ExitCode.Invalid;
        return;
      }
      const model = loaded.model;
      // The seed program is TypeScript. From sources (`npm start`) tsx loads this file and the
      // program alike; from the installed package (built JavaScript) plain node cannot load it, so
      // tsx's loaders are registered first, as capture registers them for --program.
      if (extname(fileURLToPath(import.meta.url)) !== ".ts") {
        ((await import("tsx/esm/api")) as { register: () => unknown }).register();
        ((await import("tsx/cjs/api")) as { register: () => unknown }).register();
      }
      const { runProgramUnderMocks } = await import("../../input/capture/run-under-mocks.js");
      const run = await runProgramUnderMocks(resolve(dir, "index.ts"), { project: "ai-iam-seed" });
      const out = process.stdout;
      const { renderPreview } = await import("../../report/preview.js");
      out.write(renderPreview(opts.program, run));
      out.write(`\n$ ai-iam plan ${opts.spec}\n\n`);
      if (diagnostics.length > 0) printDiagnostics(diagnostics);
      process.exitCode = await runPlan(opts.spec, { format: "text" }, loaded);
      if (process.exitCode !== 0) return;
      out.write(`\n$ ai-iam report ${opts.spec} --out ${opts.out}\n\n`);
      const { runReport } = await import("./report.js");
      process.exitCode = await runReport(
        opts.spec,
        {
          out: opts.out,
          format: "html",
          failOn: "never",
          ...(opts.quiet ? { quiet: true } : {}),
        },
        { ...loaded, model },
      );
    });
}
