import type { AccessModel, ModelPolicyKind, ModelPrincipal } from "../../model/types.js";
import type { PolicyDocument, PolicyKind, SourceMap } from "../../policy/types.js";

/**
 * The vocabulary of checks: findings, rule metadata, and the contexts rules receive. Modelled on
 * ESLint's rules (metadata plus one function) and cdk-nag (packs, suppressions with a reason).
 * Renderers (`src/report/findings-*.ts`) import these types only.
 */

/** From most to least serious. `security` sits between `error` and `warning`: valid, but risky. */
export type Severity = "error" | "security" | "warning" | "suggestion";
export const SEVERITIES: readonly Severity[] = ["error", "security", "warning", "suggestion"];

/** Risk categories (Cloudsplaining's names), plus the grammar/catalog/quota/hygiene families. */
export type FindingCategory =
  | "privilege-escalation"
  | "data-exfiltration"
  | "resource-exposure"
  | "credentials-exposure"
  | "infrastructure-modification"
  | "grammar"
  | "catalog"
  | "quota"
  | "identity-hygiene"
  | "capture"
  | "suppression";

export interface Finding {
  /** The rule's id. */
  rule: string;
  severity: Severity;
  category?: string;
  message: string;
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** The policy's name (a file's policies are named after the file) or model id. */
  policy?: string;
  /** The principal's id (model) or ARN. */
  principal?: string;
  /** 0-based statement index inside `policy`. */
  statement?: number;
  /** Set when a suppression with a reason matched. */
  suppressed?: { reason: string };
}

export interface RuleMeta {
  /** Stable, kebab-case. Suppressions and docs anchors (`docs/checks.md#<id>`) use it. */
  id: string;
  severity: Severity;
  category?: FindingCategory;
  /** One line. */
  description: string;
  /** Why it matters and how to fix it (Markdown allowed). */
  explanation: string;
  /** The same check in other tools. */
  equivalents?: {
    accessAnalyzer?: string;
    parliament?: string;
    cloudsplaining?: string;
    checkov?: string;
    cdkNag?: string;
  };
}

/**
 * What a rule reports. The runner adds the rule id, severity and category, and turns `path` (a
 * JSON pointer into the document, `/Statement/0/Action/1`) into file, line and column.
 */
export interface Report {
  message: string;
  /** JSON pointer inside the document being checked. */
  path?: string;
  statement?: number;
  policy?: string;
  principal?: string;
  file?: string;
  line?: number;
  column?: number;
}

/** The slice of the catalog the rules need (`src/catalog/`). */
export type Catalog = import("../../catalog/catalog.js").Catalog;

/** A per-document rule's context. */
export interface DocumentContext {
  document: PolicyDocument;
  sourceMap?: SourceMap;
  kind: PolicyKind;
  /** How IAM stores it (decides its size quota); inferred from `kind` when absent. */
  storage?: ModelPolicyKind;
  file?: string;
  policyName?: string;
  catalog: Catalog;
}

/** A model rule's context: the whole AccessModel. */
export interface ModelContext {
  model: AccessModel;
  catalog: Catalog;
  /** Effective access of any principal of the model, built lazily with the engine. */
  accessOf(principalId: string): EffectiveAccess;
}

/** A risk rule's context: one principal and its effective permissions. */
export interface PrincipalContext {
  principal: RiskPrincipal;
  access: EffectiveAccess;
  catalog: Catalog;
}

/** The principal a risk rule looks at: a model principal, or the holder of one identity policy. */
export interface RiskPrincipal {
  /** Model id, or the policy's name for a lone document. */
  id: string;
  arn: string;
  account: string;
  partition: string;
  model?: ModelPrincipal;
}

/** A statement that allowed a probe: where to point a finding. */
export interface Grant {
  policy: string;
  statement: number;
  file?: string;
  line?: number;
  column?: number;
}

export interface ProbeOptions {
  /** The resource; default a representative ARN of the action's main resource type in the principal's account. */
  resource?: string;
  /** Extra request context (on top of the principal's normal session context). */
  context?: Record<string, string | string[]>;
  /** Context keys to remove from the normal session (e.g. `aws:MultiFactorAuthPresent`). */
  without?: string[];
}

/**
 * What a principal may do, asked of the engine one request at a time, so that a Deny, a boundary
 * or an SCP that removes a risk is honoured.
 */
export interface EffectiveAccess {
  /** Whether the principal may perform `action` (with the probe's resource and context). */
  allows(action: string, opts?: ProbeOptions): boolean;
  /** The allowing statements of a probe, or `undefined` when it is not allowed. */
  grants(action: string, opts?: ProbeOptions): Grant[] | undefined;
  /**
   * The first Allow statement (of the identity policies, in order) whose Action names `action`: a
   * cheap location for findings about many actions (it is not necessarily the statement whose
   * conditions held; `grants` asks the engine).
   */
  namedBy(action: string): Grant | undefined;
  /** Actions (catalog names, `service:Action`) that some Allow statement of the principal names. */
  candidateActions(): string[];
}

export interface DocumentRule {
  meta: RuleMeta;
  scope: "document";
  check(ctx: DocumentContext): Report[];
}

export interface ModelRule {
  meta: RuleMeta;
  scope: "model";
  check(ctx: ModelContext): Report[];
}

export interface PrincipalRule {
  meta: RuleMeta;
  scope: "principal";
  check(ctx: PrincipalContext): Report[];
}

/** Checks the suppressions themselves (a reason is required, the rule must exist). */
export interface SuppressionRule {
  meta: RuleMeta;
  scope: "suppressions";
  check(ctx: { suppressions: Suppression[]; ruleIds: ReadonlySet<string> }): Report[];
}

export type Rule = DocumentRule | ModelRule | PrincipalRule | SuppressionRule;

/** A suppression: from a spec's `suppress:` or a policy file's sibling `.ai-iam-ignore.yaml`. */
export interface Suppression {
  rule: string;
  /** Empty or missing is itself an error finding. */
  reason?: string;
  principal?: string;
  policy?: string;
  /** A file the suppression is limited to (an ignore file applies to the policy files beside it). */
  file?: string;
  statement?: number;
  /** Where the suppression was written. */
  source?: { file?: string; line?: number; column?: number };
}

export interface CheckSummary {
  /** Unsuppressed findings. */
  total: number;
  error: number;
  security: number;
  warning: number;
  suggestion: number;
  suppressed: number;
  /** Documents checked. */
  documents: number;
  /** Principals whose effective permissions were analysed. */
  principals: number;
}

/** What a check run returns, and what the renderers render. */
export interface CheckResult {
  /** Sorted by file, line, column, rule; suppressed ones included (with `suppressed`). */
  findings: Finding[];
  summary: CheckSummary;
  /** Metadata of every rule that ran, sorted by id (SARIF and docs links need it). */
  rules: RuleMeta[];
}
