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
  const { loadAndCompile } = await import("./load-and-compile.js");
  const { model } = loadAndCompile(specPath);
  if (!model) return ExitCode.Invalid;
  const { runAccessTests } = await import("../../analysis/review/run-tests.js");
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
        ...(r.test.absent ? { absent: r.test.absent } : {}),
        ...(r.client ? { client: r.client } : {}),
        ...(r.explanation ? { statements: r.explanation.statements, missingAllows: r.explanation.missingAllows } : {}),
        ...(r.error ? { error: r.error } : {}),
        ...(r.test.location ? { location: r.test.location } : {}),
      })),
      summary: { total: results.length, passed: results.length - failed, failed },
    };
    if (!emit(`${JSON.stringify(out, null, 2)}\n`, opts.out)) return ExitCode.Invalid;
    return failed > 0 ? ExitCode.Findings : ExitCode.Ok;
  }
  const c = resultColors(opts.out);
  const lines: string[] = opts.quiet
    ? []
    : [`Running ${results.length} access test${results.length === 1 ? "" : "s"} from ${specPath}:`, ""];
  for (const r of results) {
    if (opts.quiet && r.passed) continue;
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
    const absent = r.test.absent?.length ? `absent ${r.test.absent.join(", ")}; ` : "";
    lines.push(
      c.dim(`        context: ${given.length > 0 ? `given ${given.join(", ")}; ` : ""}${absent}assumed ${assumed}`),
    );
    if (r.client) lines.push(c.dim(`        client: ${r.client}`));
  }
  if (lines.length > 0) lines.push("");
  lines.push(
    `${results.length} ${results.length === 1 ? "test" : "tests"}: ${c.green(`${results.length - failed} passed`)}, ${failed > 0 ? c.red(`${failed} failed`) : "0 failed"}`,
  );
  if (!emit(`${lines.join("\n")}\n`, opts.out)) return ExitCode.Invalid;
  return failed > 0 ? ExitCode.Findings : ExitCode.Ok;
}

function show(v: string | string[] | undefined): string {
  return Array.isArray(v) ? `[${v.join(",")}]` : (v ?? "");
}
