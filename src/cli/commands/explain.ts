import type { Command } from "commander";
import type { ActionInfo, Catalog, CatalogInfo, ConditionKeyInfo } from "../../catalog/index.js";
import type { Diagnostic } from "../../diagnostics/index.js";
import { emit, formatOption, helpText, outOption, quietOption, resultColors } from "../options.js";

/** Where diagnostics about the command's own arguments point. */
const COMMAND_LINE = "<command line>";

type Result =
  | { input: string; kind: "actions"; actions: ActionInfo[] }
  | { input: string; kind: "condition-key"; conditionKey: ConditionKeyInfo };

/**
 * `ai-iam explain <action-or-pattern...>`: what AWS's service authorization data says about actions
 * (access levels, resource types with ARN formats, condition keys), or about a condition key.
 */
export function register(program: Command): void {
  program
    .command("explain")
    .description("explain actions, action patterns (s3:Get*, 'sagemaker:Create*') or condition keys from AWS's data")
    .argument(
      "<names...>",
      "actions (s3:GetObject), patterns (s3:Get*, *:Describe*, *) or condition keys (aws:SourceIp)",
    )
    .addOption(formatOption(["text", "json"], "text"))
    .option("--arn <arn>", "also show which resource types of each action this ARN (pattern) can match")
    .addOption(outOption())
    .addOption(quietOption("only the explanation; no warnings, nothing on stderr but errors"))
    .addHelpText(
      "after",
      helpText(
        [
          "ai-iam explain s3:GetObject",
          "ai-iam explain 'sagemaker:Create*' --format json",
          "ai-iam explain s3:ListBucket --arn 'arn:aws:s3:::team-bucket/*'",
          "ai-iam explain aws:SourceIp",
        ],
        "Exit codes: 0 ok, 2 an unknown service, a pattern that matches nothing, or a usage error.",
      ),
    )
    .action(async (names: string[], opts: { format: string; arn?: string; out?: string }) => {
      const { getCatalog } = await import("../../catalog/index.js");
      const { printDiagnostics } = await import("../output.js");
      const { ExitCode } = await import("../exit.js");
      const { parseArn } = await import("../../policy/index.js");
      const diagnostics: Diagnostic[] = [];
      const catalog = getCatalog();
      const results: Result[] = [];
      // Every diagnostic says which argument it is about: "<command line> ... (at argument 2)".
      names.forEach((input, i) => {
        const where = { file: COMMAND_LINE, path: `argument ${i + 1}` };
        const asKey = !/[*?]/.test(input) && !catalog.action(input) ? catalog.conditionKey(input) : undefined;
        if (asKey) {
          results.push({ input, kind: "condition-key", conditionKey: asKey });
          return;
        }
        const colon = input.indexOf(":");
        if (colon > 0 && input.slice(0, colon).toLowerCase() === "aws") {
          // `aws:` is the namespace of the global condition keys, not a service.
          diagnostics.push({
            code: "explain-unknown-condition-key",
            severity: "error",
            message: `${JSON.stringify(input)} is not a global condition key (aws: is no service prefix)`,
            hint: 'see the IAM User Guide, "AWS global condition context keys"; e.g. aws:SourceIp, aws:PrincipalTag/team',
            ...where,
          });
          return;
        }
        const expanded = catalog.expandActionPattern(input, where);
        diagnostics.push(...expanded.diagnostics);
        if (expanded.actions.length > 0) results.push({ input, kind: "actions", actions: expanded.actions });
      });
      if (opts.arn !== undefined && opts.arn !== "*") {
        const parsed = parseArn(opts.arn);
        if (!parsed.ok) {
          diagnostics.push({
            code: "cli-invalid-option",
            severity: "error",
            message: parsed.message,
            hint: 'give an ARN or ARN pattern, e.g. --arn "arn:aws:s3:::team-bucket/*", or "*"',
            file: COMMAND_LINE,
            path: "--arn",
          });
        }
      }
      const failed = diagnostics.some((d) => d.severity === "error") || results.length < names.length;
      if (diagnostics.length > 0) printDiagnostics(diagnostics);
      if (failed) {
        if (!diagnostics.some((d) => d.severity === "error")) {
          const missing = names.length - results.length;
          process.stderr.write(
            `${missing} of ${names.length} name${names.length === 1 ? "" : "s"} matched nothing; nothing was written.\n`,
          );
        }
        process.exitCode = ExitCode.Invalid;
        return;
      }
      const text =
        opts.format === "json"
          ? renderJson(catalog, results, opts.arn)
          : renderText(catalog, results, opts.arn, resultColors(opts.out));
      process.exitCode = emit(text, opts.out) ? ExitCode.Ok : ExitCode.Invalid;
    });
}

