import type { Diagnostic } from "../../diagnostics/index.js";
import type { AccessModel } from "../../model/types.js";
import { type BuildOptions, buildModel, type CapturedResource } from "./model/build.js";

export { containsUnknown, declaresIam, isCapturedType, isUnknownValue } from "./model/build.js";

/**
 * Rebuilds an AccessModel from the IAM resources of any Pulumi program: what capture records under
 * mocks, and what the policy pack receives from the engine. One handler per family of resource
 * types reads them (`./model/handlers/`); references between resources are matched by value or by
 * the resource an input was computed from; what cannot be resolved is recorded in
 * `model.unknowns`, as a diagnostic and as an unknown policy, never guessed.
 *
 * This module imports nothing from `@pulumi/*`, so the policy pack and tests can use it directly.
 */
export type IamResource = CapturedResource;
export type BuildModelOptions = BuildOptions;

/** Type tokens of the IAM resources the policy pack reads documents from. */
export const IamTypes = {
  policy: "aws:iam/policy:Policy",
  user: "aws:iam/user:User",
  group: "aws:iam/group:Group",
  role: "aws:iam/role:Role",
  userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  userGroupMembership: "aws:iam/userGroupMembership:UserGroupMembership",
  groupMembership: "aws:iam/groupMembership:GroupMembership",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

export function buildAccessModel(
  resources: readonly IamResource[],
  opts: BuildModelOptions,
): { model: AccessModel; diagnostics: Diagnostic[] } {
  return buildModel(resources, opts);
}
