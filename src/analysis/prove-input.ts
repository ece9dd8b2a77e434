/**
 * What `ai-iam prove` answers, as library calls: for a model (a spec, a program, an account), team
 * isolation, the spec's guardrails and the `--never`/`--always` properties, principal by
 * principal over worker threads; for a policy set (one principal, no teams), only the given
 * properties. Either way sliceable into CI shards, with the fingerprint `ai-iam merge` checks
 * every shard shares. The prover (and Z3) is loaded only when a proof runs.
 */
import type { Diagnostic } from "../diagnostics/index.js";
import type { Spec } from "../input/team-spec/types.js";
import type { AccessModel } from "../model/types.js";
import type { AdHocArgument } from "./prover/adhoc.js";
import type { ProveReport } from "./prover/isolation.js";
import type { Shard, Sliced } from "./prover/shards.js";

export type { AdHocArgument } from "./prover/adhoc.js";

export interface ProveInputOptions {
  /** Per solver query, in milliseconds. */
  timeoutMs?: number;
  /** Only the shard's slice: of the sorted principals (a model), of the properties (a policy set). */
  shard?: Shard;
  /** Called with (done, total) as units (principals, or properties) are proven. */
  onProgress?: (done: number, total: number) => void;
}

export interface ProveInputResult {
  /** Every problem of the input and the properties; the report is absent when one is an error. */
  diagnostics: Diagnostic[];
  report?: ProveReport;
  /** How `shard` sliced the work. */
  sliced: Sliced;
  /** The fingerprint of the run's input and of the options that change answers (what `merge` compares). */
  fingerprint(): string;
}

function usageError(message: string, hint?: string): Diagnostic {
  return { code: "cli-usage", severity: "error", message, ...(hint ? { hint } : {}) };
}

async function fingerprintOf(input: unknown, timeoutMs: number | undefined): Promise<() => string> {
  const { runFingerprint } = await import("./prover/shards.js");
  const { versionInfo } = await import("../version.js");
  // The input, the options, ai-iam and its AWS data.
  return () => runFingerprint(input, { timeoutMs: timeoutMs ?? null, ...versionInfo() });
}

/** A policy-set file, as `simulate --policy-set` reads it (a spec is YAML: a file or a folder). */
export function isPolicySetFile(path: string): boolean {
  return /\.json$/i.test(path);
}

/**
 * Proves `adHoc`'s properties of the policy set in the file at `path` (a policy set names no
 * principal and no team, so at least one property is needed). `problems`: the caller's own
 * problems with its options, reported with the input's; nothing is proven when there is an error.
 */
export async function provePolicySetFile(
  path: string,
  adHoc: readonly AdHocArgument[],
  options: ProveInputOptions & { problems?: readonly Diagnostic[] } = {},
): Promise<ProveInputResult> {
  const { readInputFile } = await import("../input/files/read-bounded.js");
  const { parsePolicySet } = await import("../input/policy-files/simulation-input.js");
  const { adHocProperties } = await import("./prover/adhoc.js");
  const read = readInputFile(path);
  const parsed = "text" in read ? parsePolicySet(read.text, { file: path }) : { diagnostics: [read.diagnostic] };
  const props = adHocProperties(adHoc, { policySet: true });
  const diagnostics = [...parsed.diagnostics, ...props.diagnostics, ...(options.problems ?? [])];
  if (adHoc.length === 0) {
    diagnostics.push(
      usageError(
        "a policy set names no principal or team: give the properties to prove with --never or --always",
        "e.g. --never 'arn:aws:iam::123456789012:role/analyst s3:Delete* *'",
      ),
    );
  }
  const fingerprint = await fingerprintOf(
    { policySet: "policySet" in parsed ? parsed.policySet : undefined, properties: props.properties },
    options.timeoutMs,
  );
  if (!("policySet" in parsed) || !parsed.policySet || diagnostics.some((d) => d.severity === "error")) {
    return { diagnostics, sliced: "properties", fingerprint };
  }
  const { provePolicySet } = await import("./prover/properties.js");
  const shard = options.shard;
  // One principal: a shard is a slice of the properties.
  const mine = props.properties.filter((_, i) => !shard || i % shard.count === shard.index - 1);
  const report = await provePolicySet(parsed.policySet, mine, props.principals, {
    timeoutMs: options.timeoutMs,
    ...(options.onProgress ? { onProperty: options.onProgress } : {}),
  });
  return { diagnostics, report, sliced: "properties", fingerprint };
}

/**
 * Proves team isolation, the spec's guardrails (when the model was compiled from one) and
 * `adHoc`'s properties of a model, over `jobs` threads. A worker thread that fails is a warning
 * (its principals are proven in this thread).
 */
export async function proveModelInput(
  input: { model: AccessModel; spec?: Spec },
  adHoc: readonly AdHocArgument[],
  options: ProveInputOptions & { jobs?: number } = {},
): Promise<ProveInputResult> {
  const { adHocProperties } = await import("./prover/adhoc.js");
  const props = adHocProperties(adHoc, { model: input.model });
  const unproven = { sliced: "principals" as const, fingerprint: () => "" };
  if (props.diagnostics.length > 0) return { diagnostics: props.diagnostics, ...unproven };
  const { shardIds } = await import("./prover/shards.js");
  const { guardrailProperties } = await import("./prover/guardrails.js");
  const { proveModelJobs, workerWarning } = await import("./prover/jobs.js");
  const ids = shardIds(
    input.model.principals.map((p) => p.id),
    options.shard,
  );
  const guardrails = input.spec ? guardrailProperties(input.spec, input.model) : [];
  const properties = [...guardrails, ...props.properties];
  const workerFailures: string[] = [];
  const report = await proveModelJobs(input.model, {
    timeoutMs: options.timeoutMs,
    ids,
    properties,
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.onProgress ? { onUnit: (d: number, t: number) => options.onProgress?.(d, t) } : {}),
    onWorkerError: (e) => workerFailures.push(e.message),
  });
  return {
    diagnostics: workerFailures.length > 0 ? [workerWarning(workerFailures)] : [],
    report,
    sliced: "principals",
    fingerprint: await fingerprintOf({ model: input.model, properties }, options.timeoutMs),
  };
}
