import type { Command } from "commander";
import { ExitCode } from "../exit.js";
import { emit, formatOption, helpText, outOption, quietOption, resultColors } from "../options.js";

interface MergeOptions {
  format: string;
  out?: string;
  quiet?: boolean;
  failOnUnknown?: boolean;
}

/** `ai-iam merge <result.json…>`: the JSON results of `prove --shard i/n` or `diff --shard i/n` runs as one report and exit code. */
export function register(program: Command): void {
  program
    .command("merge")
    .description(
      "merge the JSON results of sharded `prove --shard i/n` or `diff --shard i/n` runs into one report and exit code",
    )
    .argument(
      "<results...>",
      "the files `ai-iam prove` (or `diff`) `--shard i/n --format json --out <file>` wrote, one per shard",
    )
    .addOption(formatOption(["text", "json"], "text"))
    .addOption(outOption("write the merged result to <file> instead of stdout (whole or not at all)"))
    .option(
      "--fail-on-unknown",
      "exit 1 when a property (or a diff's exact answer) is unknown, as prove does: the default",
    )
    .option("--no-fail-on-unknown", "exit 0 when nothing is violated, even if some property or exact answer is unknown")
    .addOption(quietOption("only the result; nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam merge results/prove-*.json",
          "ai-iam merge shard-1.json shard-2.json shard-3.json --format json --out prove.json",
          "ai-iam merge diff-*.json --format json --out diff.json   # shards of `diff --shard i/n`",
        ],
        "The merged report is the one an unsharded `ai-iam prove` (or `diff`) run would print (--format json: the same bytes).\n" +
          "Every shard of one run must be given once: a missing or duplicated shard, shards of different runs\n" +
          "(another spec or other options: the results' fingerprints differ) or a file that is not a result is an error.\n" +
          "Exit codes: 0 every property proven, 1 a property violated or unknown (--no-fail-on-unknown: violated),\n" +
          "for diff shards as `diff --fail-on-new-access`: 1 new access (or an undecided principal, unless\n" +
          "--no-fail-on-unknown);\n" +
          "2 invalid input or usage.",
      ),
    )
    .action(async (files: string[], opts: MergeOptions) => {
      process.exitCode = await runMerge(files, opts);
    });
}

export async function runMerge(files: readonly string[], opts: MergeOptions): Promise<number> {
  const { printDiagnostics } = await import("../output.js");
  const { inputBudget, readInputFile } = await import("../../input/files/read-bounded.js");
  const { mergeProveResults, proveJson } = await import("../../analysis/prover/shards.js");
  const budget = inputBudget();
  const read = files.map((file) => ({ file, r: readInputFile(file, budget) }));
  const unreadable = read.flatMap(({ r }) => ("diagnostic" in r ? [r.diagnostic] : []));
  if (unreadable.length > 0) {
    printDiagnostics(unreadable);
    return ExitCode.Invalid;
  }
  const merged = mergeProveResults(read.map(({ file, r }) => ({ file, text: "text" in r ? r.text : "" })));
  if (merged.diff) return emitDiff(merged.diff, opts);
  if (!merged.report || !merged.fingerprint) {
    printDiagnostics(merged.diagnostics);
    return ExitCode.Invalid;
  }
  const text =
    opts.format === "json"
      ? proveJson(merged.report, merged.fingerprint)
      : (await import("../../report/exact.js")).renderProveText(merged.report, resultColors(opts.out));
  if (!emit(text, opts.out)) return ExitCode.Invalid;
  if (merged.report.status === "violated") return ExitCode.Findings;
  if (merged.report.status === "unknown" && opts.failOnUnknown !== false) return ExitCode.Findings;
  return ExitCode.Ok;
}

/** Merged `diff` shards: the unsharded diff's output, and the exit code of `diff --fail-on-new-access`. */
async function emitDiff(
  diff: import("../../analysis/prover/shards.js").DiffResult,
  opts: MergeOptions,
): Promise<number> {
  let text: string;
  if (opts.format === "json") text = (await import("../../analysis/prover/shards.js")).diffJson(diff);
  else {
    const colors = resultColors(opts.out);
    text = (await import("../../report/diff.js")).renderDiffText(diff, colors);
    if (diff.exact && diff.exact.principals.length > 0) {
      const exact = { ...diff.exact, principals: diff.exact.principals.map((p) => ({ ...p, ms: 0 })) };
      text += `\n${(await import("../../report/exact.js")).renderExactText(exact, colors)}`;
    }
  }
  if (!emit(text, opts.out)) return ExitCode.Invalid;
  const status = diff.exact?.status ?? (diff.newAccess ? "violated" : "proven");
  if (status === "violated") return ExitCode.Findings;
  if (status === "unknown" && opts.failOnUnknown !== false) return ExitCode.Findings;
  return ExitCode.Ok;
}
