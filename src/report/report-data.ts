import { availableParallelism } from "node:os";
import { specSuppressions } from "../analysis/checks/inputs.js";
import type { Finding } from "../analysis/checks/types.js";
import { principalCan } from "../analysis/review/can.js";
import { datasetAccess } from "../analysis/review/dataset-access.js";
import type { ParallelOptions } from "../analysis/review/parallel.js";
import { runAccessTests } from "../analysis/review/run-tests.js";
import { specAccessMatrixAndCan } from "../analysis/review/spec-matrix.js";
import type { Spec, SpecSuppression } from "../input/team-spec/types.js";
import { identityPolicyIds } from "../model/policy-set.js";
import type { AccessModel } from "../model/types.js";
import { versionInfo } from "../version.js";
import { checksBeside, checksHere } from "./checks-beside.js";
import type { ChecksAnswer } from "./checks-worker.js";
import type { ReportData, ReportFinding, ReportPrincipal, ReportSuppressed, ReportTest } from "./html/types.js";

/** What a report is about: a model, the spec it was compiled from (if any), and a label for headers. */
export interface ReportInput {
  model: AccessModel;
  spec?: Spec;
  /** The spec path or program folder. */
  label: string;
}

/** The report's principals: who they are and which policies apply to them. */
export function reportPrincipals(model: AccessModel): ReportPrincipal[] {
  return model.principals.map((p) => {
    const r: ReportPrincipal = {
      id: p.id,
      kind: p.kind,
      name: p.name,
      arn: p.arn,
      policies: identityPolicyIds(model, p),
    };
    if (p.team) r.team = p.team;
    if (p.persona) r.persona = p.persona;
    if (p.human !== undefined) r.human = p.human;
    if (p.boundary) r.boundary = p.boundary;
    return r;
  });
}

/**
 * The first of the spec's suppressions (in its order) that matches a suppressed finding: its rule
 * or `*`, its reason, its principal or none, its policy or none. Suppressions are looked up by rule
 * and principal, so thousands of them against thousands of findings are not each compared.
 */
export function suppressionIndex(
  suppressions: readonly SpecSuppression[],
): (f: Finding) => SpecSuppression | undefined {
  const byKey = new Map<string, Array<[number, SpecSuppression]>>();
  const key = (rule: string, principal: string | undefined) => JSON.stringify([rule, principal ?? null]);
  suppressions.forEach((s, i) => {
    const k = key(s.rule, s.principal);
    const list = byKey.get(k);
    if (list) list.push([i, s]);
    else byKey.set(k, [[i, s]]);
  });
  return (f) => {
    let first: [number, SpecSuppression] | undefined;
    for (const rule of [f.rule, "*"]) {
      for (const principal of f.principal === undefined ? [undefined] : [f.principal, undefined]) {
        const match = byKey
          .get(key(rule, principal))
          ?.find(
            ([, s]) => s.reason.trim() === f.suppressed?.reason && (s.policy === undefined || s.policy === f.policy),
          );
        if (match && (!first || match[0] < first[0])) first = match;
      }
    }
    return first?.[1];
  };
}

/**
 * Everything `ai-iam report` shows, computed from the model: the matrix (on worker threads), each
 * principal's effective permissions, the checks' findings (after the spec's suppressions), every
 * policy against its quota, and the spec's access tests.
 */
