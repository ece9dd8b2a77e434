import type { Command } from "commander";
import { ExitCode } from "../exit.js";

interface TestOptions {
  format: string;
}

/** `ai-iam test <spec>`: runs the spec's `tests:` with the engine. */
export function register(program: Command): void {
  program
    .command("test")
    .description("run a spec's access tests (tests:) with the evaluation engine, offline")
    .argument("<spec>", "a spec file, or a folder of *.yaml files")
    .option("--format <format>", "text or json", "text")
    .addHelpText(
      "after",
      "\nA test without context: runs as a normal signed-in session of its principal: its own keys\n" +
        "(username, tags), MFA present, TLS, the organization's region.\n\nExample:\n  ai-iam test examples/ai-platform\n",
    )
    .action(async (specPath: string, opts: TestOptions) => {
      process.exitCode = await runTestCommand(specPath, opts);
    });
}

export async function runTestCommand(specPath: string, opts: TestOptions): Promise<number> {
  const { printDiagnostics, colors } = await import("../output.js");
  if (opts.format !== "text" && opts.format !== "json") {
    printDiagnostics([{ code: "cli-invalid-option", severity: "error", message: "--format must be text or json." }]);
    return ExitCode.Invalid;
  }
  const { loadAndCompile } = await import("./load-and-compile.js");
  const { model } = loadAndCompile(specPath);
  if (!model) return ExitCode.Invalid;
  const { runAccessTests } = await import("../../analyze/run-tests.js");
  const results = runAccessTests(model);
  const failed = results.filter((r) => !r.passed).length;
  if (opts.format === "json") {
    const out = {
      tests: results.map((r) => ({
        principal: r.test.principal,
        ...(r.principal && r.principal !== r.test.principal ? { ranAs: r.principal } : {}),
        action: r.test.action,
        resource: r.test.resource,
        expect: r.test.expect,
        decision: r.decision ?? null,
        passed: r.passed,
        context: r.context,
        assumed: r.assumed,
        ...(r.explanation ? { statements: r.explanation.statements, missingAllows: r.explanation.missingAllows } : {}),
        ...(r.error ? { error: r.error } : {}),
        ...(r.test.location ? { location: r.test.location } : {}),
      })),
      summary: { total: results.length, passed: results.length - failed, failed },
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return failed > 0 ? ExitCode.Findings : ExitCode.Ok;
  }
  const c = colors();
  const lines: string[] = [
    `Running ${results.length} access test${results.length === 1 ? "" : "s"} from ${specPath}:`,
    "",
  ];
  for (const r of results) {
    const mark = r.passed ? c.green("PASS") : c.red("FAIL");
    const where = r.test.location ? c.dim(` (${r.test.location.file}:${r.test.location.line})`) : "";
    lines.push(`  ${mark}  ${r.test.principal}  ${r.test.action}  ${r.test.resource}${where}`);
    if (r.error) {
      lines.push(`        ${c.red(r.error)}`);
      continue;
    }
    lines.push(`        expected ${r.test.expect}, got ${r.decision}${r.note ? c.dim(` — ${r.note}`) : ""}`);
    for (const s of r.explanation?.statements ?? []) {
      if (r.decision === "ExplicitlyDenied" ? s.effect !== "Deny" : s.effect !== "Allow") continue;
      const sid = s.sid ? ` (${s.sid})` : "";
      lines.push(
        `        ${s.effect === "Deny" ? "denied" : "allowed"} by ${s.layer} ${s.policy} statement ${s.statementIndex}${sid}`,
      );
    }
    for (const m of r.explanation?.missingAllows ?? []) {
      lines.push(
        `        no allow in ${m.layer}${m.level !== undefined ? ` level ${m.level}` : ""}${m.policy ? ` (${m.policy})` : ""}`,
      );
    }
    const given = Object.keys(r.test.context ?? {}).sort();
    const assumed = r.assumed.map((k) => `${k}=${show(r.context[k])}`).join(" ");
    lines.push(c.dim(`        context: ${given.length > 0 ? `given ${given.join(", ")}; ` : ""}assumed ${assumed}`));
  }
  lines.push(
    "",
    `${results.length} tests: ${c.green(`${results.length - failed} passed`)}, ${failed > 0 ? c.red(`${failed} failed`) : "0 failed"}`,
  );
  process.stdout.write(`${lines.join("\n")}\n`);
  return failed > 0 ? ExitCode.Findings : ExitCode.Ok;
}

function show(v: string | string[] | undefined): string {
  return Array.isArray(v) ? `[${v.join(",")}]` : (v ?? "");
}
