/**
 * ai-iam's library API: exactly what the README's "Library" section documents (grouped there, in
 * import order here). Every runtime name is a promise: api/ai-iam.api.md records each export's
 * signature, and test/architecture/api-report.test.ts fails when it changes without the report.
 * Nothing here imports `@pulumi/*`; the Pulumi components live at `ai-iam/pulumi`
 * (src/deploy/index.ts).
 */

export { type ActivityTable, activityTable } from "./activities/index.js";
export type { ActivityContext, TeamContext } from "./activities/types.js";
export {
  type ChangeReview,
  type ChangeReviewOptions,
  type PhaseProgress,
  reviewChange,
} from "./analysis/change-review.js";
export { type CheckPathsOptions, checkPaths } from "./analysis/checks/inputs.js";
export { rulePacks } from "./analysis/checks/packs.js";
export { allRules } from "./analysis/checks/rules/index.js";
export {
  type CheckInputs,
  type CheckOptions,
  checkDocument,
  checkModel,
  type DocumentInput,
  failsOn,
  runChecks,
} from "./analysis/checks/runner.js";
export type {
  CheckResult,
  CheckSummary,
  DocumentContext,
  DocumentRule,
  EffectiveAccess,
  Finding,
  FindingCategory,
  Grant,
  MessageData,
  ModelContext,
  ModelRule,
  PrincipalContext,
  PrincipalRule,
  ProbeOptions,
  Report,
  RiskPrincipal,
  Rule,
  RuleMeta,
  Severity,
  Suppression,
  SuppressionRule,
} from "./analysis/checks/types.js";
export {
  type AdHocArgument,
  isPolicySetFile,
  type ProveInputOptions,
  type ProveInputResult,
  proveModelInput,
  provePolicySetFile,
} from "./analysis/prove-input.js";
export {
  type Counterexample,
  type ExactDiff,
  type ExactDiffOptions,
  type ExactPrincipalResult,
  type ExactTestResult,
  type GuardrailSource,
  guardrailProperties,
  type IsolationOptions,
  isExactTest,
  type ModelProveOptions,
  type OwnedResources,
  type ProofResult,
  type ProofStatus,
  type PropertyDefinition,
  type PropertyResult,
  type ProveOptions,
  type ProveReport,
  proveAlways,
  proveIsolation,
  proveModel,
  proveModelNoNewAccess,
  proveNever,
  proveNoNewAccess,
  provePolicySet,
  proveProperties,
  proveTrustNoNewAccess,
  type RequestPattern,
  runExactTests,
  type TrustOptions,
  teamResources,
} from "./analysis/prover/index.js";
export { principalCan } from "./analysis/review/can.js";
export { diffModels } from "./analysis/review/diff.js";
export { type EffectiveOptions, effectivePermissions } from "./analysis/review/effective.js";
export { type ActivityCapability, accessMatrix, type MatrixOptions } from "./analysis/review/matrix.js";
export { accessMatrixParallel, diffModelsParallel, type ParallelOptions } from "./analysis/review/parallel.js";
export { type AccessTestResult, runAccessTests } from "./analysis/review/run-tests.js";
export { specAccessMatrix } from "./analysis/review/spec-matrix.js";
export type {
  AccessDiff,
  AccessEntry,
  AccessException,
  AccessMatrix,
  AccessStatus,
  CanGroup,
  CanLine,
  CanResult,
  Capability,
  CellStatus,
  DecidingStatement,
  DiffEntry,
  EffectivePermissions,
  MatrixCell,
  MatrixRow,
  PrincipalDiff,
  WhoCanEntry,
  WhoCanResult,
} from "./analysis/review/types.js";
export { whoCan } from "./analysis/review/who-can.js";
export { type AnalyzeUsageOptions, analyzeUsage } from "./analysis/usage/index.js";
export type { UsageReport } from "./analysis/usage/report.js";
export { type Catalog, type ExpandResult, getCatalog, type PatternLocation } from "./catalog/catalog.js";
export type {
  AccessLevel,
  AccessLevelFlags,
  ActionInfo,
  ActionResourceType,
  CatalogInfo,
  ConditionKeyInfo,
  ConditionKeyType,
  ResourceTypeInfo,
  ServiceInfo,
} from "./catalog/types.js";
export { type CompileOptions, type CompileResult, compileSpec } from "./compile/compile.js";
export type { ActivityLibrary } from "./compile/library.js";
export { type LoadedModel, loadModel, loadSpecModel, type ModelSource } from "./compile/load.js";
export { type PackOptions, type PackResult, packStatements } from "./compile/pack.js";
export { type Plan, planOf } from "./compile/plan.js";
export {
  DIAGNOSTIC_CODES,
  type Diagnostic,
  type DiagnosticCode,
  type DiagnosticCodeInfo,
  type DiagnosticSeverity,
  DiagnosticsError,
  diagnosticMessage,
  formatDiagnostic,
  hasErrors,
  type RenderDiagnosticsOptions,
  renderDiagnostics,
  type SourceLocation,
  sortDiagnostics,
} from "./diagnostics/index.js";
export {
  compilePolicySet,
  createEvaluator,
  defaultContext,
  explanationLines,
  simulate,
} from "./engine/index.js";
export type * from "./engine/types.js";
export {
  type ActionCheck,
  type PolicySetParseResult,
  parsePolicySet,
  parseRequests,
  type RequestReadOptions,
  type RequestsParseResult,
} from "./input/policy-files/simulation-input.js";
export { type LoadSpecOptions, type LoadSpecResult, loadSpec, loadSpecFromString } from "./input/team-spec/load.js";
export type * from "./input/team-spec/types.js";
export { ACTIVITY_IDS, BUILT_IN_PERSONAS } from "./input/team-spec/vocabulary.js";
export { policySetForPrincipal, principalContext, requestFor } from "./model/policy-set.js";
export { type PlannedResource, plannedResources } from "./model/resources.js";
export type * from "./model/types.js";
export { type Arn, arnMatches, type ParseArnResult, parseArn } from "./policy/arn.js";
export { canonicalJson } from "./policy/canonical.js";
export { type JsonParseResult, parseJsonWithPositions } from "./policy/json.js";
export { type NormalizeOptions, type NormalizeResult, normalizePolicy } from "./policy/normalize.js";
export { type ParsePolicyResult, parsePolicy } from "./policy/parse.js";
export type * from "./policy/policy-set.js";
export { PolicyQuotas, policySize } from "./policy/size.js";
export type * from "./policy/types.js";
export { renderProposalFiles, renderUsageText } from "./report/account-text.js";
export { renderDiffMarkdown, renderDiffText } from "./report/diff.js";
export { docsBaseUrl } from "./report/docs-url.js";
export { type FindingsFormat, type FindingsRenderOptions, renderFindings } from "./report/findings.js";
export { renderFindingsJson } from "./report/findings-json.js";
export { type MarkdownOptions, renderFindingsMarkdown } from "./report/findings-markdown.js";
export { renderFindingsSarif, type SarifOptions } from "./report/findings-sarif.js";
export { renderFindingsText, type TextOptions } from "./report/findings-text.js";
export { renderHtmlReport, renderMatrixHtml } from "./report/html/report.js";
export type { ReportData, ReportFinding, ReportPolicy, ReportPrincipal, ReportTest } from "./report/html/types.js";
export { type MatrixFormat, type MatrixRenderOptions, renderMatrix } from "./report/matrix.js";
export type { Paint } from "./report/paint.js";
export {
  type BuildReportOptions,
  buildReport,
  buildReportData,
  type ReportInput,
  renderReportSummary,
  reportFails,
} from "./report/report-data.js";
export { renderCanText, renderMatrixCsv, renderMatrixText, renderWhoCanText } from "./report/review-text.js";
export {
  type InitAnswers,
  renderScaffoldSummary,
  type ScaffoldFile,
  type ScaffoldOptions,
  type ScaffoldPlan,
  scaffoldRepository,
} from "./scaffold/index.js";
export { versionInfo } from "./version.js";
