import type { Command } from "commander";
import { ExitCode } from "../exit.js";
import { emit, formatOption, helpText, outOption, quietOption, resultColors } from "../options.js";

interface ProveCommandOptions {
  program?: string;
  account?: string;
  accountFile?: string[];
  format: string;
  out?: string;
  queryTimeout?: string;
  shard?: string;
  jobs?: string;
  quiet?: boolean;
  never?: string[];
  always?: string[];
  failOnUnknown?: boolean;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** `ai-iam prove <spec>`: the properties a spec implies, proven over every request with the solver. */
export function register(program: Command): void {
  program
    .command("prove")
    .description(
      "prove team isolation, the guardrails and never/always properties over every request and context with the SMT solver, or show a counterexample",
    )
    .argument("[input]", "a spec file or a folder of *.yaml files, or a policy-set JSON file (as simulate reads)")
    .option("--program <dir>", "prove a Pulumi program's IAM instead of a spec")
    .option("--account <id>", "the account a captured program's ARNs are synthesized in")
    .addOption(formatOption(["text", "json"], "text"))
    .addOption(outOption("write the result to <file> instead of stdout (whole or not at all)"))
    .option("--query-timeout <ms>", "per solver query; on expiry the answer is unknown (default 5000)")
    .option("--shard <i/n>", "only the i-th of n deterministic slices of the principals (CI matrix jobs)")
    .option("--jobs <n>", "prove on n threads, each with its own solver, or 'auto' (one per core); default 1")
    .option(
      "--never <property>",
      "'<principal> <action> <resource>' is never allowed, in any context (patterns as in expect: never; repeatable)",
      collect,
    )
    .option(
      "--always <property>",
      "'<principal> <action> <resource>' is always allowed, in any context (repeatable)",
      collect,
    )
    .option("--fail-on-unknown", "exit 1 when a property is unknown (timeout, unmodelled part): the default")
    .option("--no-fail-on-unknown", "exit 0 when nothing is violated, even if some property is unknown")
    .addOption(quietOption("only the result; no progress bar, nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam prove examples/ai-platform",
          "ai-iam prove examples/ai-platform --format json --shard 1/4",
          "ai-iam prove examples/ai-platform --never 'nlp/* s3:* arn:aws:s3:::acme-ai-datasets/imagenet/*'",
          "ai-iam prove set.json --never 'arn:aws:iam::123456789012:role/analyst s3:Delete* *'",
        ],
        "isolation/<team>: no principal of team A performs, on a resource that belongs to team B, any action\n" +
          "B is granted there, in any context. A resource belongs to B when it matches a Resource pattern that\n" +
          "B's principals are granted and no other team is granted (not '*', no policy variables).\n" +
          "A spec's guardrails (see docs/review.md): guardrail/regions, guardrail/mfa, guardrail/instance-types,\n" +
          "guardrail/bedrock-models, guardrail/model-approval; never/N and always/N from --never/--always.\n" +
          "Each property is proven, violated (with a request the engine allows), or unknown (timeout).\n" +
          "Exit codes: 0 all proven, 1 a property violated (or unknown, unless --no-fail-on-unknown),\n" +
          "2 invalid input or usage.",
      ),
    )
    .action(async (spec: string | undefined, opts: ProveCommandOptions) => {
      process.exitCode = await runProve(spec, opts);
    });
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
  const { parseShard } = await import("../../analysis/prover/shards.js");
  const shard = opts.shard === undefined ? undefined : parseShard(opts.shard);
  if (opts.shard !== undefined && !shard) {
    printDiagnostics([
      input.usageError(`--shard must be i/n with 1 ≤ i ≤ n ≤ 100000, not '${opts.shard}'`, "e.g. --shard 2/4"),
    ]);
    return ExitCode.Invalid;
  }
  // Proving needs Z3 (an optional peer): without it, say what to install before any work.
  const noSolver = (await import("../../input/capture/peers.js")).missingSolverDiagnostic("ai-iam prove");
  if (noSolver) {
    printDiagnostics([noSolver]);
    return ExitCode.Invalid;
  }
  const { parseJobs } = await import("../../analysis/prover/jobs-options.js");
  const jobs = opts.jobs === undefined ? 1 : parseJobs(opts.jobs);
  if (jobs === undefined) {
    printDiagnostics([input.usageError(`--jobs must be a whole number from 1 to 64, or auto, not '${opts.jobs}'`)]);
    return ExitCode.Invalid;
  }
  const adHoc = [
    ...(opts.never ?? []).map((text, i) => ({ expect: "never" as const, text, index: i + 1 })),
    ...(opts.always ?? []).map((text, i) => ({ expect: "always" as const, text, index: i + 1 })),
  ];
  const prove = await import("../../analysis/prove-input.js");
  const { createProgress } = await import("../progress.js");
  const run = { timeoutMs, ...(shard ? { shard } : {}) };
  let result: import("../../analysis/prove-input.js").ProveInputResult;
  if (spec !== undefined && prove.isPolicySetFile(spec)) {
    const oneInput =
      opts.program !== undefined || (opts.accountFile ?? []).length > 0
        ? [input.usageError("give one input: a spec, a policy set, --program <dir> or --account-file <file>")]
        : [];
    const progress = createProgress("prove", { quiet: opts.quiet });
    result = await prove.provePolicySetFile(spec, adHoc, {
      ...run,
      problems: oneInput,
      onProgress: (d, t) => progress.update(d, t),
    });
    progress.finish();
  } else {
    const loaded = await input.loadReviewInput(spec, opts);
    if (!loaded) return ExitCode.Invalid;
    const progress = createProgress("prove", { quiet: opts.quiet });
    result = await prove.proveModelInput(loaded, adHoc, {
      ...run,
      jobs,
      onProgress: (d, t) => progress.update(d, t),
    });
    progress.finish();
  }
  if (result.diagnostics.length > 0) printDiagnostics(result.diagnostics);
  const report = result.report;
  if (!report) return ExitCode.Invalid;
  let text: string;
  if (opts.format === "json") {
    const { proveJson } = await import("../../analysis/prover/shards.js");
    text = proveJson(report, result.fingerprint(), shard && { ...shard, sliced: result.sliced });
  } else text = (await import("../../report/exact.js")).renderProveText(report, resultColors(opts.out));
  if (!emit(text, opts.out)) return ExitCode.Invalid;
  if (report.status === "violated") return ExitCode.Findings;
  // Unknown is not proven: a security gate fails on it unless told otherwise.
  if (report.status === "unknown" && opts.failOnUnknown !== false) return ExitCode.Findings;
  return ExitCode.Ok;
}