/** Every condition key the results mention, resolved to its type. */
function referencedKeys(catalog: Catalog, results: Result[]): Map<string, ConditionKeyInfo | undefined> {
  const keys = new Map<string, ConditionKeyInfo | undefined>();
  for (const r of results) {
    if (r.kind !== "actions") continue;
    for (const a of r.actions) {
      for (const k of a.conditionKeys) if (!keys.has(k)) keys.set(k, catalog.conditionKey(k, a.service));
    }
  }
  return keys;
}

function renderJson(catalog: Catalog, results: Result[], arn: string | undefined): string {
  const keys = referencedKeys(catalog, results);
  const conditionKeys: Record<string, ConditionKeyInfo> = {};
  for (const k of [...keys.keys()].sort()) {
    const info = keys.get(k);
    if (info) conditionKeys[k] = info;
  }
  const data: CatalogInfo = catalog.info();
  const body = {
    data,
    results: results.map((r) =>
      r.kind === "actions"
        ? {
            input: r.input,
            kind: r.kind,
            actions: r.actions.map((a) =>
              arn === undefined
                ? a
                : { ...a, matchingResourceTypes: catalog.resourceTypesForArn(a, arn).map((t) => t.name) },
            ),
          }
        : r,
    ),
    conditionKeys,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

function levels(a: ActionInfo): string {
  const l: string[] = [];
  if (a.accessLevels.list) l.push("List");
  if (a.accessLevels.read) l.push("Read");
  if (a.accessLevels.write) l.push("Write");
  if (a.accessLevels.tagging) l.push("Tagging");
  if (a.accessLevels.permissionsManagement) l.push("Permissions management");
  return l.join(", ");
}

function renderText(
  catalog: Catalog,
  results: Result[],
  arn: string | undefined,
  c: ReturnType<typeof resultColors>,
): string {
  const keys = referencedKeys(catalog, results);
  const lines: string[] = [];
  for (const r of results) {
    if (r.kind === "condition-key") {
      const k = r.conditionKey;
      lines.push(`${c.bold(k.key)}  condition key`);
      lines.push(`  type: ${k.type}${k.multiValued ? " (multivalued: use ForAllValues/ForAnyValue)" : ""}`);
      lines.push(`  global: ${k.global ? "yes" : "no"}`);
      if (k.description) lines.push(`  ${k.description}`);
      lines.push("");
      continue;
    }
    if (r.actions.length > 1 || r.input !== r.actions[0].key) {
      const counts = new Map<string, number>();
      for (const a of r.actions) counts.set(a.accessLevel, (counts.get(a.accessLevel) ?? 0) + 1);
      const summary = [...counts].map(([l, n]) => `${l} ${n}`).join(", ");
      lines.push(c.dim(`${r.input} → ${r.actions.length} action${r.actions.length === 1 ? "" : "s"} (${summary})`), "");
    }
    for (const a of r.actions) {
      const svc = catalog.service(a.service);
      lines.push(`${c.bold(a.key)}  ${c.dim(svc?.name ?? a.service)}`);
      if (a.description) lines.push(`  ${a.description}`);
      lines.push(`  access level: ${levels(a)}`);
      if (a.wildcardOnly) {
        lines.push('  resource types: none — wildcard-only: grant it on "Resource": "*"');
      } else {
        lines.push("  resource types (* = required):");
        const width = Math.max(...a.resourceTypes.map((t) => t.name.length)) + 2;
        for (const t of a.resourceTypes) {
          const name = `${t.required ? "*" : " "} ${t.name}`.padEnd(width + 2);
          lines.push(`    ${name} ${t.arnFormats.join(" | ")}`);
        }
      }
      if (arn !== undefined) {
        const m = catalog.resourceTypesForArn(a, arn).map((t) => t.name);
        lines.push(
          `  ${arn} matches: ${m.length > 0 ? m.join(", ") : a.wildcardOnly ? "(wildcard-only action)" : "none"}`,
        );
      }
      if (a.conditionKeys.length > 0) {
        lines.push("  condition keys:");
        const width = Math.max(...a.conditionKeys.map((k) => k.length)) + 2;
        for (const k of a.conditionKeys) {
          const info = keys.get(k);
          lines.push(`    ${k.padEnd(width)} ${info ? info.type : "?"}${info?.multiValued ? " (multivalued)" : ""}`);
        }
      } else lines.push("  condition keys: none (global keys such as aws:SourceIp still apply)");
      if (a.dependentActions) lines.push(`  dependent actions: ${a.dependentActions.join(", ")}`);
      lines.push("");
    }
  }
  const info = catalog.info();
  lines.push(c.dim(`AWS service authorization data: ${info.package} ${info.version} (updated ${info.updatedAt})`));
  return `${lines.join("\n")}\n`;
}
