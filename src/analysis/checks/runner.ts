import { getCatalog } from "../../catalog/index.js";
import { withCompileCache } from "../../engine/compile.js";
import { knownModel } from "../../model/decide.js";
import { findPolicy, identityPolicyIds, requestPrincipalArn } from "../../model/policy-set.js";
import type { AccessModel, ModelPolicy, ModelPolicyKind, ModelPrincipal } from "../../model/types.js";
import { libraryDocument } from "../../policy/normalize.js";
import { locate } from "../../policy/pointer.js";
import type { PolicyDocument, PolicyKind, SourceMap } from "../../policy/types.js";
import { relieveHeap } from "../../util/heap.js";
import { modelAccess, type PrincipalAccess } from "../review/principal-access.js";
import { AccessCaches, type AccessSource, checksAccess, createEffectiveAccess } from "./effective.js";
import { INTERNAL_ERROR, REPEATED, renderMessage } from "./messages.js";
import { recommended } from "./packs.js";
import { PROBE_REGION, probeResource } from "./probe.js";
import type { RiskWorld } from "./risk/analysis.js";
import { roleComparison } from "./risk/compare.js";
import { riskStats } from "./risk/stats.js";
import { allRules } from "./rules/index.js";
import { applySuppressions } from "./suppressions.js";
import {
  type Catalog,
  type CheckResult,
  type DocumentContext,
  type DocumentRule,
  type EffectiveAccess,
  type Finding,
  type ModelRule,
  type PrincipalRule,
  type Report,
  type RiskPrincipal,
  type Rule,
  type RuleMeta,
  SEVERITIES,
  type Suppression,
  type SuppressionRule,
} from "./types.js";

/**
 * The runner: it knows no rule by name. It hands each rule its context (a document, the model, or
 * one principal's effective access), turns the rules' reports into located findings, applies
 * suppressions and counts.
 */

export interface CheckOptions {
  /** The rules to run (default: the `recommended` pack). */
  rules?: readonly Rule[];
  catalog?: Catalog;
  /** Run the risk rules over the effective permissions (default true). */
  risks?: boolean;
}

export interface DocumentInput {
  document: PolicyDocument;
  kind: PolicyKind;
  /** How IAM stores it, for its size quota (default: `managed` for identity policies). */
  storage?: ModelPolicyKind;
  sourceMap?: SourceMap;
  file?: string;
  /** Named in findings; a file's policy is named after the file. */
  policyName?: string;
  /** The account that owns the resource or role the policy belongs to (decides what is external). */
  account?: string;
}

/** The account and partition a lone policy's holder is imagined in. */
export const LONE_ACCOUNT = "123456789012";
const LONE_ROLE = "ai-iam-policy-holder";

function byScope<S extends Rule["scope"]>(rules: readonly Rule[], scope: S): Extract<Rule, { scope: S }>[] {
  return rules.filter((r) => r.scope === scope) as Extract<Rule, { scope: S }>[];
}

/**
 * A located finding from a report. The message is rendered here from the rule's `meta.messages`;
 * an unknown `messageId` or a missing placeholder throws (`RuleMessageError`): a bug in the rule,
 * which the per-rule tests catch, never a finding.
 */
interface FindingBase {
  file?: string;
  policy?: string;
  sourceMap?: SourceMap;
}

function finding(meta: RuleMeta, r: Report, base: FindingBase): Finding {
  const f: Finding = {
    rule: meta.id,
    severity: meta.severity,
    message: renderMessage(meta, r.messageId, r.data),
    messageId: r.messageId,
  };
  if (meta.category) f.category = meta.category;
  const file = r.file ?? base.file;
  if (file !== undefined) f.file = file;
  let line = r.line;
  let column = r.column;
  const path = r.path ?? (r.statement !== undefined ? `/Statement/${r.statement}` : undefined);
  if (line === undefined && path !== undefined && base.sourceMap && r.file === undefined) {
    const pos = locate(base.sourceMap, path);
    if (pos) {
      line = pos.keyLine ?? pos.line;
      column = pos.keyLine !== undefined ? pos.keyColumn : pos.column;
    }
  }
  if (line !== undefined) f.line = line;
  if (column !== undefined) f.column = column;
  const policy = r.policy ?? base.policy;
  if (policy !== undefined) f.policy = policy;
  if (r.principal !== undefined) f.principal = r.principal;
  if (r.details !== undefined) f.data = r.details;
  if (r.statement !== undefined) f.statement = r.statement;
  else if (path?.startsWith("/Statement/")) {
    const n = Number.parseInt(path.slice("/Statement/".length), 10);
    if (Number.isInteger(n)) f.statement = n;
  }
  return f;
}

