import { rmSync } from "node:fs";
import type { Command } from "commander";
import type { DatasetSpec } from "../../input/team-spec/types.js";
import type { AccessModel } from "../../model/types.js";
import { accountOptions } from "../account-input.js";
import { ExitCode } from "../exit.js";
import {
  emit,
  failOnOption,
  formatOption,
  helpText,
  outOption,
  quietOption,
  resultColors,
  workersOption,
} from "../options.js";

interface DiffOptions {
  base?: string;
  accountFile?: string[];
  scps?: string[];
  rcps?: string[];
  region?: string;
  format: string;
  out?: string;
  failOn: string;
  failOnNewAccess?: boolean;
  workers?: string;
  quiet?: boolean;
  exact?: boolean;
  queryTimeout?: string;
  jobs?: string;
  shard?: string;
}

/** `ai-iam diff <old> <new>`: the effective-access diff of two versions of a spec. */
export function register(program: Command): void {
  const command = program.command("diff");
  accountOptions(
    command,
    "the old version is this account as exported (repeat for several; see `import`); give one spec",
  );
  command
    .description("show the access a change adds and removes, per principal, decided by the engine (not a text diff)")
    .argument("<old>", "the old spec (file or folder); with --base, the spec path to compare")
    .argument("[new]", "the new spec (file or folder)")
    .option("--base <git-rev>", "take the old version of <old> from this git revision (e.g. main, HEAD~1)")
    .addOption(
      formatOption(["text", "json", "markdown"], "text", "text, json or markdown (for a pull-request comment)"),
    )
    .addOption(outOption("write the diff to <file> instead of stdout (whole or not at all)"))
    .addOption(failOnOption(["never", "new-access"], "never", "exit 1 on 'new-access', or 'never'"))
    .option("--fail-on-new-access", "exit 1 when any principal gains any access (same as --fail-on new-access)")
    .option(
      "--exact",
      "also prove exactly (SMT) whether any principal gains access, in any context (default with --fail-on new-access)",
    )
    .option("--no-exact", "only the sampled diff: do not run the solver")
    .option("--query-timeout <ms>", "per solver query; on expiry the answer is unknown (default 5000)")
    .option("--jobs <n>", "the exact check on n threads, each with its own solver, or 'auto' (one per core); default 1")
    .option(
      "--shard <i/n>",
      "only the i-th of n deterministic slices of the principals (CI matrix jobs; combine with `ai-iam merge`)",
    )
    .addOption(workersOption())
    .addOption(quietOption("only the diff; no progress bar, nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam diff old-spec/ examples/ai-platform",
          "ai-iam diff --base main examples/ai-platform --format markdown --fail-on-new-access",
          "ai-iam diff --account-file account.json draft/   # what adopting a draft spec would change",
          "ai-iam diff --base main spec/ --fail-on-new-access --format json --shard 1/4 --out diff-1.json",
        ],
        "With --fail-on new-access (or --exact) the solver decides, over all actions, resources and contexts,\n" +
          "whether a principal gains access (its guardrails, boundary, SCPs and trust policy included), and\n" +
          "prints an engine-confirmed counterexample request for each gain.\n" +
          "Exit codes: 0 ok, 1 new access (or an undecided principal) with --fail-on new-access,\n" +
          "2 invalid input or usage.",
      ),
    )
    .action(async (oldPath: string, newPath: string | undefined, opts: DiffOptions) => {
      process.exitCode = await runDiff(oldPath, newPath, opts);
    });
}

