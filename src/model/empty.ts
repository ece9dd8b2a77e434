import type { AccessModel } from "./types.js";

/**
 * The same organization with nobody and nothing in it: what a spec that did not exist yet
 * grants, so that a diff against it shows everything the new spec grants as added.
 */
export function withoutPrincipals(like: AccessModel): AccessModel {
  return { ...like, principals: [], groups: [], policies: [], resourcePolicies: [], scps: [], tests: [] };
}
