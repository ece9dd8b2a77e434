/**
 * ai-iam's library API. The CLI is a thin shell over these exports. Nothing exported here imports
 * `@pulumi/*`; the Pulumi components live at `ai-iam/pulumi`.
 */

export type { Activity, ActivityContext, ActivityTable, BuiltInPersona, TeamContext } from "./activities/index.js";
export {
  activities,
  activityById,
  activityTable,
  builtInPersonas,
  executionRoleStatements,
  executionRoleTrustPolicy,
  guardrailStatements,
  memberActivities,
  personaActivities,
  personaStatements,
} from "./activities/index.js";
export {
  allRules,
  applySuppressions,
  type CheckInputs,
  type CheckOptions,
  type CheckResult,
  type CheckSummary,
  checkDocument,
  checkModel,
  type DocumentInput,
  type Finding,
  failsOn,
  IGNORE_FILE,
  loadIgnoreFile,
  type Rule,
  type RuleMeta,
  rulePacks,
  runChecks,
  type Severity,
  type Suppression,
} from "./analysis/checks/index.js";
export { principalCan } from "./analysis/review/can.js";
export { diffModels } from "./analysis/review/diff.js";
export { diffEffectivePermissions } from "./analysis/review/diff-entries.js";
export { type EffectiveOptions, effectivePermissions } from "./analysis/review/effective.js";
export { type ActivityCapability, accessMatrix, type MatrixOptions } from "./analysis/review/matrix.js";
export { accessMatrixParallel, diffModelsParallel, type ParallelOptions } from "./analysis/review/parallel.js";
export { type AccessTestResult, resolveTestPrincipal, runAccessTests } from "./analysis/review/run-tests.js";
export type {
  AccessDiff,
  AccessEntry,
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
export * from "./catalog/index.js";
export {
  type ActivityLibrary,
  type CompileOptions,
  type CompileResult,
  compileSpec,
  mergeStatements,
  type PackOptions,
  type PackResult,
  type Plan,
  packStatements,
  planOf,
  sortStatements,
} from "./compile/index.js";
export * from "./diagnostics/index.js";
export {
  compilePolicySet,
  createEvaluator,
  type Decision,
  defaultContext,
  type EvaluateOptions,
  type EvaluationResult,
  type Evaluator,
  type EvaluatorOptions,
  type Explanation,
  explanationLines,
  type Layer,
  type MatchedStatement,
  type MissingAllow,
  simulate,
} from "./engine/index.js";
export {
  type PolicySetParseResult,
  parsePolicySet,
  parseRequests,
  type RequestsParseResult,
} from "./input/policy-files/simulation-input.js";
export {
  type LoadSpecOptions,
  type LoadSpecResult,
  loadSpec,
  loadSpecFromFiles,
  loadSpecFromString,
  specPrincipalIds,
} from "./input/team-spec/index.js";
export type * from "./input/team-spec/types.js";
export {
  findPolicy,
  findPrincipal,
  identityPolicyIds,
  policySetForPrincipal,
  principalContext,
  requestFor,
  requestPrincipalArn,
} from "./model/policy-set.js";
export * from "./model/resources.js";
export type * from "./model/types.js";
export * from "./policy/index.js";
export type * from "./policy/policy-set.js";
export type * from "./policy/types.js";
export { renderDiffMarkdown, renderDiffText } from "./report/diff.js";
export { renderFindingsJson } from "./report/findings-json.js";
export { renderFindingsMarkdown } from "./report/findings-markdown.js";
export { renderFindingsSarif } from "./report/findings-sarif.js";
export { renderFindingsText } from "./report/findings-text.js";
export { renderHtmlReport, renderMatrixHtml } from "./report/html/report.js";
export type { ReportData, ReportFinding, ReportPolicy, ReportPrincipal, ReportTest } from "./report/html/types.js";
export { renderCanText, renderMatrixCsv, renderMatrixText, renderWhoCanText } from "./report/review-text.js";
export { versionInfo } from "./version.js";