export async function buildReportData(input: ReportInput, parallel: ParallelOptions = {}): Promise<ReportData> {
  const model = input.model;
  const suppressions = input.spec ? specSuppressions(input.spec) : [];
  // On a large model the checks run on a thread of their own while this one computes the matrix
  // (the two take about as long): one worker for the checks, the others for the matrix.
  const threads = parallel.workers ?? Math.min(2, availableParallelism());
  const beside =
    threads >= 2 && model.principals.length >= (parallel.threshold ?? 64)
      ? checksBeside(model, suppressions, parallel.onWorkerError)
      : undefined;
  // Each principal's row and effective permissions together: they share its candidates and answers.
  const { matrix, can } = await specAccessMatrixAndCan(
    input,
    beside ? { ...parallel, workers: threads - 1 } : parallel,
  );
  const permissions = model.principals.map((p) => can.get(p.id) ?? principalCan(model, p.id));
  // Who may read and change each dataset, and the access tests, while the checks may still run.
  const datasets = input.spec ? datasetAccess(model, input.spec.datasets) : undefined;
  const tested = runAccessTests(model);

  const checked: ChecksAnswer = (beside && (await beside)) ?? checksHere(model, suppressions);
  const explanations = new Map(checked.explanations);
  const policyIdByName = new Map(model.policies.map((p) => [p.name, p.id]));
  const policyIds = new Set(model.policies.map((p) => p.id));
  const toReport = (f: Finding): ReportFinding => {
    const r: ReportFinding = { rule: f.rule, severity: f.severity, message: f.message };
    if (f.category) r.category = f.category;
    if (f.file) r.file = f.file;
    if (f.line !== undefined) r.line = f.line;
    if (f.column !== undefined) r.column = f.column;
    const policy = f.policy && (policyIds.has(f.policy) ? f.policy : policyIdByName.get(f.policy));
    if (policy) r.policy = policy;
    if (f.principal) r.principal = f.principal;
    if (f.statement !== undefined) r.statement = f.statement;
    const explanation = explanations.get(f.rule);
    if (explanation) r.explanation = explanation;
    return r;
  };
  const findings = checked.findings.filter((f) => !f.suppressed).map(toReport);
  // Which suppression silenced a finding: the first of the spec's that matches it, as the runner applies them.
  const suppressionFor = suppressionIndex(input.spec?.suppress ?? []);
  const suppressed: ReportSuppressed[] = checked.findings.flatMap((f) => {
    if (!f.suppressed) return [];
    const by = suppressionFor(f);
    return [
      {
        ...toReport(f),
        reason: f.suppressed.reason,
        ...(by?.location?.file
          ? {
              source: { file: by.location.file, ...(by.location.line !== undefined ? { line: by.location.line } : {}) },
            }
          : {}),
      },
    ];
  });

  const attached = new Map<string, string[]>();
  const attach = (policy: string | undefined, holder: string) => {
    if (!policy) return;
    const holders = attached.get(policy);
    if (holders) holders.push(holder);
    else attached.set(policy, [holder]);
  };
  for (const p of model.principals) {
    for (const id of [...p.managedPolicies, ...p.inlinePolicies]) attach(id, p.id);
    attach(p.boundary, `${p.id} (boundary)`);
    attach(p.trustPolicy, `${p.id} (trust)`);
  }
  for (const g of model.groups) for (const id of [...g.managedPolicies, ...g.inlinePolicies]) attach(id, g.id);
  const policies = model.policies.map((p) => ({
    id: p.id,
    name: p.name,
    kind: p.kind,
    size: p.size,
    ...(p.quota ? { quota: p.quota } : {}),
    ...(p.owner ? { owner: p.owner } : {}),
    attachedTo: [...new Set(attached.get(p.id) ?? [])].sort(),
    document: p.document,
  }));

  const tests: ReportTest[] = tested.map((r) => {
    const t: ReportTest = {
      principal: r.test.principal,
      action: r.test.action,
      resource: r.test.resource,
      expect: r.test.expect,
      passed: r.passed,
    };
    if (r.decision) t.decision = r.decision;
    const because = (r.explanation?.statements ?? []).map(
      (s) => `${s.effect} ${s.layer} ${s.policy} #${s.statementIndex}${s.sid ? ` (${s.sid})` : ""}`,
    );
    if (because.length > 0) t.because = because;
    const note = r.error ?? r.note;
    if (note) t.note = note;
    if (r.test.location?.file) t.file = r.test.location.file;
    if (r.test.location?.line !== undefined) t.line = r.test.location.line;
    return t;
  });

  const info = versionInfo();
  return {
    title: model.organization ?? input.label,
    source: { kind: model.source.kind, path: input.label },
    account: model.account,
    ...(model.region ? { region: model.region } : {}),
    ...(model.identity ? { identity: model.identity } : {}),
    generator: `ai-iam ${info.version} · AWS data ${info.iamData.version}`,
    principals: reportPrincipals(model),
    matrix,
    permissions,
    findings,
    suppressed,
    ...(datasets ? { datasets } : {}),
    policies,
    tests,
  };
}

export interface BuildReportOptions extends ParallelOptions {
  /** The documentation base URL rule ids link to (`--docs-url`; default as `docsBaseUrl`). */
  docsUrl?: string;
}

/**
 * All of `ai-iam report` but writing the file: `buildReportData`, the input's provenance from git
 * (commit, uncommitted changes, who wrote each suppression) and where the docs are.
 */
export async function buildReport(input: ReportInput, options: BuildReportOptions = {}): Promise<ReportData> {
  const { docsUrl, ...parallel } = options;
  const built = await buildReportData(input, parallel);
  const { withProvenance } = await import("./git-provenance.js");
  const { docsBaseUrl } = await import("./docs-url.js");
  return { ...withProvenance(built, input.label), docsUrl: docsBaseUrl(docsUrl) };
}

/** The severities `report --fail-on` accepts, most severe first, then `never`. */
export const REPORT_FAIL_ON = ["error", "security", "warning", "suggestion", "never"] as const;

/** Whether a report fails at `failOn`: a finding at or above it, or a failed test (never with `never`). */
export function reportFails(data: ReportData, failOn: (typeof REPORT_FAIL_ON)[number]): boolean {
  if (failOn === "never") return false;
  const ranks = REPORT_FAIL_ON.slice(0, REPORT_FAIL_ON.indexOf(failOn) + 1) as readonly string[];
  return data.findings.some((f) => ranks.includes(f.severity)) || data.tests.some((t) => !t.passed);
}

/** The one line `report` prints on stderr: principals, findings, tests passed. */
export function renderReportSummary(data: ReportData): string {
  const failed = data.tests.filter((t) => !t.passed).length;
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return (
    `${n(data.principals.length, "principal")}, ${n(data.findings.length, "finding")}, ` +
    `${data.tests.length - failed}/${data.tests.length} tests passed\n`
  );
}
