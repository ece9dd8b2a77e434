/**
 * The names a team spec may use for activities and built-in personas: part of the spec language,
 * declared here so the loader can check references (with "did you mean") without loading the
 * activity library that implements them. test/activities/vocabulary.test.ts asserts the library
 * implements exactly these.
 */

/** Activity ids a spec may name under `activities:` and in custom personas, sorted. */
export const ACTIVITY_IDS: readonly string[] = [
  "bedrock",
  "containers",
  "datasets",
  "endpoints",
  "experiments",
  "gpu-instances",
  "inference",
  "models",
  "notebooks",
  "observability",
  "pipelines",
  "training",
];

/** Built-in persona names (a custom persona may not take one), sorted. */
export const BUILT_IN_PERSONAS: readonly string[] = ["analyst", "data-scientist", "ml-engineer", "mlops"];
