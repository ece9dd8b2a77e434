export {
  type CompileOptions,
  type CompileResult,
  compileSpec,
  MEMBER_TAG,
  SAGEMAKER_SERVICE,
  TEAM_TAG,
} from "./compile.js";
export type { ActivityLibrary } from "./library.js";
export * from "./names.js";
export {
  mergeStatements,
  normalizeStatement,
  type PackOptions,
  type PackResult,
  packStatements,
  sortStatements,
  statementSize,
} from "./pack.js";
export { type Plan, planOf } from "./plan.js";
