import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import { type Command, Option } from "commander";
import type { CheckResult, DocumentInput, Suppression } from "../../checks/index.js";
import type { Diagnostic } from "../../diagnostics.js";
import type { AccessModel } from "../../model/types.js";
import type { PolicyKind } from "../../policy/types.js";
import { ExitCode } from "../exit.js";
import { emit, failOnOption, formatOption, helpText, outOption, quietOption, resultColors } from "../options.js";

export interface CheckCommandOptions {
  format: string;
  failOn: string;
  policyType?: string;
  pack: string;
  program?: string;
  account?: string;
  accountFile?: string[];
  scps?: string[];
  rcps?: string[];
  region?: string;
  out?: string;
  quiet?: boolean;
}

const FORMATS = ["text", "json", "sarif", "markdown"];
const FAIL_ON = ["error", "security", "warning", "suggestion", "never"];
const POLICY_TYPES = ["identity", "resource", "trust", "scp", "boundary"];
/** Parser warnings that a rule reports as a finding (so they are not printed twice). */
const COVERED_BY_RULES = new Set([
  "policy-missing-version",
  "policy-empty-list",
  "policy-empty-statement",
  "policy-empty-condition",
]);

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
        "error",
        "exit 1 when findings at or above: error, security, warning, suggestion; or never",
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

interface Inputs {
  documents: DocumentInput[];
  suppressions: Suppression[];
  model?: AccessModel;
  diagnostics: Diagnostic[];
  /** Warnings to print even when the run goes on. */
  warnings: Diagnostic[];
}

function usage(message: string): Diagnostic {
  return { code: "cli-invalid-option", severity: "error", message };
}

/** Policy files under a folder (recursively; dot folders and node_modules skipped), sorted. */
function policyFilesIn(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".") || name === "node_modules") continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...policyFilesIn(p));
    else if (extname(name) === ".json") out.push(p);
  }
  return out;
}

function isYaml(name: string): boolean {
  return /\.ya?ml$/.test(name) && basename(name) !== ".ai-iam-ignore.yaml";
}

/** What a document's statements say about its kind: Principal → trust (sts:AssumeRole*) or resource. */
function inferKind(text: string): PolicyKind {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return "identity";
  }
  const raw = (value as { Statement?: unknown })?.Statement;
  const list = Array.isArray(raw) ? raw : raw && typeof raw === "object" ? [raw] : [];
  const withPrincipal = list.filter((s) => s && typeof s === "object" && ("Principal" in s || "NotPrincipal" in s));
  if (withPrincipal.length === 0) return "identity";
  const actions = withPrincipal.flatMap((s) => {
    const a = (s as { Action?: unknown }).Action;
    return Array.isArray(a) ? a : [a];
  });
  const trust =
    actions.length > 0 &&
    actions.every((a) => typeof a === "string" && /^sts:(AssumeRole|TagSession|SetSourceIdentity|SetContext)/i.test(a));
  return trust ? "trust" : "resource";
}

async function readPolicyFiles(files: string[], opts: CheckCommandOptions, inputs: Inputs): Promise<void> {
  const { parsePolicy } = await import("../../policy/parse.js");
  const { loadIgnoreFile, IGNORE_FILE } = await import("../../checks/suppressions.js");
  const dirs = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (err) {
      inputs.diagnostics.push({
        code: "cli-unreadable",
        severity: "error",
        message: `cannot read ${file}: ${(err as Error).message}`,
        file,
      });
      continue;
    }
    const kind = (opts.policyType as PolicyKind | undefined) ?? inferKind(text);
    const parsed = parsePolicy(text, { file, kind });
    for (const d of parsed.diagnostics) {
      if (d.severity === "error") inputs.diagnostics.push(d);
      else if (!COVERED_BY_RULES.has(d.code)) inputs.warnings.push(d);
    }
    if (parsed.document) {
      inputs.documents.push({
        document: parsed.document,
        sourceMap: parsed.sourceMap,
        kind,
        file,
        policyName: basename(file, ".json"),
      });
    }
    dirs.add(dirname(file));
  }
  for (const dir of [...dirs].sort()) {
    const ignore = join(dir, IGNORE_FILE);
    if (!existsSync(ignore)) continue;
    const loaded = loadIgnoreFile(ignore);
    inputs.diagnostics.push(...loaded.diagnostics);
    inputs.suppressions.push(...loaded.suppressions);
  }
}

async function readSpec(path: string, inputs: Inputs): Promise<void> {
  const { loadSpec } = await import("../../spec/load.js");
  const { compileSpec } = await import("../../compile/compile.js");
  const loaded = loadSpec(path);
  for (const d of loaded.diagnostics) (d.severity === "error" ? inputs.diagnostics : inputs.warnings).push(d);
  if (!loaded.spec) return;
  const compiled = compileSpec(loaded.spec, { source: path });
  for (const d of compiled.diagnostics) (d.severity === "error" ? inputs.diagnostics : inputs.warnings).push(d);
  if (!compiled.model) return;
  if (inputs.model) {
    inputs.diagnostics.push(usage("check takes one spec or program at a time"));
    return;
  }
  inputs.model = compiled.model;
  for (const s of loaded.spec.suppress) {
    const sup: Suppression = { rule: s.rule, reason: s.reason };
    if (s.principal !== undefined) sup.principal = s.principal;
    if (s.policy !== undefined) sup.policy = s.policy;
    if (s.location) sup.source = { ...s.location };
    inputs.suppressions.push(sup);
  }
}

