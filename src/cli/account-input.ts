import type { Command } from "commander";
import type { Diagnostic } from "../diagnostics/index.js";
import type { ImportOptions, ImportSummary } from "../input/account/index.js";
import type { AccessModel } from "../model/types.js";
import { printDiagnostics } from "./output.js";

/**
 * `--account-file <file...>` (with `--scps`, `--rcps`, `--region`) → the imported model, for
 * `import` and for every command that analyzes a model. Every diagnostic is printed; the model is
 * returned only when none is an error.
 */
export interface AccountInputOptions {
  scps?: string[];
  rcps?: string[];
  region?: string;
}

/**
 * The options as a model source for the library's `loadModel` (`src/compile/load.ts`), or the
 * usage errors of `--scps`/`--rcps` values.
 */
export async function accountSource(
  files: readonly string[],
  opts: AccountInputOptions,
): Promise<{ source?: { accountFiles: readonly string[]; options: ImportOptions }; diagnostics: Diagnostic[] }> {
  const { organizationPolicyArguments } = await import("../input/account/organizations.js");
  const scps = organizationPolicyArguments(opts.scps ?? []);
  const rcps = organizationPolicyArguments(opts.rcps ?? [], "rcp");
  const diagnostics = [...scps.diagnostics, ...rcps.diagnostics];
  if (diagnostics.length > 0) return { diagnostics };
  const options: ImportOptions = {
    organizationPolicies: [...scps.inputs, ...rcps.inputs],
    ...(opts.region ? { region: opts.region } : {}),
  };
  return { source: { accountFiles: files, options }, diagnostics };
}

/** The imported model with its summary (for `import` and `usage`); every diagnostic printed. */
export async function loadAccountModel(
  files: readonly string[],
  opts: AccountInputOptions,
): Promise<{ model: AccessModel; summary: ImportSummary } | undefined> {
  const { source, diagnostics } = await accountSource(files, opts);
  if (!source) {
    printDiagnostics(diagnostics);
    return undefined;
  }
  const { importAuthorizationDetails } = await import("../input/account/index.js");
  const result = await importAuthorizationDetails(source.accountFiles, source.options);
  if (result.diagnostics.length > 0) printDiagnostics(result.diagnostics);
  if (!result.model || !result.summary || result.diagnostics.some((d) => d.severity === "error")) return undefined;
  return { model: result.model, summary: result.summary };
}

/** A repeatable option's values (`--account-file a.json --account-file b.json`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * The organization-policy options (`--scps`, `--rcps`, `--region`), each repeatable rather than
 * variadic, so that a positional argument after them is not taken for one more file.
 */
export function organizationOptions(command: Command, prefix = ""): Command {
  return command
    .option(
      "--scps <level=files>",
      `${prefix}SCPs of one level: [root=|ou=|ou2=|account=]file[,file...]; repeat from the root down`,
      collect,
    )
    .option("--rcps <level=files>", `${prefix}RCPs of one level, written as for --scps`, collect)
    .option("--region <region>", `${prefix}the region simulated requests are made in (default us-east-1)`);
}

/** `--account-file <file>` (repeatable) and the organization options. */
export function accountOptions(command: Command, description: string): Command {
  return organizationOptions(command.option("--account-file <file>", description, collect), "with --account-file: ");
}
