/**
 * The engine behind `ai-iam simulate`, kept apart from flag parsing so other sources of policy
 * sets (a spec, a Pulumi program) can reuse it: build `SimulationJob`s (a policy set and a request
 * each), call `runJobs`, then `renderSimulation`. `runSimulateCommand` does all of it for the
 * file-based form and takes the source as a parameter.
 */
import { readFile } from "node:fs/promises";
import type { Diagnostic } from "../diagnostics/index.js";
import type { EvaluationResult, Evaluator } from "../engine/index.js";
import type { ActionCheck } from "../input/policy-files/simulation-input.js";
import type { AccessRequest, PolicySet } from "../policy/policy-set.js";

export interface SimulateOptions {
  policySet?: string;
  requests?: string;
  principal?: string;
  action?: string;
  resource?: string;
  resourceAccount?: string;
  context?: string[];
  explain?: boolean;
  format?: string;
  /** Write the rendering to this file (atomically) instead of stdout. */
  out?: string;
}

export type SimulationFormat = "text" | "json" | "jsonl";

export interface SimulationJob {
  policySet: PolicySet;
  request: AccessRequest;
}

export interface SimulationOutcome {
  /** The request's `id`, or its 1-based position. */
  id: string;
  request: AccessRequest;
  result: EvaluationResult;
}

/** `--context key=value` flags; a key repeated becomes a multivalued key. */
export function parseContextFlags(flags: readonly string[]): {
  context: Record<string, string | string[]>;
  diagnostics: Diagnostic[];
} {
  const context: Record<string, string | string[]> = {};
  const diagnostics: Diagnostic[] = [];
  for (const flag of flags) {
    const eq = flag.indexOf("=");
    if (eq <= 0) {
      diagnostics.push({
        code: "cli-invalid-context",
        severity: "error",
        message: `--context '${flag}' is not key=value`,
        hint: "e.g. --context aws:SourceIp=10.0.0.1 (repeat the key for a multivalued key)",
      });
      continue;
    }
    const key = flag.slice(0, eq);
    const value = flag.slice(eq + 1);
    const prev = context[key];
    context[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return { context, diagnostics };
}

async function readText(file: string, diagnostics: Diagnostic[]): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    diagnostics.push({
      code: "cli-cannot-read-file",
      severity: "error",
      file,
      message: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
    });
    return undefined;
  }
}

/**
 * Checks request actions against the AWS catalog: an unknown service is an error (it would only
 * ever be denied), an unknown action of a known service a warning (the catalog can lag AWS).
 */
export async function catalogActionCheck(): Promise<ActionCheck> {
  const { getCatalog } = await import("../catalog/index.js");
  const catalog = getCatalog();
  return (action) => {
    const service = action.slice(0, action.indexOf(":")).toLowerCase();
    if (!catalog.hasService(service)) {
      const hint = catalog.expandActionPattern(action).diagnostics[0]?.hint;
      return {
        severity: "error",
        code: "request-unknown-service",
        message: `unknown service prefix "${service}" in "${action}"`,
        ...(hint ? { hint } : {}),
      };
    }
    if (!catalog.action(action)) {
      return {
        severity: "warning",
        code: "request-unknown-action",
        message: `"${action}" is not in the AWS catalog (iam-data ${catalog.info().version}); decided as written`,
        hint: `see \`ai-iam explain '${service}:*'\``,
      };
    }
    return undefined;
  };
}

/** The request given by `--principal/--action/--resource/--resource-account/--context`. */
export async function requestFromFlags(
  opts: SimulateOptions,
): Promise<{ request?: AccessRequest; diagnostics: Diagnostic[] }> {
  const { readRequestValue } = await import("../input/policy-files/simulation-input.js");
  const { context, diagnostics } = parseContextFlags(opts.context ?? []);
  const missing = (["principal", "action", "resource"] as const).filter((k) => !opts[k]);
  if (missing.length > 0) {
    diagnostics.push({
      code: "cli-missing-option",
      severity: "error",
      message: `a single request needs ${missing.map((m) => `--${m}`).join(", ")} (or give --requests <file>)`,
    });
    return { diagnostics };
  }
  const value: Record<string, unknown> = { principal: opts.principal, action: opts.action, resource: opts.resource };
  if (opts.resourceAccount) value.resourceAccount = opts.resourceAccount;
  if (Object.keys(context).length > 0) value.context = context;
  const read = readRequestValue(value, { file: "<command line>", checkAction: await catalogActionCheck() });
  return { request: read.requests[0], diagnostics: [...diagnostics, ...read.diagnostics] };
}

