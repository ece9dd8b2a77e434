import type { AccessModel, ModelPolicyKind, ModelPrincipal } from "../../model/types.js";
import type { PolicyDocument, PolicyKind, SourceMap } from "../../policy/types.js";
import type { MethodResult } from "./risk/analysis.js";

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
  /** Machine-readable details (e.g. `methods`: the escalation method ids a finding lists). */
  data?: Record<string, string | string[]>;
  /**
   * Which of the rule's `meta.messages` `message` was rendered from (ESLint's `messageId`): stable
   * across wording changes, so tools can match on it. Set on every finding the runner makes.
   */
  messageId?: string;
}

/** The values a report fills its message's `{{placeholders}}` with. */
export type MessageData = Readonly<Record<string, string | number>>;

export interface RuleMeta {
  /** Stable, kebab-case. Suppressions and docs anchors (`docs/checks.md#<id>`) use it. */
  id: string;
  severity: Severity;
  category?: FindingCategory;
  /** One line. */
  description: string;
  /** Why it matters and how to fix it (Markdown allowed). */
  explanation: string;
  /**
   * The messages the rule reports, keyed by `messageId` (ESLint's `meta.messages`). A message may
   * hold `{{name}}` placeholders, filled from the report's `data`; the runner renders it, and an
   * unknown `messageId` or a placeholder without data is a programming error it throws.
   */
  messages: Readonly<Record<string, string>>;
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
 * What a rule reports: one of its `meta.messages` by `messageId`, with the `data` its placeholders
 * need (ESLint's `context.report`). The runner renders the message, adds the rule id, severity and
 * category, and turns `path` (a JSON pointer into the document, `/Statement/0/Action/1`) into
 * file, line and column.
 */
export interface Report {
  messageId: string;
  /** Values of the message's `{{placeholders}}`. */
  data?: MessageData;
  /** JSON pointer inside the document being checked. */
  path?: string;
  statement?: number;
  policy?: string;
  principal?: string;
  file?: string;
  line?: number;
  column?: number;
  /** Machine-readable details, copied to the finding's `data`. */
  details?: Record<string, string | string[]>;
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
  /** The account that owns the document's resource or principal (a model's account), when known. */
  account?: string;
  /**
   * Whether a grant of `action` (on `resource`, default: a resource of the action's type that no
   * policy names) survives the document's Deny statements and, on a model, the whole policy set of
   * the principals that hold it (their other policies, boundary, SCPs): true when some holder may
   * do it in some realistic request. Absent when no principal holds the document (resource,
   * boundary and SCP documents): rules then judge the document alone.
   */
  survives?(action: string, resource?: string): boolean;
  /** The effective access of the principals that hold the document (absent as for `survives`). */
  holders?(): readonly EffectiveAccess[];
  /**
   * An object that lives as long as the run over a model (one for all its documents), for rules
   * to key memos of pure answers that documents share (a model's documents repeat statements and
   * ARNs); absent for a lone document, whose memos hang from the document itself (`memoScope`).
   */
  run?: object;
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
  /**
   * The published escalation methods (`risk/methods.ts`) the principal can use, each with the
   * concrete targets it reaches and the limiting conditions it relies on; computed once.
   */
  escalations(): readonly MethodResult[];
  /** Where statement `statement` of policy `policy` (as the engine names it) was written. */
  locate(policy: string, statement: number): Grant;
  /**
   * Whether some realistic request (now, a recent session; limiting keys such as MFA or source IP
   * set as the policies ask) lets the principal do `action` on `resource`, and the limiting
   * condition keys it needs; `null` when no such request is allowed (a Deny, a boundary or an SCP
   * removes it everywhere).
   */
  possible(
    action: string,
    resource: string,
    context?: Readonly<Record<string, string>>,
  ): { conditions: string[] } | null;
  /** Whether anything can take a grant away: a Deny statement, a permissions boundary or an SCP. */
  restricted(): boolean;
  /** The principal's account and partition. */
  readonly principal: RiskPrincipal;
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
