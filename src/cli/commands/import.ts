import type { Command } from "commander";
import { organizationOptions } from "../account-input.js";
import { ExitCode } from "../exit.js";
import { emit, formatOption, helpText, outOption, quietOption, resultColors } from "../options.js";

interface ImportCommandOptions {
  scps?: string[];
  rcps?: string[];
  region?: string;
  draftSpec?: string;
  organization?: string;
  format: string;
  out?: string;
  quiet?: boolean;
}

/** `ai-iam import <file...>`: an existing account as an AccessModel; `--draft-spec <dir>` proposes a spec for it. */
export function register(program: Command): void {
  const command = program.command("import");
  organizationOptions(command);
  command
    .description(
      "read `aws iam get-account-authorization-details` exports (and SCPs/RCPs); report what was read, or draft a spec",
    )
    .argument("<files...>", "authorization-details JSON files: one per account (or per page), gzip'd or not")
    .option("--draft-spec <dir>", "write a draft team spec for the account to <dir> (ai-iam.yaml, DRAFT.md, extras/)")
    .option("--organization <name>", "the organization name for the draft spec (default imported)")
    .addOption(formatOption(["text", "json"], "text"))
    .addOption(outOption("write the summary (or, with --format json, the model) to <file> instead of stdout"))
    .addOption(quietOption("no summary on stdout; only errors on stderr"))
    .addHelpText(
      "after",
      helpText(
        [
          "aws iam get-account-authorization-details --output json > account.json",
          "ai-iam import account.json",
          "ai-iam import prod.json staging.json --scps root=FullAWSAccess,deny-regions.json --scps ou=FullAWSAccess",
          "ai-iam import account.json --draft-spec draft/",
          "ai-iam who-can --account-file account.json --action s3:GetObject --resource arn:aws:s3:::data/x",
        ],
        "Every command that analyzes a model accepts --account-file <file...> (and --scps, --region) instead of a spec.\n" +
          "AWS managed policies come from the export when it has them, else from ai-iam's offline catalog.\n" +
          "Exit codes: 0 ok, 2 invalid or truncated input (every problem is printed with file, line and column).",
      ),
    )
    .action(async (files: string[], opts: ImportCommandOptions) => {
      process.exitCode = await runImport(files, opts);
    });
}

export async function runImport(files: string[], opts: ImportCommandOptions): Promise<number> {
  const { printDiagnostics, writeStdout } = await import("../output.js");
  const { loadAccountModel } = await import("../account-input.js");
  const loaded = await loadAccountModel(files, opts);
  if (!loaded) return ExitCode.Invalid;
  const { model, summary } = loaded;
  if (opts.draftSpec) {
    const { draftSpec } = await import("../../analysis/draft-spec/index.js");
    const draft = draftSpec(model, {
      ...(opts.organization ? { organization: opts.organization } : {}),
      ...(opts.region ? { region: opts.region } : {}),
    });
    if (draft.diagnostics.some((d) => d.severity === "error")) {
      printDiagnostics(draft.diagnostics);
      return ExitCode.Invalid;
    }
    const { writeFilesAtomically } = await import("../options.js");
    const error = writeFilesAtomically(
      opts.draftSpec,
      [...draft.files].map(([path, text]) => ({ path, text })),
    );
    if (error) {
      printDiagnostics([{ code: "cli-write", severity: "error", message: error }]);
      return ExitCode.Invalid;
    }
    if (!opts.quiet) {
      const { renderDraftText } = await import("../../report/account-text.js");
      writeStdout(renderDraftText(draft, opts.draftSpec, resultColors(undefined)));
    }
    return ExitCode.Ok;
  }
  if (opts.quiet && !opts.out) return ExitCode.Ok;
  let text: string;
  if (opts.format === "json") text = `${JSON.stringify({ summary, model }, null, 2)}\n`;
  else {
    const { renderImportText } = await import("../../report/account-text.js");
    text = renderImportText(model, summary, resultColors(opts.out));
  }
  return emit(text, opts.out) ? ExitCode.Ok : ExitCode.Invalid;
}
