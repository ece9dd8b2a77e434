import type { Command } from "commander";
import { formatOption, helpText, outOption, programOption, quietOption } from "../options.js";

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `ai-iam simulate`: decide requests as AWS would. The policy set and requests come from files
 * here; other sources (a spec, a Pulumi program) plug in through `runSimulateCommand(opts, source)`
 * in `../simulate-run.ts`.
 */
export function register(program: Command): void {
  program
    .command("simulate")
    .description("decide requests against a policy set exactly as AWS would, optionally explaining why")
    .argument("[spec]", "a spec (file or folder): simulate as one of its principals (--principal team/member)")
    .option(
      "--policy-set <file>",
      "policy set JSON: identityPolicies, resourcePolicy, permissionBoundaries, scps, rcps, sessionPolicy",
    )
    .option("--requests <file>", "requests, one JSON object per line (or a JSON array)")
    .option("--principal <arn>", "single request: the calling principal's ARN")
    .option("--action <action>", "single request: the action, e.g. s3:GetObject")
    .option("--resource <arn>", "single request: the resource ARN (or *)")
    .option("--resource-account <id>", "single request: the account owning the resource, when its ARN has none")
    .option("--context <key=value>", "single request: a context key (repeat a key for a multivalued key)", collect, [])
    .option("--explain", "say which statements allowed or denied, and which layer lacked an allow")
    .addOption(
      formatOption(
        ["text", "json", "jsonl"],
        undefined,
        "text, json or jsonl (default: jsonl with --requests, else text)",
      ),
    )
    .option("--program <dir>", "instead of a spec: a Pulumi program, its IAM captured under mocks (--principal aiUser)")
    .option("--account <id>", "the account a captured program's ARNs are synthesized in", "123456789012")
    .addOption(programOption("stack"))
    .addOption(programOption("config"))
    .addOption(programOption("config-file"))
    .addOption(programOption("organization"))
    .option("--fail-on-unknown", "exit 1 when a decision is Unknown (a captured program's IAM not fully seen)")
    .addOption(outOption("write the decisions to <file> instead of stdout (whole or not at all)"))
    .addOption(quietOption("only the decisions; no notes or warnings, nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam simulate examples/ai-platform --principal vision/alice --action s3:GetObject \\\n" +
            "    --resource arn:aws:s3:::acme-ai-datasets/imagenet/x --explain",
          "ai-iam simulate --policy-set set.json --requests requests.jsonl --out decisions.jsonl",
        ],
        "Decisions never change the exit code: 0 decided, 2 invalid input or usage (nothing on stdout);\n" +
          "with --fail-on-unknown, 1 when a decision is Unknown (what a captured program depends on was not seen).",
      ),
    )
    .action(async (spec: string | undefined, opts) => {
      const { runSimulateCommand } = await import("../simulate-run.js");
      const input = opts.program || opts.accountFile?.length ? opts : undefined;
      const source = spec || input ? (await import("./simulate-spec.js")).specJobs(spec, input) : undefined;
      process.exitCode = await runSimulateCommand(opts, source);
    });
}
