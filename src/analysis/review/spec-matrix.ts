import type { Spec } from "../../input/team-spec/types.js";
import type { AccessModel } from "../../model/types.js";
import { activityCapabilities } from "./activity-capabilities.js";
import { accessMatrixAndCanParallel, accessMatrixParallel, type ParallelOptions } from "./parallel.js";
import type { AccessMatrix, CanResult } from "./types.js";

/**
 * What `ai-iam matrix` (and the report's matrix) computes: the access matrix of a model, on worker
 * threads, with an activity column per activity and team when the model was compiled from a spec,
 * and service columns for `services` (default: every service the policies name).
 */
export async function specAccessMatrix(
  input: { model: AccessModel; spec?: Spec },
  options: { services?: readonly string[] } = {},
  parallel: ParallelOptions = {},
): Promise<AccessMatrix> {
  const activities = input.spec ? activityCapabilities(input.spec) : [];
  return accessMatrixParallel(
    input.model,
    { activities, ...(options.services ? { services: [...options.services] } : {}) },
    parallel,
  );
}

/** `specAccessMatrix` (every service) and every principal's `principalCan`, by principal id, computed together. */
export async function specAccessMatrixAndCan(
  input: { model: AccessModel; spec?: Spec },
  parallel: ParallelOptions = {},
): Promise<{ matrix: AccessMatrix; can: Map<string, CanResult> }> {
  const activities = input.spec ? activityCapabilities(input.spec) : [];
  return accessMatrixAndCanParallel(input.model, { activities }, parallel);
}