export async function runDiff(oldPath: string, newPath: string | undefined, opts: DiffOptions): Promise<number> {
  const input = await import("./review-input.js");
  const { printDiagnostics } = await import("../output.js");
  if (opts.accountFile && opts.accountFile.length > 0) {
    if (newPath || opts.base) {
      printDiagnostics([input.usageError("with --account-file, give one spec: the account is the old version")]);
      return ExitCode.Invalid;
    }
    const { loadModelInput } = await import("../model-input.js");
    const account = await loadModelInput(undefined, opts);
    const spec = await input.loadReviewInput(oldPath, {});
    if (!account.model || !spec) return ExitCode.Invalid;
    const { accountAsDraft } = await import("../../analysis/draft-spec/draft-view.js");
    const view = accountAsDraft(account.model, oldPath);
    return renderModelDiff(view.model, spec.model, opts, spec.spec?.datasets, view.notes);
  }
  if (opts.base && newPath) {
    printDiagnostics([input.usageError("with --base, give one spec path: its version at --base is compared to it")]);
    return ExitCode.Invalid;
  }
  if (!opts.base && !newPath) {
    printDiagnostics([input.usageError("give two specs (<old> <new>), or --base <git-rev> and one spec")]);
    return ExitCode.Invalid;
  }
  let tmp: string | undefined;
  try {
    let before: string | undefined = oldPath;
    const after = newPath ?? oldPath;
    if (opts.base) {
      const { extractAtRevision } = await import("../../input/team-spec/git-revision.js");
      const extracted = extractAtRevision(oldPath, opts.base);
      if ("diagnostics" in extracted) {
        printDiagnostics(extracted.diagnostics);
        return ExitCode.Invalid;
      }
      if ("missing" in extracted) before = undefined;
      else {
        tmp = extracted.tmp;
        before = extracted.path;
      }
    }
    const oldInput = before === undefined ? undefined : await input.loadReviewInput(before, {});
    const newInput = await input.loadReviewInput(after, {});
    if ((before !== undefined && !oldInput) || !newInput) return ExitCode.Invalid;
    const { withoutPrincipals } = await import("../../model/empty.js");
    const oldModel = oldInput?.model ?? withoutPrincipals(newInput.model);
    return await renderModelDiff(oldModel, newInput.model, opts, newInput.spec?.datasets);
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The effective-access diff of two models, rendered and emitted; the exit code. `datasets` (the new
 * spec's) let the diff call out new access to confidential and restricted data by name.
 */
async function renderModelDiff(
  oldModel: AccessModel,
  newModel: AccessModel,
  opts: DiffOptions,
  datasets?: Readonly<Record<string, DatasetSpec>>,
  draftNotes?: Readonly<Record<string, string>>,
): Promise<number> {
  const fail = opts.failOnNewAccess || opts.failOn === "new-access";
  const timeoutMs = opts.queryTimeout === undefined ? undefined : Number(opts.queryTimeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    (await import("../output.js")).printDiagnostics([
      (await import("./review-input.js")).usageError(
        `--query-timeout must be a positive number of milliseconds, not '${opts.queryTimeout}'`,
      ),
    ]);
    return ExitCode.Invalid;
  }
  // The exact diff needs Z3 (an optional peer): a gate never falls back to sampling on its own.
  if (opts.exact ?? fail) {
    const noSolver = (await import("../../input/capture/peers.js")).missingSolverDiagnostic(
      opts.exact ? "ai-iam diff --exact" : "ai-iam diff --fail-on-new-access",
      "or add --no-exact to gate on the sampled diff only",
    );
    if (noSolver) {
      (await import("../output.js")).printDiagnostics([noSolver]);
      return ExitCode.Invalid;
    }
  }
  const { parseJobs, workerWarning } = await import("../../analysis/prover/jobs-options.js");
  const jobs = opts.jobs === undefined ? 1 : parseJobs(opts.jobs);
  if (jobs === undefined) {
    (await import("../output.js")).printDiagnostics([
      (await import("./review-input.js")).usageError(
        `--jobs must be a whole number from 1 to 64, or auto, not '${opts.jobs}'`,
      ),
    ]);
    return ExitCode.Invalid;
  }
  const shards = opts.shard === undefined ? undefined : await import("../../analysis/prover/shards.js");
  const shard = opts.shard === undefined ? undefined : shards?.parseShard(opts.shard);
  if (opts.shard !== undefined && !shard) {
    (await import("../output.js")).printDiagnostics([
      (await import("./review-input.js")).usageError(
        `--shard must be i/n with 1 ≤ i ≤ n ≤ 100000, not '${opts.shard}'`,
        "e.g. --shard 2/4",
      ),
    ]);
    return ExitCode.Invalid;
  }
  const { reviewChange } = await import("../../analysis/change-review.js");
  const workerFailures: string[] = [];
  const { createProgress } = await import("../progress.js");
  const { diff, exact, gainsAccess } = await reviewChange(oldModel, newModel, {
    ...(opts.workers !== undefined ? { workers: Number(opts.workers) } : {}),
    progress: (phase) => createProgress(phase, { quiet: opts.quiet }),
    ...(datasets ? { datasets } : {}),
    exact: opts.exact ?? fail,
    timeoutMs,
    jobs,
    onWorkerError: (e) => workerFailures.push(e.message),
    ...(shard ? { shard } : {}),
  });
  if (workerFailures.length > 0) (await import("../output.js")).printDiagnostics([workerWarning(workerFailures)]);
  if (draftNotes) (await import("../../analysis/draft-spec/index.js")).explainDraftDiff(diff, draftNotes);
  let text: string;
  if (opts.format === "json") {
    // Without wall times: the same input gives the same bytes, whatever --jobs.
    const { diffJson, diffResult, runFingerprint } = shards ?? (await import("../../analysis/prover/shards.js"));
    let head: Parameters<typeof diffJson>[1];
    if (shard) {
      // What `ai-iam merge` checks every shard shares: both versions, the options, ai-iam and its AWS data.
      const { versionInfo } = await import("../../version.js");
      const fingerprint = runFingerprint(
        { before: oldModel, after: newModel, datasets: datasets ?? null, draftNotes: draftNotes ?? null },
        { exact: opts.exact ?? fail, timeoutMs: timeoutMs ?? null, ...versionInfo() },
      );
      head = { ...shard, fingerprint };
    }
    text = diffJson(diffResult(diff, exact), head);
  } else if (opts.format === "markdown") {
    text = (await import("../../report/diff.js")).renderDiffMarkdown(diff);
    if (exact) text += (await import("../../report/exact.js")).renderExactMarkdown(exact);
  } else {
    const { renderDiffText } = await import("../../report/diff.js");
    const colors = resultColors(opts.out);
    text = renderDiffText(diff, colors);
    // Nothing changed is already exact (the same policies decide alike): no second line for it.
    if (exact && exact.principals.length > 0) {
      text += `\n${(await import("../../report/exact.js")).renderExactText(exact, colors)}`;
    }
  }
  if (!emit(text, opts.out)) return ExitCode.Invalid;
  return fail && gainsAccess ? ExitCode.Findings : ExitCode.Ok;
}
