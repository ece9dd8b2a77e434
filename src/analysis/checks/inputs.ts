import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { ModelSource, ProgramSource } from "../../compile/load.js";
import { withSuggestion } from "../../diagnostics/did-you-mean.js";
import { type Diagnostic, diagnosticMessage } from "../../diagnostics/index.js";
import type { ImportOptions } from "../../input/account/index.js";
import { policyFilesIn, readPolicyFiles } from "../../input/policy-files/read.js";
import type { Spec } from "../../input/team-spec/types.js";
import type { AccessModel } from "../../model/types.js";
import type { PolicyKind } from "../../policy/types.js";
import { allRules } from "./rules/index.js";
import { type CheckInputs, type CheckOptions, runChecks, sortFindings } from "./runner.js";
import { IGNORE_FILE, loadIgnoreFile } from "./suppressions.js";
import type { CheckResult, Finding, RuleMeta, Suppression } from "./types.js";

/**
 * What `check` takes: policy files and folders of them, a spec (a YAML file or a folder; a folder
 * may hold both), or a Pulumi program, gathered into the checks' inputs with their suppressions
 * (a spec's `suppress:`, an ignore file beside policy files).
 */
export interface CheckPathsOptions {
  /** The kind of every policy file, where its shape should not decide (`inferPolicyKind`). */
  policyType?: PolicyKind;
  /** A Pulumi program to capture and check with the paths. */
  program?: string;
  /** The account a captured program's ARNs are synthesized in. */
  account?: string;
  /** Existing accounts to import and check: authorization-details exports, one per account. */
  accountFiles?: readonly string[];
  /** How `accountFiles` are imported (SCPs, RCPs, region). */
  importOptions?: ImportOptions;
  /** How to run the program: stack, config, config files, organization (docs/capture.md). */
  capture?: Omit<ProgramSource, "program" | "account">;
}

function isYaml(name: string): boolean {
  return /\.ya?ml$/.test(name) && basename(name) !== IGNORE_FILE;
}

/** A spec's `suppress:` entries as the checks' suppressions. */
export function specSuppressions(spec: Pick<Spec, "suppress">): Suppression[] {
  return spec.suppress.map((s) => {
    const sup: Suppression = { rule: s.rule, reason: s.reason };
    if (s.principal !== undefined) sup.principal = s.principal;
    if (s.policy !== undefined) sup.policy = s.policy;
    if (s.location) sup.source = { ...s.location };
    return sup;
  });
}

/**
 * A spec's suppressions of rules ai-iam does not have: located errors with the closest rule id
 * (a typo would silently suppress nothing, and hide that it does).
 */
export function unknownSuppressedRules(spec: Pick<Spec, "suppress">): Diagnostic[] {
  const ids = allRules.map((r) => r.meta.id);
  const known = new Set(ids);
  return spec.suppress
    .filter((s) => !known.has(s.rule))
    .map((s) => ({
      code: "spec-unknown-suppressed-rule",
      severity: "error" as const,
      message: withSuggestion(`The suppression names the unknown rule "${s.rule}".`, s.rule, ids),
      hint: "see docs/checks.md for the rules' ids",
      ...(s.location ?? {}),
    }));
}

/** The file a model finding without a location is reported on: the spec, or a program's Pulumi.yaml. */
export function modelFile(model: AccessModel | undefined): string | undefined {
  if (!model?.source.path) return undefined;
  const path = model.source.path;
  const project = join(path, "Pulumi.yaml");
  return model.source.kind === "program" && existsSync(project) ? project : path;
}

/**
 * Classifies and reads every input. `diagnostics` holds every problem found (errors and
 * warnings); the inputs are complete only when none is an error.
 */