/**
 * How many findings one rule reports on one policy one by one. A generated or hostile policy can
 * make a rule fire on each of thousands of statements (20,000 statements of `"Action": "*"` are
 * 20,000 `redundant-statement` suggestions and as many `pass-role-unconstrained` findings): past
 * the first `REPEAT_LIMIT` of a rule on a policy, the rest are one finding of the same rule and
 * severity (so `--fail-on`, the exit code and suppressions by rule are unchanged), located at the
 * first of them, whose message counts them and names their first statements and whose
 * `data.statements` lists every statement they are about. A security rule's findings are capped
 * only among exact repeats (same message and details at other statements): a distinct security
 * finding is always listed. Only listed findings are located and rendered. A suppression naming
 * one `statement` does not reach the findings folded into that one (it has no `statement`).
 * A policy IAM accepts (at most 10,240 characters) rarely has 100 statements.
 */
export const REPEAT_LIMIT = 100;
/** Statements a folded finding's message names before "and N more". */
const REPEAT_NAMED = 10;

function statementOf(r: Report): number | undefined {
  if (r.statement !== undefined) return r.statement;
  if (!r.path?.startsWith("/Statement/")) return undefined;
  const n = Number.parseInt(r.path.slice("/Statement/".length), 10);
  return Number.isInteger(n) ? n : undefined;
}

/** A rule's reports as located findings, at most `REPEAT_LIMIT` of each kind per policy (above). */
function findingsOf(meta: RuleMeta, reports: readonly Report[], base: FindingBase): Finding[] {
  if (reports.length <= REPEAT_LIMIT) return reports.map((r) => finding(meta, r, base));
  const groups = new Map<string, { listed: number; left: Report[] }>();
  const out: Finding[] = [];
  for (const r of reports) {
    let key = `${r.file ?? ""}\0${r.policy ?? ""}\0${r.principal ?? ""}`;
    if (meta.severity === "security" || r.messageId === INTERNAL_ERROR) {
      key += `\0${r.messageId}\0${JSON.stringify(r.data ?? null)}\0${JSON.stringify(r.details ?? null)}`;
    }
    let g = groups.get(key);
    if (!g) {
      g = { listed: 0, left: [] };
      groups.set(key, g);
    }
    if (g.listed < REPEAT_LIMIT) {
      g.listed++;
      out.push(finding(meta, r, base));
    } else g.left.push(r);
  }
  for (const g of groups.values()) if (g.left.length > 0) out.push(folded(meta, g.left, base));
  return out;
}

/** One finding for the reports `left` past the limit. */
function folded(meta: RuleMeta, left: readonly Report[], base: FindingBase): Finding {
  const seen = new Set<number>();
  const statements: string[] = [];
  for (const r of left) {
    const s = statementOf(r);
    if (s !== undefined && !seen.has(s)) {
      seen.add(s);
      statements.push(String(s));
    }
  }
  const named = statements.slice(0, REPEAT_NAMED).join(", ");
  const more = statements.length - Math.min(statements.length, REPEAT_NAMED);
  const where =
    statements.length === 0
      ? "they are not about one statement"
      : `statement${statements.length === 1 ? "" : "s"} ${named}${more > 0 ? ` and ${more} more` : ""}`;
  const first = left[0];
  const f = finding(
    meta,
    { ...first, messageId: REPEATED, data: { count: left.length, where }, details: { statements } },
    base,
  );
  delete f.statement;
  return f;
}

/** Run a rule, turning a crash into an error finding instead of losing the whole run. */
function safely(meta: RuleMeta, run: () => Report[]): Report[] {
  try {
    return run();
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    return [{ messageId: INTERNAL_ERROR, data: { rule: meta.id, error } }];
  }
}

/** Stable order: file, line, column, policy, statement, rule, principal, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...findings].sort(
    (a, b) =>
      cmp(a.file ?? "", b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      cmp(a.policy ?? "", b.policy ?? "") ||
      (a.statement ?? -1) - (b.statement ?? -1) ||
      cmp(a.rule, b.rule) ||
      cmp(a.principal ?? "", b.principal ?? "") ||
      cmp(a.message, b.message),
  );
}

/**
 * `survives` of a document held by `holders`: a grant survives when some holder may use it in
 * some realistic request; holders nothing can restrict (no Deny, boundary or SCP) are not asked.
 */
