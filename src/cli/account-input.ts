import type { Command } from "commander";
import type { ImportSummary } from "../input/account/index.js";
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

export async function loadAccountModel(
  files: readonly string[],
  opts: AccountInputOptions,
): Promise<{ model: AccessModel; summary: ImportSummary } | undefined> {
  const { importAuthorizationDetails, organizationPolicyArguments } = await import("../input/account/index.js");
  const scps = organizationPolicyArguments(opts.scps ?? []);
  const rcps = organizationPolicyArguments(opts.rcps ?? [], "rcp");
  const usage = [...scps.diagnostics, ...rcps.diagnostics];
  if (usage.length > 0) {
    printDiagnostics(usage);
    return undefined;
  }
  const result = await importAuthorizationDetails(files, {
    organizationPolicies: [...scps.inputs, ...rcps.inputs],
    ...(opts.region ? { region: opts.region } : {}),
  });
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