/** The file-based source: `--policy-set` with `--requests` or the single-request flags. */
export async function loadFileJobs(
  opts: SimulateOptions,
): Promise<{ jobs?: SimulationJob[]; diagnostics: Diagnostic[] }> {
  const { parsePolicySet, parseRequests } = await import("../input/policy-files/simulation-input.js");
  const diagnostics: Diagnostic[] = [];
  if (!opts.policySet) {
    diagnostics.push({ code: "cli-missing-option", severity: "error", message: "give --policy-set <file>" });
    return { diagnostics };
  }
  const setText = await readText(opts.policySet, diagnostics);
  const set = setText === undefined ? undefined : parsePolicySet(setText, { file: opts.policySet });
  if (set) diagnostics.push(...set.diagnostics);
  let requests: AccessRequest[] = [];
  if (opts.requests) {
    if (opts.principal || opts.action || opts.resource) {
      diagnostics.push({
        code: "cli-conflicting-options",
        severity: "error",
        message: "give either --requests <file> or --principal/--action/--resource, not both",
      });
    }
    const text = await readText(opts.requests, diagnostics);
    if (text !== undefined) {
      const parsed = parseRequests(text, { file: opts.requests, checkAction: await catalogActionCheck() });
      diagnostics.push(...parsed.diagnostics);
      requests = parsed.requests;
    }
  } else {
    const single = await requestFromFlags(opts);
    diagnostics.push(...single.diagnostics);
    if (single.request) requests = [single.request];
  }
  if (diagnostics.some((d) => d.severity === "error") || !set?.policySet) return { diagnostics };
  const policySet = set.policySet;
  return { jobs: requests.map((request) => ({ policySet, request })), diagnostics };
}

/** Decides every job, compiling each distinct policy set (by identity) once. */
export async function runJobs(jobs: readonly SimulationJob[], explain: boolean): Promise<SimulationOutcome[]> {
  const { createEvaluator } = await import("../engine/index.js");
  const evaluators = new Map<PolicySet, Evaluator>();
  // RCPs apply only to the services that support them; the catalog knows which (read only when needed).
  const rcpServices = jobs.some((j) => j.policySet.rcps?.length)
    ? (await import("../catalog/index.js")).getCatalog().rcpSupportedServices()
    : undefined;
  return jobs.map((job, i) => {
    let e = evaluators.get(job.policySet);
    if (!e) {
      e = createEvaluator(job.policySet, { rcpServices });
      evaluators.set(job.policySet, e);
    }
    return { id: job.request.id ?? String(i + 1), request: job.request, result: e.evaluate(job.request, { explain }) };
  });
}

export function parseFormat(format: string | undefined, fallback: SimulationFormat): SimulationFormat | Diagnostic {
  const f = format ?? fallback;
  if (f === "text" || f === "json" || f === "jsonl") return f;
  return { code: "cli-invalid-format", severity: "error", message: `--format '${f}': use text, json or jsonl` };
}

/**
 * Renders outcomes: `jsonl` one `{ id, decision, reasons? }` line each; `json` one array of
 * `{ id, principal, action, resource, decision, explanation? }`; `text` a line each, with the
 * reasons indented beneath when explained.
 */
export async function renderSimulation(
  outcomes: readonly SimulationOutcome[],
  opts: { format: SimulationFormat; explain: boolean },
): Promise<string> {
  const { explanationLines } = await import("../engine/index.js");
  if (opts.format === "jsonl") {
    return outcomes
      .map((o) => {
        const line: { id: string; decision: string; reasons?: string[] } = { id: o.id, decision: o.result.decision };
        if (opts.explain) line.reasons = explanationLines(o.result);
        return `${JSON.stringify(line)}\n`;
      })
      .join("");
  }
  if (opts.format === "json") {
    const out = outcomes.map((o) => ({
      id: o.id,
      principal: o.request.principal,
      action: o.request.action,
      resource: o.request.resource,
      decision: o.result.decision,
      ...(o.result.explanation ? { explanation: o.result.explanation, reasons: explanationLines(o.result) } : {}),
    }));
    return `${JSON.stringify(outcomes.length === 1 ? out[0] : out, null, 2)}\n`;
  }
  let text = "";
  for (const o of outcomes) {
    const r = o.request;
    text +=
      outcomes.length === 1
        ? `${o.result.decision}\n`
        : `${o.id}: ${o.result.decision}  ${r.principal} ${r.action} ${r.resource}\n`;
    if (opts.explain) for (const line of explanationLines(o.result)) text += `  - ${line}\n`;
  }
  return text;
}

/**
 * The whole command: load the jobs from `source` (the policy-set files by default), decide,
 * render to stdout. Returns the exit code: 0, or 2 (and nothing on stdout) on invalid input.
 */
export async function runSimulateCommand(
  opts: SimulateOptions,
  source: (opts: SimulateOptions) => Promise<{ jobs?: SimulationJob[]; diagnostics: Diagnostic[] }> = loadFileJobs,
): Promise<number> {
  const { printDiagnostics } = await import("./output.js");
  const { ExitCode } = await import("./exit.js");
  const format = parseFormat(opts.format, opts.requests ? "jsonl" : "text");
  if (typeof format !== "string") {
    printDiagnostics([format]);
    return ExitCode.Invalid;
  }
  const { jobs, diagnostics } = await source(opts);
  if (!jobs || diagnostics.some((d) => d.severity === "error")) {
    printDiagnostics(diagnostics);
    return ExitCode.Invalid;
  }
  if (diagnostics.length > 0) printDiagnostics(diagnostics);
  const outcomes = await runJobs(jobs, !!opts.explain);
  const { emit } = await import("./options.js");
  const text = await renderSimulation(outcomes, { format, explain: !!opts.explain });
  return emit(text, opts.out) ? ExitCode.Ok : ExitCode.Invalid;
}