function survivesFor(holders: () => readonly EffectiveAccess[], catalog: Catalog): DocumentContext["survives"] {
  const memo = new Map<string, boolean>();
  // Holders nothing restricts keep every grant: no key to build, nothing to remember.
  let open: boolean | undefined;
  return (action, resource) => {
    if (open === undefined) {
      const hs = holders();
      open = hs.length > 0 && hs.every((h) => !h.restricted());
    }
    if (open) return true;
    const key = `${action.toLowerCase()}|${resource ?? ""}`;
    let v = memo.get(key);
    if (v === undefined) {
      v = holders().some((h) => {
        if (!h.restricted()) return true;
        const p = h.principal;
        const at = resource ?? probeResource(catalog, action, p.partition, p.account);
        return h.possible(action, at) !== null;
      });
      memo.set(key, v);
    }
    return v;
  };
}

function runDocumentRules(
  rules: readonly DocumentRule[],
  input: DocumentInput,
  catalog: Catalog,
  holders?: () => readonly EffectiveAccess[],
  run?: object,
): Finding[] {
  // Object.assign, not a spread followed by a property (V8's slow path, paid per document).
  const ctx: DocumentContext = Object.assign({}, input, { catalog });
  if (run) ctx.run = run;
  if (holders) {
    ctx.survives = survivesFor(holders, catalog);
    ctx.holders = holders;
  }
  const base = { file: input.file, policy: input.policyName, sourceMap: input.sourceMap };
  const out: Finding[] = [];
  for (const rule of rules) {
    for (const f of findingsOf(
      rule.meta,
      safely(rule.meta, () => rule.check(ctx)),
      base,
    ))
      out.push(f);
  }
  return out;
}

function runPrincipalRules(
  rules: readonly PrincipalRule[],
  principal: RiskPrincipal,
  access: EffectiveAccess,
  catalog: Catalog,
): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules) {
    const reports = safely(rule.meta, () => rule.check({ principal, access, catalog }));
    for (const f of findingsOf(
      rule.meta,
      reports.map((r) => ({ principal: principal.id, ...r })),
      {},
    ))
      out.push(f);
  }
  return out;
}

/** Effective access of the holder of one identity policy (a role in a made-up account, nothing else attached). */
export function loneDocumentAccess(
  input: DocumentInput,
  catalog: Catalog,
): { principal: RiskPrincipal; access: EffectiveAccess } {
  const name = input.policyName ?? input.file ?? "policy";
  const principal: RiskPrincipal = {
    id: name,
    arn: `arn:aws:iam::${LONE_ACCOUNT}:role/${LONE_ROLE}`,
    account: LONE_ACCOUNT,
    partition: "aws",
  };
  const named = { name, document: input.document };
  // Its own caches: nothing is shared with another document.
  const access = createEffectiveAccess(new AccessCaches(catalog), {
    principal,
    identityPolicies: [named],
    policySet: () => ({ identityPolicies: [named] }),
    requestPrincipal: `arn:aws:sts::${LONE_ACCOUNT}:assumed-role/${LONE_ROLE}/session`,
    context: {
      "aws:PrincipalArn": principal.arn,
      "aws:PrincipalAccount": LONE_ACCOUNT,
      "aws:PrincipalType": "AssumedRole",
      "aws:MultiFactorAuthPresent": "true",
      "aws:SecureTransport": "true",
      "aws:RequestedRegion": PROBE_REGION,
    },
    holder: { known: false },
    locate: (_policy, statement) => {
      const pos = locate(input.sourceMap, `/Statement/${statement}`);
      const loc: { file?: string; line?: number; column?: number } = {};
      if (input.file !== undefined) loc.file = input.file;
      if (pos) {
        loc.line = pos.line;
        loc.column = pos.column;
      }
      return loc;
    },
  });
  return { principal, access };
}

/**
 * Check one policy document: the per-document rules, and — for an identity policy — the risk
 * rules over the permissions it grants to a principal holding only it. Findings are sorted.
 */
