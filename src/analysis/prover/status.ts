import type { ProofStatus } from "./prove.js";

/** `violated` over `unknown` over `proven`. */
export function overall(statuses: readonly ProofStatus[]): ProofStatus {
  if (statuses.includes("violated")) return "violated";
  if (statuses.includes("unknown")) return "unknown";
  return "proven";
}
