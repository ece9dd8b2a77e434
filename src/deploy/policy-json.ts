import { canonicalJson } from "../policy/canonical.js";
import type { PolicyDocument } from "../policy/types.js";

/**
 * The policy text the components send to AWS: the canonical JSON the rest of ai-iam emits and
 * measures, so what is deployed is byte-for-byte what was checked.
 */
export function policyJson(doc: PolicyDocument): string {
  return canonicalJson(doc);
}
