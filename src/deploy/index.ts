/**
 * `ai-iam/pulumi`: the Pulumi components, and capturing a Pulumi program's IAM under mocks. The
 * only entry point that loads `@pulumi/*`; the package root (`ai-iam`) never imports it. Exactly
 * what the README's "Library" section documents (api/ai-iam.api.md records the signatures).
 */

export {
  type CaptureOptions,
  type CaptureResult,
  captureProgram,
  loadModelFromProgram,
} from "../input/capture/capture.js";
export { type BuildModelOptions, buildAccessModel, type IamResource } from "../input/capture/iam-graph.js";
export {
  type MockRun,
  type MockRunOptions,
  type RegisteredResource,
  runProgramUnderMocks,
} from "../input/capture/run-under-mocks.js";
export {
  ACCESS_MODEL_DEPLOYMENT_TYPE,
  AccessModelDeployment,
  type AccessModelDeploymentArgs,
  type DeployedPrincipal,
  type IdentityCenterSettings,
} from "./access-model-deployment.js";
export { loadAccessModel } from "./load-model.js";
