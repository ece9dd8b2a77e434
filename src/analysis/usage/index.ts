import type { Diagnostic } from "../../diagnostics/index.js";
import type { AccessModel } from "../../model/types.js";
import { type CollectOptions, collectUsage } from "./collect.js";
import { buildUsageReport, type UsageReport, type UsageReportOptions } from "./report.js";

/**
 * `ai-iam usage`: CloudTrail logs (files or folders, gzip'd or not, `{"Records": [...]}` or JSON
 * lines) → per principal of the model: actions used, denied, granted but unused, and a
 * least-privilege policy. Without a model, only the callers and what they used.
 */
export type { ActionUse, DeniedUse, IdentityUse, SerializedUsage } from "./aggregate.js";
export { isDenial, UsageAggregator } from "./aggregate.js";
export type { CollectOptions, CollectProgress, CollectResult } from "./collect.js";
export { collectUsage } from "./collect.js";
export type { Proposal, UsedAction } from "./proposal.js";
export { proposePolicy } from "./proposal.js";
export type * from "./report.js";
export { buildUsageReport } from "./report.js";

export interface AnalyzeUsageOptions extends CollectOptions, UsageReportOptions {
  model?: AccessModel;
}

export async function analyzeUsage(
  paths: readonly string[],
  opts: AnalyzeUsageOptions = {},
): Promise<{ report?: UsageReport; diagnostics: Diagnostic[] }> {
  const collected = await collectUsage(paths, opts);
  if (!collected.usage) return { diagnostics: collected.diagnostics };
  return {
    report: buildUsageReport(collected.usage, collected.files, opts.model, opts),
    diagnostics: collected.diagnostics,
  };
}