export async function gatherCheckInputs(
  paths: readonly string[],
  opts: CheckPathsOptions = {},
): Promise<{
  inputs: Required<Pick<CheckInputs, "documents" | "suppressions">> & CheckInputs;
  diagnostics: Diagnostic[];
  /** The errors of policy files that could not be read or parsed: each becomes an `invalid-policy-file` finding. */
  unreadable: Diagnostic[];
}> {
  const inputs: Required<Pick<CheckInputs, "documents" | "suppressions">> & CheckInputs = {
    documents: [],
    suppressions: [],
  };
  const diagnostics: Diagnostic[] = [];
  const sources: ModelSource[] = [];
  const policyFiles: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) {
      diagnostics.push({ code: "cli-not-found", severity: "error", message: `${p} does not exist`, file: p });
      continue;
    }
    if (statSync(p).isDirectory()) {
      const listed = policyFilesIn(p);
      for (const item of listed.diagnostics) diagnostics.push(item);
      const json = listed.files;
      const yaml = readdirSync(p).filter(isYaml);
      // A folder may hold policy files and a spec side by side: check both, never drop one silently.
      for (const item of json) policyFiles.push(item);
      if (yaml.length > 0) sources.push({ spec: p });
      if (json.length === 0 && yaml.length === 0 && listed.diagnostics.length === 0)
        diagnostics.push({
          code: "cli-no-inputs",
          severity: "error",
          message: `no policy (.json) or spec (.yaml) files in ${p}`,
          file: p,
        });
    } else if (isYaml(p)) sources.push({ spec: p });
    else policyFiles.push(p);
  }

  // Policy files (a file named twice, or through its folder and by name, is read once).
  const read = readPolicyFiles(policyFiles, opts.policyType ? { kind: opts.policyType } : {});
  // A policy file that cannot be read (invalid JSON, not a policy) is one finding about that file;
  // the others are still checked. Anything else wrong with the input stops the check.
  const named = new Set(policyFiles.map((f) => resolve(f)));
  const unreadable: Diagnostic[] = [];
  for (const d of read.diagnostics) {
    if (d.severity === "error" && d.file !== undefined && named.has(resolve(d.file))) unreadable.push(d);
    else diagnostics.push(d);
  }
  for (const item of read.files) inputs.documents.push(item);
  for (const dir of [...new Set(policyFiles.map((f) => dirname(f)))].sort()) {
    const ignore = join(dir, IGNORE_FILE);
    if (!existsSync(ignore)) continue;
    const loaded = loadIgnoreFile(ignore);
    for (const item of loaded.diagnostics) diagnostics.push(item);
    for (const item of loaded.suppressions) inputs.suppressions.push(item);
  }

  // One spec or program at most: a model.
  if (opts.program) {
    sources.push({ program: opts.program, ...(opts.account ? { account: opts.account } : {}), ...opts.capture });
  }
  if (opts.accountFiles && opts.accountFiles.length > 0)
    sources.push({ accountFiles: opts.accountFiles, ...(opts.importOptions ? { options: opts.importOptions } : {}) });
  // The spec loader and compiler load only when a spec or program is checked: a policy file's check starts fast.
  if (sources.length > 0) {
    const { loadModel } = await import("../../compile/load.js");
    for (const source of sources) {
      const loaded = await loadModel(source);
      for (const item of loaded.diagnostics) diagnostics.push(item);
      if (!loaded.model) continue;
      if (inputs.model) {
        const message = "check takes one spec, program or account at a time";
        diagnostics.push({ code: "cli-invalid-option", severity: "error", message });
        continue;
      }
      inputs.model = loaded.model;
      if (loaded.spec) {
        for (const item of specSuppressions(loaded.spec)) inputs.suppressions.push(item);
        for (const item of unknownSuppressedRules(loaded.spec)) diagnostics.push(item);
      }
    }
  }
  return { inputs, diagnostics, unreadable };
}

/**
 * `ai-iam check` as one call: gather the inputs (`gatherCheckInputs`), run the rules. `result` is
 * absent when any diagnostic is an error; `defaultFile` is where a model finding without a
 * location is reported.
 */
export async function checkPaths(
  paths: readonly string[],
  opts: CheckPathsOptions & CheckOptions = {},
): Promise<{ result?: CheckResult; diagnostics: Diagnostic[]; defaultFile?: string; invalidFiles: number }> {
  const { inputs, diagnostics, unreadable } = await gatherCheckInputs(paths, opts);
  // Nothing could be read at all: the input is invalid as a whole (exit 2, nothing on stdout).
  const nothingChecked = unreadable.length > 0 && inputs.documents.length === 0 && !inputs.model;
  if (nothingChecked || diagnostics.some((d) => d.severity === "error"))
    return { diagnostics: [...diagnostics, ...unreadable], invalidFiles: 0 };
  const result = runChecks(inputs, opts);
  const invalidFiles = new Set(unreadable.map((d) => d.file)).size;
  if (unreadable.length > 0) {
    result.findings = sortFindings([...result.findings, ...unreadable.map(invalidFileFinding)]);
    result.summary.total += unreadable.length;
    result.summary.error += unreadable.length;
    result.rules = [...result.rules, INVALID_POLICY_FILE].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  const defaultFile = modelFile(inputs.model);
  return {
    result,
    diagnostics: [...diagnostics, ...unreadable],
    invalidFiles,
    ...(defaultFile !== undefined ? { defaultFile } : {}),
  };
}

/** Not a rule that runs: how a policy file that cannot be read or parsed is reported among the findings. */
const INVALID_POLICY_FILE: RuleMeta = {
  id: "invalid-policy-file",
  severity: "error",
  description: "A policy file that cannot be read or is not a valid policy document.",
  explanation:
    "The file was not checked: invalid JSON, a document IAM would reject, or a file that cannot be read. " +
    "The other files were checked; `check` exits 2. Fix the file at the position given.",
  messages: { invalid: "{{message}}" },
};

function invalidFileFinding(d: Diagnostic): Finding {
  return {
    rule: INVALID_POLICY_FILE.id,
    severity: "error",
    message: diagnosticMessage(d),
    messageId: "invalid",
    ...(d.file !== undefined ? { file: d.file } : {}),
    ...(d.line !== undefined ? { line: d.line } : {}),
    ...(d.column !== undefined ? { column: d.column } : {}),
  };
}
