import { resolve } from "node:path";
import type { Command } from "commander";

/**
 * `ai-iam start`: what `npm start` runs. Previews the seed program offline, under mocks, then
 * plans the example AI organization (`ai-iam plan examples/ai-platform`).
 */
export function register(program: Command): void {
  program
    .command("start")
    .description(
      "preview the seed program (examples/seed) offline, then plan the example organization (examples/ai-platform)",
    )
    .option("--program <dir>", "the Pulumi program to preview", "examples/seed")
    .option("--spec <path>", "the spec to plan after the preview", "examples/ai-platform")
    .action(async (opts: { program: string; spec: string }) => {
      const { runProgramUnderMocks } = await import("../../pulumi/run-under-mocks.js");
      const dir = resolve(opts.program);
      const run = await runProgramUnderMocks(resolve(dir, "index.ts"), { project: "ai-iam-seed" });
      const out = process.stdout;
      out.write(`Previewing ${opts.program} offline (Pulumi mocks, account 123456789012):\n\n`);
      for (const r of run.resources) {
        out.write(`  + ${r.type.padEnd(44)} ${r.name}\n`);
        for (const [k, v] of Object.entries(r.inputs).sort(([a], [b]) => a.localeCompare(b))) {
          out.write(`        ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}\n`);
        }
      }
      out.write("\nOutputs:\n");
      for (const [k, v] of Object.entries(run.outputs)) out.write(`  ${k}: ${JSON.stringify(v)}\n`);
      out.write(`\nResources: ${run.resources.length} to create\n`);
      out.write(`\n$ ai-iam plan ${opts.spec}\n\n`);
      const { runPlan } = await import("./plan.js");
      process.exitCode = await runPlan(opts.spec, { format: "text" });
      if (process.exitCode !== 0) return;
      out.write(`\n$ ai-iam report ${opts.spec} --out out/report.html\n\n`);
      const { runReport } = await import("./report.js");
      process.exitCode = await runReport(opts.spec, { out: "out/report.html", format: "html", failOn: "never" });
    });
}
