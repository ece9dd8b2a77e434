/**
 * `ai-iam/pulumi`: the Pulumi components and capture. The only entry point that loads `@pulumi/*`;
 * the package root (`ai-iam`) never imports it.
 */
export * from "./access-model-deployment.js";
export * from "./capture.js";
export * from "./iam-graph.js";
export { loadAccessModel } from "./load-model.js";
export { policyJson } from "./policy-json.js";
export {
  autoNameSuffix,
  type MockRun,
  type MockRunOptions,
  mockState,
  type RegisteredResource,
  resolveExports,
  resolveOutput,
  runProgramUnderMocks,
  setRecordingMocks,
  settle,
} from "./run-under-mocks.js";
