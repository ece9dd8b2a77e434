/**
 * `ai-iam/pulumi`: the Pulumi components and capture. The only entry point that loads `@pulumi/*`;
 * the package root (`ai-iam`) never imports it.
 */

export * from "../input/capture/capture.js";
export * from "../input/capture/iam-graph.js";
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
} from "../input/capture/run-under-mocks.js";
export * from "./access-model-deployment.js";
export { loadAccessModel } from "./load-model.js";
export { policyJson } from "./policy-json.js";
