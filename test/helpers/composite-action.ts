import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Runs a composite GitHub Action's `run:` steps on this machine, as a runner would: each step's
 * `env:` evaluated from `inputs`, `github` and the outputs earlier steps wrote to `$GITHUB_OUTPUT`,
 * its `if:` decided, its script run with bash in `cwd`. `uses:` steps are not run (they need
 * GitHub); they are recorded with their evaluated `with:`. Expressions are the small subset the
 * action uses — `a.b.c`, `'text'`, `==`, `!=`, `&&` — and anything else throws, so an action that
 * grows past what this runs fails its test rather than being skipped.
 */

export interface ActionStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

export interface ActionDefinition {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepResult {
  name: string;
  id?: string;
  skipped: boolean;
  uses?: string;
  with?: Record<string, string>;
  status?: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export interface RunContext {
  inputs: Record<string, string>;
  github: Record<string, unknown>;
  cwd: string;
  /** Extra environment (PATH with fakes, …). */
  env: Record<string, string>;
}

export interface ActionRun {
  steps: StepResult[];
  summary: string;
  /** The first failed step, if any. */
  failed?: StepResult;
}

type Value = string | undefined;

function lookup(path: string, scope: Record<string, unknown>): Value {
  let cur: unknown = scope;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) return undefined;
  return String(cur);
}

function operand(text: string, scope: Record<string, unknown>): Value {
  const t = text.trim();
  const literal = /^'((?:[^']|'')*)'$/.exec(t);
  if (literal) return (literal[1] ?? "").replace(/''/g, "'");
  if (/^[A-Za-z_][\w-]*(\.[\w-]+)+$/.test(t)) return lookup(t, scope) ?? "";
  throw new Error(`unsupported expression: ${t}`);
}

/** The value of an expression (without `${{ }}`), as a string; conditions give "true"/"false". */
export function evaluate(expression: string, scope: Record<string, unknown>): string {
  const terms = expression.split("&&");
  if (terms.length > 1) return String(terms.every((t) => evaluate(t, scope) === "true"));
  const cmp = /^(.*?)(==|!=)(.*)$/.exec(expression);
  if (cmp) {
    const a = operand(cmp[1] ?? "", scope);
    const b = operand(cmp[3] ?? "", scope);
    return String(cmp[2] === "==" ? a === b : a !== b);
  }
  return operand(expression, scope) ?? "";
}

/** A string with `${{ … }}` parts replaced by their values. */
export function interpolate(text: string, scope: Record<string, unknown>): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_m, e: string) => evaluate(e, scope));
}

function truthy(condition: string | undefined, scope: Record<string, unknown>): boolean {
  if (condition === undefined) return true;
  const bare = condition.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  const v = evaluate(bare, scope);
  return v !== "" && v !== "false" && v !== "0";
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** Runs the steps in order and stops at the first whose script exits non-zero, as a runner does. */
export function runCompositeAction(action: ActionDefinition, ctx: RunContext): ActionRun {
  const temp = mkdtempSync(join(tmpdir(), "ai-iam-action-"));
  const summaryFile = join(temp, "summary.md");
  writeFileSync(summaryFile, "");
  const inputs: Record<string, string> = {};
  const scopeBase = { github: ctx.github } as Record<string, unknown>;
  for (const [name, def] of Object.entries(action.inputs)) {
    inputs[name] = ctx.inputs[name] ?? interpolate(def.default ?? "", scopeBase);
  }
  for (const name of Object.keys(ctx.inputs)) {
    if (!(name in action.inputs)) throw new Error(`the action has no input ${name}`);
  }
  const steps: Record<string, { outputs: Record<string, string> }> = {};
  const results: StepResult[] = [];
  const scope = { inputs, github: ctx.github, steps };
  let n = 0;
  for (const step of action.runs.steps) {
    const name = step.name ?? step.uses ?? step.id ?? `step ${n}`;
    const outputFile = join(temp, `output-${n++}`);
    writeFileSync(outputFile, "");
    const result: StepResult = { name, skipped: false, stdout: "", stderr: "", outputs: {} };
    if (step.id) result.id = step.id;
    if (step.uses) result.uses = step.uses;
    if (!truthy(step.if, scope)) {
      result.skipped = true;
      results.push(result);
      continue;
    }
    if (step.uses) {
      result.with = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), scope)]),
      );
      results.push(result);
      continue;
    }
    if (step.shell !== "bash") throw new Error(`${name}: only bash steps are supported, not ${step.shell}`);
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      ...ctx.env,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
    };
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = interpolate(String(v), scope);
    // As a runner runs `shell: bash`: bash --noprofile --norc -eo pipefail {0}.
    const r = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run ?? ""], {
      cwd: ctx.cwd,
      env,
      encoding: "utf8",
    });
    result.status = r.status ?? -1;
    result.stdout = r.stdout;
    result.stderr = r.stderr;
    result.outputs = parseOutputs(readFileSync(outputFile, "utf8"));
    if (step.id) steps[step.id] = { outputs: result.outputs };
    results.push(result);
    if (result.status !== 0) {
      return { steps: results, summary: readFileSync(summaryFile, "utf8"), failed: result };
    }
  }
  return { steps: results, summary: readFileSync(summaryFile, "utf8") };
}

/** `uses:` lines not pinned to a full commit SHA with the version in a comment (local `./` ones aside). */
export function unpinnedUses(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => /^\s*-?\s*uses:/.test(l))
    .filter((l) => !/uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\s*$/.test(l) && !/uses:\s*\.\//.test(l));
}

/**
 * Runs one `run:` step's script alone, as a runner runs `shell: bash`, with `env` (and PATH): the
 * Verdict step's decisions, or a step with a fake ai-iam.
 */
export function runStepScript(action: ActionDefinition, name: string, env: Record<string, string>) {
  const step = action.runs.steps.find((s) => s.name === name || s.id === name);
  if (!step?.run) throw new Error(`the action has no run step ${name}`);
  return spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], {
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
  });
}

/** The Verdict step's inputs when every command ran and passed, with the action's defaults. */
export const PASSING_VERDICT: Readonly<Record<string, string>> = {
  CHECK: "0",
  TEST: "0",
  DIFF: "0",
  COMMANDS: "check,test,diff",
  FAIL_ON: "security",
  FAIL_ON_NEW_ACCESS: "false",
  UPLOAD_SARIF: "true",
  COMMENT: "true",
};
