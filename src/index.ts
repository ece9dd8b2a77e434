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
export { principalCan } from "./analyze/can.js";
export { diffModels } from "./analyze/diff.js";
export { diffEffectivePermissions } from "./analyze/diff-entries.js";
export { type EffectiveOptions, effectivePermissions } from "./analyze/effective.js";
export { type ActivityCapability, accessMatrix, type MatrixOptions } from "./analyze/matrix.js";
export { accessMatrixParallel, diffModelsParallel, type ParallelOptions } from "./analyze/parallel.js";
export { type AccessTestResult, resolveTestPrincipal, runAccessTests } from "./analyze/run-tests.js";
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
} from "./analyze/types.js";
export { whoCan } from "./analyze/who-can.js";
export * from "./catalog/index.js";
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
} from "./checks/index.js";
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
export * from "./diagnostics.js";
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
  type PolicySetParseResult,
  parsePolicySet,
  parseRequests,
  type RequestsParseResult,
  simulate,
} from "./engine/index.js";
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
export {
  type LoadSpecOptions,
  type LoadSpecResult,
  loadSpec,
  loadSpecFromFiles,
  loadSpecFromString,
  specPrincipalIds,
} from "./spec/index.js";
export type * from "./spec/types.js";
export { versionInfo } from "./version.js";