export function checkDocument(
  document: PolicyDocument,
  opts: Omit<DocumentInput, "document"> & CheckOptions,
): Finding[] {
  // Its holder's policy sets (plain, with a default key or trust policy) share the compiled document.
  return withCompileCache(() => checkDocumentNow(document, opts));
}

function checkDocumentNow(given: PolicyDocument, opts: Omit<DocumentInput, "document"> & CheckOptions): Finding[] {
  // Raw AWS JSON is checked as its normalized form (the rules read lists: a string Action was read
  // as NotAction, a statement object as no statement); a document IAM rejects is a DiagnosticsError.
  const document = libraryDocument(given, opts.kind);
  const catalog = opts.catalog ?? getCatalog();
  const rules = opts.rules ?? recommended;
  const input: DocumentInput = Object.assign({}, opts, { document });
  let lone: ReturnType<typeof loneDocumentAccess> | undefined;
  const holder = () => {
    if (!lone) lone = loneDocumentAccess(input, catalog);
    return lone;
  };
  const holds = opts.kind === "identity" || opts.kind === "session";
  const out = runDocumentRules(byScope(rules, "document"), input, catalog, holds ? () => [holder().access] : undefined);
  const riskRules = byScope(rules, "principal");
  if (opts.risks !== false && opts.kind === "identity" && riskRules.length > 0) {
    const { principal, access } = holder();
    for (const f of runPrincipalRules(riskRules, principal, access, catalog)) {
      // A lone document's "principal" is the document itself.
      delete f.principal;
      if (f.policy === undefined && input.policyName !== undefined) f.policy = input.policyName;
      out.push(f);
    }
  }
  return sortFindings(out);
}

/** The ARN of a customer managed policy of the model. */
function policyArn(model: AccessModel, p: ModelPolicy): string {
  return p.arn ?? `arn:${model.partition}:iam::${model.account}:policy${p.path ?? "/"}${p.name}`;
}

/**
 * What the model knows beyond one principal's policies, for the escalation analysis: its real
 * users, roles, groups and customer managed policies, and whether acting as one of its roles
 * gives `callerId` an action (above the List access level) it does not have itself.
 */
function modelWorld(
  model: AccessModel,
  catalog: Catalog,
  callerId: string,
  accessOf: ((id: string) => EffectiveAccess) | undefined,
): RiskWorld {
  let gainsOf: ((roleId: string) => boolean) | undefined;
  const ix = modelIndex(model);
  return {
    resources(type) {
      let list = ix.resources.get(type);
      if (!list) {
        list = worldResources(model, type);
        ix.resources.set(type, list);
      }
      // One shared list per model and type (read only): the analysis indexes it once.
      return list;
    },
    gains(roleArn) {
      const role = ix.byArn.get(roleArn);
      if (!role || !accessOf) return undefined;
      // Listing metadata (`ec2:DescribeSubnets` for a job's VPC) is no escalation. Compared once
      // per class of callers and of roles (`RoleComparison`, which remembers), shared with the model rules.
      gainsOf ??= roleComparison(model, catalog, accessOf).gainsFor(callerId);
      return gainsOf(role.id);
    },
    gainingTargets(list) {
      if (!accessOf) return list.map((w) => ({ w, ask: false }));
      return roleComparison(model, catalog, accessOf).gainingTargets(callerId, list);
    },
  };
}

/** Lookups over a model, built once per model (checking a model asks them for every principal). */
interface ModelIndex {
  principals: Map<string, ModelPrincipal>;
  /** The first principal with each ARN (as `Array.find` would return it). */
  byArn: Map<string, ModelPrincipal>;
  /** The last policy with each name and id (as `new Map(entries)` keeps it). */
  policiesByName: Map<string, ModelPolicy>;
  policiesById: Map<string, ModelPolicy>;
  resources: Map<string, string[]>;
}
const modelIndexes = new WeakMap<AccessModel, ModelIndex>();

function modelIndex(model: AccessModel): ModelIndex {
  let ix = modelIndexes.get(model);
  if (!ix) {
    const principals = new Map<string, ModelPrincipal>();
    const byArn = new Map<string, ModelPrincipal>();
    for (const p of model.principals) {
      if (!principals.has(p.id)) principals.set(p.id, p);
      if (!byArn.has(p.arn)) byArn.set(p.arn, p);
    }
    ix = {
      principals,
      byArn,
      policiesByName: new Map(model.policies.map((p) => [p.name, p])),
      policiesById: new Map(model.policies.map((p) => [p.id, p])),
      resources: new Map(),
    };
    modelIndexes.set(model, ix);
  }
  return ix;
}

