/**
 * Existing accounts as input: `aws iam get-account-authorization-details` exports (with SCPs and
 * RCPs) → an AccessModel, and CloudTrail logs → events for usage analysis.
 */
export {
  type AccountFileInput,
  type ImportOptions,
  type ImportResult,
  type ImportSummary,
  importAuthorizationDetails,
  type ManagedPolicyLookup,
  type ManagedPolicyRecord,
  type TrustEdge,
} from "./authorization-details.js";
export {
  cloudTrailFiles,
  eventFromText,
  type ReadTrailOptions,
  type ReadTrailResult,
  readCloudTrailFile,
  type TrailEvent,
  type TrailIdentity,
  toEvent,
} from "./cloudtrail.js";
export { eventAction } from "./cloudtrail-actions.js";
export { type OrganizationPolicyInput, organizationPolicyArguments } from "./organizations.js";
