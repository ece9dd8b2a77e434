import { type Command, Option } from "commander";
import type { Diagnostic } from "../../diagnostics/index.js";
import type { ImportOptions } from "../../input/account/index.js";
import type { PolicyKind } from "../../policy/types.js";
import { ExitCode } from "../exit.js";
import {
  emit,
  failOnOption,
  formatOption,
  helpText,
  outOption,
  programOption,
  quietOption,
  resultColors,
} from "../options.js";

export interface CheckCommandOptions {
  format: string;
  failOn: string;
  policyType?: string;
  pack: string;
  program?: string;
  account?: string;
  /** An imported account instead of a spec (`--account-file`, with `--scps`, `--rcps`, `--region`). */
  accountFile?: string[];
  scps?: string[];
  rcps?: string[];
  region?: string;
  stack?: string;
  config?: Record<string, string>;
  configFile?: string[];
  organization?: string;
  out?: string;
  docsUrl?: string;
  quiet?: boolean;
}

const FORMATS = ["text", "json", "sarif", "markdown"];
const FAIL_ON = ["error", "security", "warning", "suggestion", "never"];
const POLICY_TYPES = ["identity", "resource", "trust", "scp", "boundary"];

/** `ai-iam check <path...>`: lint policies, specs and programs; risks over effective permissions. */
export function register(program: Command): void {
  program
    .command("check")
    .description(
      "check IAM policies, specs and programs: grammar, catalog, quotas and risks over effective permissions",
    )
    .argument("[paths...]", "policy JSON files, folders of them, or a spec (a .yaml file or a folder of them)")
    .addOption(formatOption(FORMATS, "text"))
    .addOption(
      failOnOption(
        FAIL_ON,
        "security",
        "exit 1 when findings at or above: error, security (the default: a risky policy fails CI), warning, suggestion; or never",
      ),
    )
    .addOption(
      new Option(
        "--policy-type <type>",
        "identity, resource, trust, scp or boundary, for files where it cannot be inferred",
      ).choices(POLICY_TYPES),
    )
    .option("--pack <pack>", "rule pack: recommended, validation or risks", "recommended")
    .option("--program <dir>", "a Pulumi program: capture its IAM under mocks and check it")
    .option("--account <id>", "the account ARNs of a captured program are synthesized in")
    .option(
      "--docs-url <url>",
      "the documentation base URL rules link to in SARIF and markdown (default: AI_IAM_DOCS_URL, else the repository's docs/)",
    )
    .addOption(programOption("stack"))
    .addOption(programOption("config"))
    .addOption(programOption("config-file"))
    .addOption(programOption("organization"))
    .addOption(outOption("write the findings to <file> instead of stdout (whole or not at all)"))
    .addOption(quietOption("only the findings; no parser warnings, nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam check policies/",
          "ai-iam check --format sarif policy.json --out results.sarif",
          "ai-iam check examples/ai-platform --fail-on security",
        ],
        "Suppressions: a `.ai-iam-ignore.yaml` beside policy files (a list of { rule, reason, statement?, file? }),\n" +
          "or a spec's `suppress:`. Exit codes: 0 clean, 1 findings at or above --fail-on, 2 invalid input or usage.",
      ),
    )
    .action(async (paths: string[], opts: CheckCommandOptions) => {
      process.exitCode = await runCheckCommand(paths, opts);
    });
}

function usage(message: string): Diagnostic {
  return { code: "cli-invalid-option", severity: "error", message };
}

export async function runCheckCommand(paths: string[], opts: CheckCommandOptions): Promise<number> {
  const { isQuiet, printDiagnostics } = await import("../output.js");
  const bad: Diagnostic[] = [];
  const { rulePacks, failsOn } = await import("../../analysis/checks/index.js");
  const rules = rulePacks[opts.pack];
  if (!rules)
    bad.push(usage(`--pack must be one of ${Object.keys(rulePacks).join(", ")}, not ${JSON.stringify(opts.pack)}`));
  if (paths.length === 0 && !opts.program && !opts.accountFile?.length)
    bad.push(usage("name policy files, folders or a spec to check (or --program <dir>, or --account-file <export>)"));
  let account: { accountFiles: readonly string[]; options: ImportOptions } | undefined;
  if (opts.accountFile?.length) {
    const loaded = await (await import("../account-input.js")).accountSource(opts.accountFile, opts);
    for (const item of loaded.diagnostics) bad.push(item);
    account = loaded.source;
  }
  if (bad.length > 0) {
    printDiagnostics(bad);
    return ExitCode.Invalid;
  }
  const { checkPaths } = await import("../../analysis/checks/inputs.js");
  const checked = await checkPaths(paths, {
    rules,
    ...(opts.policyType ? { policyType: opts.policyType as PolicyKind } : {}),
    ...(opts.program ? { program: opts.program } : {}),
    ...(opts.account ? { account: opts.account } : {}),
    ...(account ? { accountFiles: account.accountFiles, importOptions: account.options } : {}),
    capture: {
      ...(opts.stack ? { stack: opts.stack } : {}),
      ...(opts.config ? { config: opts.config } : {}),
      ...(opts.configFile ? { configFiles: opts.configFile } : {}),
      ...(opts.organization ? { organization: opts.organization } : {}),
    },
  });
  if (checked.diagnostics.length > 0) printDiagnostics(checked.diagnostics);
  if (!checked.result) return ExitCode.Invalid;
  // The input's own warnings (the spec's or the compiler's, printed above): in every format, and
  // at the warning level of --fail-on.
  const inputWarnings = checked.diagnostics.filter((d) => d.severity === "warning");
  const { docsBaseUrl } = await import("../../report/docs-url.js");
  const checksDoc = `${docsBaseUrl(opts.docsUrl)}/checks.md`;
  const { renderFindings } = await import("../../report/findings.js");
  const text = await renderFindings(checked.result, opts.format, {
    checksDoc,
    color: resultColors(opts.out),
    ...(checked.defaultFile !== undefined ? { defaultFile: checked.defaultFile } : {}),
    inputWarnings,
  });
  if (!emit(text, opts.out)) return ExitCode.Invalid;
  // A file that could not be checked is invalid input, whatever --fail-on says.
  if (checked.invalidFiles > 0) return ExitCode.Invalid;
  if (failsOn(checked.result.findings, opts.failOn as "error")) return ExitCode.Findings;
  // The input's own warnings (the spec's or the compiler's, on stderr: a nested dataset, a trust
  // setting no identity mode reads) are at the warning level: `--fail-on warning` (or suggestion)
  // fails on them as on a rule's warning, instead of passing CI with "0 warnings".
  if (inputWarnings.length > 0 && (opts.failOn === "warning" || opts.failOn === "suggestion")) {
    // With --quiet they were not printed: say why the check fails.
    if (isQuiet()) {
      process.stderr.write(
        `${inputWarnings.length} input warning${inputWarnings.length === 1 ? "" : "s"} (run without --quiet to see them): --fail-on ${opts.failOn} fails\n`,
      );
    }
    return ExitCode.Findings;
  }
  return ExitCode.Ok;
}
