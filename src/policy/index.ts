/** IAM policy documents: types, parsing with source positions, normalization, canonical JSON, size, ARNs. */
export * from "./arn.js";
export * from "./canonical.js";
export * from "./conditions.js";
export * from "./json.js";
export {
  type NormalizeOptions,
  type NormalizeResult,
  normalizePolicy,
  POLICY_VERSIONS,
  PRINCIPAL_TYPES,
} from "./normalize.js";
export { type ParsePolicyResult, parsePolicy } from "./parse.js";
export * from "./pointer.js";
export type * from "./policy-set.js";
export * from "./size.js";
export { isTrustPolicyAction } from "./trust.js";
export type * from "./types.js";
