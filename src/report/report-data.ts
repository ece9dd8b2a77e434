import { specSuppressions } from "../analysis/checks/inputs.js";
import { runChecks } from "../analysis/checks/runner.js";
import { activityCapabilities } from "../analysis/review/activity-capabilities.js";
import { principalCan } from "../analysis/review/can.js";
import { accessMatrixParallel, type ParallelOptions } from "../analysis/review/parallel.js";
import { runAccessTests } from "../analysis/review/run-tests.js";
import type { Spec } from "../input/team-spec/types.js";
import { identityPolicyIds } from "../model/policy-set.js";
import type { AccessModel } from "../model/types.js";
import { versionInfo } from "../version.js";
import type { ReportData, ReportFinding, ReportPrincipal, ReportTest } from "./html/types.js";

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
 * Everything `ai-iam report` shows, computed from the model: the matrix (on worker threads), each
 * principal's effective permissions, the checks' findings (after the spec's suppressions), every
 * policy against its quota, and the spec's access tests.
 */
export async function buildReportData(input: ReportInput, parallel: ParallelOptions = {}): Promise<ReportData> {
  const model = input.model;
  const activities = input.spec ? activityCapabilities(input.spec) : [];
  const matrix = await accessMatrixParallel(model, { activities }, parallel);
  const permissions = model.principals.map((p) => principalCan(model, p.id));

  const suppressions = input.spec ? specSuppressions(input.spec) : [];
  const checked = runChecks({ model, suppressions });
  const explanations = new Map(checked.rules.map((r) => [r.id, r.explanation]));
  const policyIdByName = new Map(model.policies.map((p) => [p.name, p.id]));
  const policyIds = new Set(model.policies.map((p) => p.id));
  const findings: ReportFinding[] = checked.findings
    .filter((f) => !f.suppressed)
    .map((f) => {
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
    });

  const attached = new Map<string, string[]>();
  const attach = (policy: string | undefined, holder: string) => {
    if (policy) attached.set(policy, [...(attached.get(policy) ?? []), holder]);
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

  const tests: ReportTest[] = runAccessTests(model).map((r) => {
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
    policies,
    tests,
  };
}