async function readProgram(dir: string, opts: CheckCommandOptions, inputs: Inputs): Promise<void> {
  // Lazily: only `--program` pays for @pulumi/*.
  const { loadModelFromProgram } = await import("../../pulumi/capture.js");
  const captured = await loadModelFromProgram(dir, opts.account ? { account: opts.account } : {});
  for (const d of captured.diagnostics) (d.severity === "error" ? inputs.diagnostics : inputs.warnings).push(d);
  if (!captured.model) return;
  if (inputs.model) {
    inputs.diagnostics.push(usage("check takes one spec or program at a time"));
    return;
  }
  inputs.model = captured.model;
}

/** An imported account (`--account-file`): its model, checked like a spec's. */
async function readAccount(files: string[], opts: CheckCommandOptions, inputs: Inputs): Promise<void> {
  const { importAuthorizationDetails, organizationPolicyArguments } = await import("../../input/account/index.js");
  const scps = organizationPolicyArguments(opts.scps ?? []);
  const rcps = organizationPolicyArguments(opts.rcps ?? [], "rcp");
  const imported = await importAuthorizationDetails(files, {
    organizationPolicies: [...scps.inputs, ...rcps.inputs],
    ...(opts.region ? { region: opts.region } : {}),
  });
  for (const d of [...scps.diagnostics, ...rcps.diagnostics, ...imported.diagnostics]) {
    (d.severity === "error" ? inputs.diagnostics : inputs.warnings).push(d);
  }
  if (!imported.model) return;
  if (inputs.model) {
    inputs.diagnostics.push(usage("check takes one spec, program or account at a time"));
    return;
  }
  inputs.model = imported.model;
}

/** Classify and read every input; diagnostics for anything unreadable or invalid. */
async function gatherInputs(paths: string[], opts: CheckCommandOptions): Promise<Inputs> {
  const inputs: Inputs = { documents: [], suppressions: [], diagnostics: [], warnings: [] };
  const policyFiles: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) {
      inputs.diagnostics.push({ code: "cli-not-found", severity: "error", message: `${p} does not exist`, file: p });
      continue;
    }
    if (statSync(p).isDirectory()) {
      const json = policyFilesIn(p);
      const yaml = readdirSync(p).filter(isYaml);
      // A folder may hold policy files and a spec side by side: check both, never drop one silently.
      if (json.length > 0) policyFiles.push(...json);
      if (yaml.length > 0) await readSpec(p, inputs);
      if (json.length === 0 && yaml.length === 0)
        inputs.diagnostics.push({
          code: "cli-no-inputs",
          severity: "error",
          message: `no policy (.json) or spec (.yaml) files in ${p}`,
          file: p,
        });
    } else if (isYaml(p)) await readSpec(p, inputs);
    else policyFiles.push(p);
  }
  // A file named twice (or through its folder and by name) is checked once.
  const seen = new Set<string>();
  const unique = policyFiles.filter((f) => !seen.has(resolve(f)) && seen.add(resolve(f)));
  await readPolicyFiles(unique, opts, inputs);
  if (opts.program) await readProgram(opts.program, opts, inputs);
  if (opts.accountFile && opts.accountFile.length > 0) await readAccount(opts.accountFile, opts, inputs);
  return inputs;
}

export async function runCheckCommand(paths: string[], opts: CheckCommandOptions): Promise<number> {
  const { printDiagnostics } = await import("../output.js");
  const bad: Diagnostic[] = [];
  const { rulePacks, runChecks, failsOn } = await import("../../checks/index.js");
  const rules = rulePacks[opts.pack];
  if (!rules)
    bad.push(usage(`--pack must be one of ${Object.keys(rulePacks).join(", ")}, not ${JSON.stringify(opts.pack)}`));
  if (paths.length === 0 && !opts.program && !opts.accountFile?.length)
    bad.push(usage("name policy files, folders or a spec to check (or --program <dir>, or --account-file <export>)"));
  if (bad.length > 0) {
    printDiagnostics(bad);
    return ExitCode.Invalid;
  }
  const inputs = await gatherInputs(paths, opts);
  if (inputs.diagnostics.length > 0) {
    printDiagnostics([...inputs.diagnostics, ...inputs.warnings]);
    return ExitCode.Invalid;
  }
  if (inputs.warnings.length > 0) printDiagnostics(inputs.warnings);
  const result = runChecks(
    { documents: inputs.documents, model: inputs.model, suppressions: inputs.suppressions },
    { rules },
  );
  if (!emit(await render(result, opts.format, opts.out, modelFile(inputs.model)), opts.out)) return ExitCode.Invalid;
  return failsOn(result.findings, opts.failOn as "error") ? ExitCode.Findings : ExitCode.Ok;
}

/** The file a model finding without a location is reported on: the spec, or a program's Pulumi.yaml. */
function modelFile(model: AccessModel | undefined): string | undefined {
  if (!model?.source.path) return undefined;
  const path = model.source.path;
  const project = join(path, "Pulumi.yaml");
  return model.source.kind === "program" && existsSync(project) ? project : path;
}

async function render(
  result: CheckResult,
  format: string,
  out: string | undefined,
  defaultFile: string | undefined,
): Promise<string> {
  switch (format) {
    case "json":
      return (await import("../../report/findings-json.js")).renderFindingsJson(result);
    case "sarif": {
      const { versionInfo } = await import("../../version.js");
      return (await import("../../report/findings-sarif.js")).renderFindingsSarif(result, {
        toolVersion: versionInfo().version,
        baseDir: process.cwd(),
        ...(defaultFile !== undefined ? { defaultFile } : {}),
      });
    }
    case "markdown":
      return (await import("../../report/findings-markdown.js")).renderFindingsMarkdown(result);
    default: {
      const color = resultColors(out);
      return (await import("../../report/findings-text.js")).renderFindingsText(result, { color });
    }
  }
}
