/** Checks: rules (one per file under `rules/`), packs, the runner and suppressions. */
export { AccessCaches, checksAccess, createEffectiveAccess } from "./effective.js";
export { recommended, risks, rulePacks, validation } from "./packs.js";
export { fillArnFormat, probeResource, probeResources } from "./probe.js";
export { allRules } from "./rules/index.js";
export {
  type CheckInputs,
  type CheckOptions,
  checkDocument,
  checkModel,
  type DocumentInput,
  failsOn,
  runChecks,
  sortFindings,
  summarize,
} from "./runner.js";
export { applySuppressions, IGNORE_FILE, loadIgnoreFile, suppressionMatches } from "./suppressions.js";
export * from "./types.js";