function worldResources(model: AccessModel, type: string): string[] {
  switch (type) {
    case "iam:user":
      return model.principals.filter((p) => p.kind === "user").map((p) => p.arn);
    case "iam:role":
      return model.principals.filter((p) => p.kind === "role").map((p) => p.arn);
    case "iam:group":
      return model.groups.map((g) => g.arn);
    case "iam:policy":
      return model.policies.filter((p) => p.kind === "managed").map((p) => policyArn(model, p));
    default:
      return [];
  }
}

/**
 * What the effective access of one of the model's principals is made of, read from its
 * `PrincipalAccess` (identity policies, groups, boundary, SCPs, context). `accessOf` gives the
 * other principals' access, to tell whether a role it may pass or assume holds more than it does.
 */
function principalSource(p: PrincipalAccess, accessOf: (id: string) => EffectiveAccess): AccessSource {
  const model = p.model;
  const principal = p.principal;
  const ix = modelIndex(model);
  const byName = ix.policiesByName;
  const byId = ix.policiesById;
  const groups = model.groups.filter((g) => principal.groups.includes(g.id));
  const managed = [...principal.managedPolicies, ...groups.flatMap((g) => g.managedPolicies)]
    .map((id) => byId.get(id))
    .filter((mp): mp is ModelPolicy => mp !== undefined && mp.kind === "managed")
    .map((mp) => policyArn(model, mp));
  return {
    principal: riskPrincipal(model, principal.id),
    identityPolicies: p.identityPolicies,
    policyKey: p.policyKey,
    policySet: (action, resource) => p.policySet(action, resource),
    resourcePolicies: model.resourcePolicies.length > 0,
    requestPrincipal: requestPrincipalArn(model, principal),
    context: p.context,
    holder: { known: true, groups: groups.map((g) => g.arn), managedPolicies: [...new Set(managed)] },
    world: modelWorld(model, p.owner.catalog, principal.id, accessOf),
    locate: (policy) => {
      const mp = byName.get(policy) ?? findPolicy(model, policy);
      return mp ? { ...mp.location, policy: mp.id } : {};
    },
  };
}

function riskPrincipal(model: AccessModel, principalId: string): RiskPrincipal {
  const p = modelIndex(model).principals.get(principalId)!;
  return { id: p.id, arn: p.arn, account: p.account ?? model.account, partition: model.partition, model: p };
}

/** The storage kind of a model policy decides its quota; its engine type decides which rules apply. */
function modelDocumentInput(model: AccessModel, p: ModelPolicy): DocumentInput {
  const input: DocumentInput = {
    document: p.document,
    kind: p.policyType,
    storage: p.kind,
    policyName: p.id,
    account: model.account,
  };
  if (p.location?.file !== undefined) input.file = p.location.file;
  return input;
}

/**
 * Check an AccessModel: every policy it holds (AWS managed ones excepted), the model rules
 * (quotas, identity hygiene, PassRole to a more privileged role) and the risk rules over every
 * principal's effective permissions. Findings are sorted.
 */
export function checkModel(captured: AccessModel, opts: CheckOptions = {}): Finding[] {
  // Principals share policies (guardrails, groups, boundaries): each compiles once.
  return withCompileCache(() => checkModelNow(captured, opts));
}

