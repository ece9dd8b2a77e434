import { inferPolicyKind } from "../../policy/trust.js";

// The inference itself lives with the trust-policy actions (src/policy/trust.ts): the engine reads
// the resource-policy slot with it too.
export { inferPolicyKind };

/** `inferPolicyKind` of a file's text; text that is not JSON is read as an identity policy (its parser reports why). */
export function inferPolicyKindOfText(text: string): ReturnType<typeof inferPolicyKind> {
  // No statement can hold a "Principal" or "NotPrincipal" key that the text does not spell out
  // (without a backslash, no key is escaped): an identity policy, parsed by no one twice.
  if (!text.includes("Principal") && !text.includes("\\")) return "identity";
  try {
    return inferPolicyKind(JSON.parse(text));
  } catch {
    return "identity";
  }
}
