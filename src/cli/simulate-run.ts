/**
 * `ai-iam simulate`'s options → the library: the jobs come from a source (the policy-set files by
 * default, or a spec or program: ./commands/simulate-spec.ts), then `decideJobs` and
 * `renderSimulation`. Only option checks and printing live here.
 */
import type { SimulationJob } from "../analysis/review/simulate.js";
import type { Diagnostic } from "../diagnostics/index.js";
import type { SimulationFormat } from "../report/simulation.js";

export interface SimulateOptions {
  /** Exit 1 when any decision is `Unknown` (capture could not see all it depends on). */
  failOnUnknown?: boolean;
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

export type JobSource = (opts: SimulateOptions) => Promise<{ jobs?: SimulationJob[]; diagnostics: Diagnostic[] }>;

/** `--context key=value` flags; a key repeated becomes a multivalued key. */
export function parseContextFlags(flags: readonly string[]): {
  context: Record<string, string | string[]>;
  diagnostics: Diagnostic[];
} {
  // A Map: keys are the user's (`constructor` read Object's function as a previous value,
  // `__proto__` was dropped).
  const context = new Map<string, string | string[]>();
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
    const prev = context.get(key);
    context.set(key, prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]);
  }
  return { context: Object.fromEntries(context), diagnostics };
}

/** The request value of `--principal/--action/--resource/--resource-account/--context`, or why not. */
function requestFlags(opts: SimulateOptions): { value?: Record<string, unknown>; diagnostics: Diagnostic[] } {
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
  return { value, diagnostics };
}

/** The file-based source: `--policy-set` with `--requests` or the single-request flags. */
export const loadFileJobs: JobSource = async (opts) => {
  if (!opts.policySet) {
    return { diagnostics: [{ code: "cli-missing-option", severity: "error", message: "give --policy-set <file>" }] };
  }
  const diagnostics: Diagnostic[] = [];
  if (opts.requests && (opts.principal || opts.action || opts.resource)) {
    diagnostics.push({
      code: "cli-conflicting-options",
      severity: "error",
      message: "give either --requests <file> or --principal/--action/--resource, not both",
    });
  }
  const flags = opts.requests ? undefined : requestFlags(opts);
  if (flags) for (const item of flags.diagnostics) diagnostics.push(item);
  const { readSimulationFiles } = await import("../input/policy-files/simulation-files.js");
  const read = readSimulationFiles({
    policySet: opts.policySet,
    ...(opts.requests ? { requests: opts.requests } : {}),
    ...(flags?.value ? { request: flags.value } : {}),
  });
  for (const item of read.diagnostics) diagnostics.push(item);
  if (diagnostics.some((d) => d.severity === "error") || !read.policySet) return { diagnostics };
  const policySet = read.policySet;
  return { jobs: read.requests.map((request) => ({ policySet, request })), diagnostics };
};

export function parseFormat(format: string | undefined, fallback: SimulationFormat): SimulationFormat | Diagnostic {
  const f = format ?? fallback;
  if (f === "text" || f === "json" || f === "jsonl") return f;
  return { code: "cli-invalid-format", severity: "error", message: `--format '${f}': use text, json or jsonl` };
}

/**
 * The whole command: load the jobs from `source` (the policy-set files by default), decide,
 * render to stdout. Returns the exit code: 0, or 2 (and nothing on stdout) on invalid input.
 */
export async function runSimulateCommand(opts: SimulateOptions, source: JobSource = loadFileJobs): Promise<number> {
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
  const { decideJobs } = await import("../analysis/review/simulate.js");
  const { renderSimulation } = await import("../report/simulation.js");
  const { emit } = await import("./options.js");
  const outcomes = decideJobs(jobs, { explain: !!opts.explain });
  const text = renderSimulation(outcomes, { format, explain: !!opts.explain });
  if (!emit(text, opts.out)) return ExitCode.Invalid;
  return opts.failOnUnknown && outcomes.some((o) => o.decision === "Unknown") ? ExitCode.Findings : ExitCode.Ok;
}