function checkModelNow(captured: AccessModel, opts: CheckOptions): Finding[] {
  // What capture could not see is reported by capture-incomplete; the other rules read what it saw.
  const model = knownModel(captured);
  const catalog = opts.catalog ?? getCatalog();
  const rules = opts.rules ?? recommended;
  const out: Finding[] = [];
  const docRules = byScope(rules, "document");
  // Each principal's effective access, through the model's one effective-access object.
  const owner = modelAccess(model, catalog);
  const caches = owner.facet(checksAccess);
  const accessOf = (id: string): EffectiveAccess =>
    caches.access(id, () => {
      riskStats.accessCreated++;
      return principalSource(owner.principal(id), accessOf);
    });
  // Which principals hold each identity policy (directly, through a group, inline).
  const holdersOf = new Map<string, string[]>();
  for (const pr of model.principals) {
    for (const id of identityPolicyIds(model, pr)) {
      const list = holdersOf.get(id) ?? [];
      list.push(pr.id);
      holdersOf.set(id, list);
    }
  }
  // The document rules' shared memos live as long as this run (`DocumentContext.run`).
  const run = {};
  for (const p of model.policies) {
    if (p.kind === "aws-managed" || (p.unknown && p.document.Statement.length === 0)) continue;
    const held = holdersOf.get(p.id);
    const holders = held ? () => held.map(accessOf) : undefined;
    for (const f of runDocumentRules(docRules, modelDocumentInput(model, p), catalog, holders, run)) {
      if (f.line === undefined && p.location?.line !== undefined) {
        f.line = p.location.line;
        if (p.location.column !== undefined) f.column = p.location.column;
      }
      out.push(f);
    }
  }
  const locationOf = (principalId: string | undefined) =>
    principalId ? modelIndex(model).principals.get(principalId)?.location : undefined;
  for (const rule of byScope(rules, "model")) {
    for (const r of safely(rule.meta, () => (rule as ModelRule).check({ model, catalog, accessOf }))) {
      const loc = r.file === undefined && r.line === undefined ? locationOf(r.principal) : undefined;
      out.push(finding(rule.meta, { ...loc, ...r }, {}));
    }
  }
  const riskRules = byScope(rules, "principal");
  if (opts.risks !== false && riskRules.length > 0) {
    for (const p of model.principals) {
      relieveHeap();
      for (const f of runPrincipalRules(riskRules, riskPrincipal(model, p.id), accessOf(p.id), catalog)) {
        if (f.file === undefined && f.line === undefined && p.location) Object.assign(f, p.location);
        out.push(f);
      }
    }
  }
  return sortFindings(out);
}

export interface CheckInputs {
  documents?: DocumentInput[];
  model?: AccessModel;
  suppressions?: Suppression[];
}

/** The whole pipeline: documents and/or a model, suppressions (checked themselves), summary. */
export function runChecks(inputs: CheckInputs, opts: CheckOptions = {}): CheckResult {
  const catalog = opts.catalog ?? getCatalog();
  const rules = opts.rules ?? recommended;
  let findings: Finding[] = [];
  for (const d of inputs.documents ?? [])
    for (const f of checkDocument(d.document, Object.assign({}, opts, d, { catalog, rules }))) findings.push(f);
  if (inputs.model) for (const f of checkModel(inputs.model, { ...opts, catalog, rules })) findings.push(f);
  const suppressions = inputs.suppressions ?? [];
  // A suppression may name any rule ai-iam has, not only those of the pack that ran.
  const ruleIds = new Set([...allRules, ...rules].map((r) => r.meta.id));
  for (const rule of byScope(rules, "suppressions")) {
    for (const r of safely(rule.meta, () => (rule as SuppressionRule).check({ suppressions, ruleIds }))) {
      findings.push(finding(rule.meta, r, {}));
    }
  }
  findings = sortFindings(applySuppressions(findings, suppressions));
  const summary = summarize(findings);
  summary.documents = inputs.documents?.length ?? 0;
  // The documents the rules read: not AWS managed ones, nor those whose whole text is unknown (skipped above).
  if (inputs.model)
    summary.documents += inputs.model.policies.filter(
      (p) => p.kind !== "aws-managed" && !(p.unknown && p.document.Statement.length === 0),
    ).length;
  summary.principals = (inputs.documents ?? []).filter((d) => d.kind === "identity").length;
  if (inputs.model) summary.principals += inputs.model.principals.length;
  const rulesMeta = rules.map((r) => r.meta).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { findings, summary, rules: rulesMeta };
}

export function summarize(findings: readonly Finding[]): CheckResult["summary"] {
  const s = { total: 0, error: 0, security: 0, warning: 0, suggestion: 0, suppressed: 0, documents: 0, principals: 0 };
  for (const f of findings) {
    if (f.suppressed) s.suppressed++;
    else {
      s.total++;
      s[f.severity]++;
    }
  }
  return s;
}

/** `--fail-on`: whether any unsuppressed finding is at or above `threshold`. */
export function failsOn(findings: readonly Finding[], threshold: (typeof SEVERITIES)[number] | "never"): boolean {
  if (threshold === "never") return false;
  const limit = SEVERITIES.indexOf(threshold);
  return findings.some((f) => !f.suppressed && SEVERITIES.indexOf(f.severity) <= limit);
}
