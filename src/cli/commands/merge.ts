import type { Command } from "commander";
import { ExitCode } from "../exit.js";
import { emit, formatOption, helpText, outOption, quietOption, resultColors } from "../options.js";

interface MergeOptions {
  format: string;
  out?: string;
  quiet?: boolean;
  failOnUnknown?: boolean;
}

/** `ai-iam merge <result.json…>`: the JSON results of `prove --shard i/n` runs as one report and exit code. */
export function register(program: Command): void {
  program
    .command("merge")
    .description("merge the JSON results of sharded `prove --shard i/n` runs into one report and exit code")
    .argument("<results...>", "the files `ai-iam prove --shard i/n --format json --out <file>` wrote, one per shard")
    .addOption(formatOption(["text", "json"], "text"))
    .addOption(outOption("write the merged result to <file> instead of stdout (whole or not at all)"))
    .option("--fail-on-unknown", "exit 1 when a property is unknown, as prove does: the default")
    .option("--no-fail-on-unknown", "exit 0 when nothing is violated, even if some property is unknown")
    .addOption(quietOption("only the result; nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam merge results/prove-*.json",
          "ai-iam merge shard-1.json shard-2.json shard-3.json --format json --out prove.json",
        ],
        "The merged report is the one an unsharded `ai-iam prove` run would print (--format json: the same bytes).\n" +
          "Every shard of one run must be given once: a missing or duplicated shard, shards of different runs\n" +
          "(another spec or other options: the results' fingerprints differ) or a file that is not a result is an error.\n" +
          "Exit codes: 0 every property proven, 1 a property violated or unknown (--no-fail-on-unknown: violated),\n" +
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
