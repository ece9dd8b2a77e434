import type { Classification } from "./types.js";

/**
 * Classification levels, least to most sensitive (README, "Classification"). A dataset without one
 * is `internal`; a team without a clearance is cleared for `internal`.
 */
export const CLASSIFICATIONS = [
  "public",
  "internal",
  "confidential",
  "restricted",
] as const satisfies readonly Classification[];

export const DEFAULT_CLASSIFICATION: Classification = "internal";

/** How sensitive: 0 for public … 3 for restricted. */
export function classificationRank(c: Classification | undefined): number {
  return CLASSIFICATIONS.indexOf(c ?? DEFAULT_CLASSIFICATION);
}

/** Confidential or restricted: TLS, MFA and the dataset's KMS key on every path, and a clearance to be granted. */
export function isClassified(c: Classification | undefined): boolean {
  return classificationRank(c) >= classificationRank("confidential");
}
