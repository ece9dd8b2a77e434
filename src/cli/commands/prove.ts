import type { Command } from "commander";
import { ExitCode } from "../exit.js";
import { emit, formatOption, helpText, outOption, quietOption, resultColors } from "../options.js";

interface ProveCommandOptions {
  program?: string;
  account?: string;
  format: string;
  out?: string;
  queryTimeout?: string;
  shard?: string;
  jobs?: string;
  quiet?: boolean;
}

/** `ai-iam prove <spec>`: the properties a spec implies, proven over every request with the solver. */
export function register(program: Command): void {
  program
    .command("prove")
    .description("prove team isolation over every request and context with the SMT solver, or show a counterexample")
    .argument("[spec]", "a spec file, or a folder of *.yaml files")
    .option("--program <dir>", "prove a Pulumi program's IAM instead of a spec")
    .option("--account <id>", "the account a captured program's ARNs are synthesized in")
    .addOption(formatOption(["text", "json"], "text"))
    .addOption(outOption("write the result to <file> instead of stdout (whole or not at all)"))
    .option("--query-timeout <ms>", "per solver query; on expiry the answer is unknown (default 5000)")
    .option("--shard <i/n>", "only the i-th of n deterministic slices of the principals (CI matrix jobs)")
    .option("--jobs <n>", "prove on n threads, each with its own solver, or 'auto' (one per core); default 1")
    .addOption(quietOption("only the result; no progress bar, nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        ["ai-iam prove examples/ai-platform", "ai-iam prove examples/ai-platform --format json --shard 1/4"],
        "Isolation: no principal of team A performs, on a resource that belongs to team B, any action B is\n" +
          "granted there, in any context. A resource belongs to B when it matches a Resource pattern that B's\n" +
          "principals are granted and no other team is granted (not '*', no policy variables).\n" +
          "Each property is proven, violated (with a request the engine allows), or unknown (timeout).\n" +
          "Exit codes: 0 all proven, 1 a property violated or unknown, 2 invalid input or usage.",
      ),
    )
    .action(async (spec: string | undefined, opts: ProveCommandOptions) => {
      process.exitCode = await runProve(spec, opts);
    });
}

/** `i/n` with 1 ≤ i ≤ n, or undefined. */
export function parseShard(text: string): { index: number; count: number } | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const [index, count] = [Number(m[1]), Number(m[2])];
  return index >= 1 && index <= count ? { index, count } : undefined;
}

export async function runProve(spec: string | undefined, opts: ProveCommandOptions): Promise<number> {
  const input = await import("./review-input.js");
  const { printDiagnostics } = await import("../output.js");
  const timeoutMs = opts.queryTimeout === undefined ? undefined : Number(opts.queryTimeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    printDiagnostics([
      input.usageError(`--query-timeout must be a positive number of milliseconds, not '${opts.queryTimeout}'`),
    ]);
    return ExitCode.Invalid;
  }
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
  if (opts.shard !== undefined && !shard) {
    printDiagnostics([input.usageError(`--shard must be i/n with 1 ≤ i ≤ n, not '${opts.shard}'`, "e.g. --shard 2/4")]);
    return ExitCode.Invalid;
  }
  const { parseJobs, workerWarning } = await import("../../analysis/prover/jobs.js");
  const jobs = opts.jobs === undefined ? 1 : parseJobs(opts.jobs);
  if (jobs === undefined) {
    printDiagnostics([input.usageError(`--jobs must be a whole number from 1 to 64, or auto, not '${opts.jobs}'`)]);
    return ExitCode.Invalid;
  }
  const loaded = await input.loadReviewInput(spec, opts);
  if (!loaded) return ExitCode.Invalid;
  const ids = loaded.model.principals.map((p) => p.id).sort();
  const mine = shard ? ids.filter((_, i) => i % shard.count === shard.index - 1) : ids;
  const { proveIsolationJobs } = await import("../../analysis/prover/jobs.js");
  const { createProgress } = await import("../progress.js");
  const progress = createProgress("prove", { quiet: opts.quiet });
  const workerFailures: string[] = [];
  const report = await proveIsolationJobs(loaded.model, {
    timeoutMs,
    ids: mine,
    jobs,
    onUnit: (d, t) => progress.update(d, t),
    onWorkerError: (e) => workerFailures.push(e.message),
  });
  progress.finish();
  if (workerFailures.length > 0) printDiagnostics([workerWarning(workerFailures)]);
  let text: string;
  if (opts.format === "json") {
    const { proveJson, runFingerprint } = await import("../../analysis/prover/shards.js");
    const { versionInfo } = await import("../../version.js");
    // What `ai-iam merge` checks every shard shares: the model, the options, ai-iam and its AWS data.
    const fingerprint = runFingerprint(loaded.model, { timeoutMs: timeoutMs ?? null, ...versionInfo() });
    text = proveJson(report, fingerprint, shard);
  } else text = (await import("../../report/exact.js")).renderProveText(report, resultColors(opts.out));
  if (!emit(text, opts.out)) return ExitCode.Invalid;
  return report.status === "proven" ? ExitCode.Ok : ExitCode.Findings;
}
