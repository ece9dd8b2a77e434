export {
  EXECUTION_ROLE,
  type LoadSpecOptions,
  type LoadSpecResult,
  loadSpec,
  loadSpecFromFiles,
  loadSpecFromString,
  specPrincipalIds,
  teamPersonas,
} from "./load.js";
export { closest, didYouMean } from "./suggest.js";
export type * from "./types.js";
export { ACTIVITY_IDS, BUILT_IN_PERSONAS } from "./vocabulary.js";
