import { policyUnknownReasons } from "../../../model/decide.js";
import { identityPolicyIds } from "../../../model/policy-set.js";
import type { ModelRule, Report } from "../types.js";

/**
 * What capture could not see of a Pulumi program (docs/capture.md): one finding per thing, naming
 * it and the principals whose decisions it leaves Unknown. Silence here would read as "nothing to
 * report" about access nobody looked at.
 */
export const captureIncomplete: ModelRule = {
  scope: "model",
  meta: {
    id: "capture-incomplete",
    severity: "warning",
    category: "capture",
    description: "Part of a Pulumi program's IAM could not be seen offline; decisions that depend on it are Unknown.",
    explanation:
      "Capture runs a program under mocks, as `pulumi preview` would: another stack's outputs, the children of a " +
      "multi-language component ai-iam does not know, values only the cloud knows and policies defined outside the " +
      "program cannot be seen. Nothing is guessed: `simulate`, `can` and `who-can` answer `Unknown` where such a " +
      "part decides, and this finding lists each one. Fix: pass the values with `--config`, or accept the gap " +
      "knowingly (suppress with a reason).",
    messages: {
      unseenFor: "capture could not see {{reason}}; decisions for {{principals}} that depend on it are Unknown",
      unseen: "capture could not see {{reason}}",
    },
  },
  check({ model }) {
    if (model.source.kind !== "program") return [];
    const out: Report[] = [];
    const seen = new Set<string>();
    for (const policy of model.policies) {
      for (const reason of policyUnknownReasons(policy)) {
        if (seen.has(reason)) continue;
        seen.add(reason);
        const holders = model.principals
          .filter(
            (p) =>
              identityPolicyIds(model, p).includes(policy.id) ||
              p.boundary === policy.id ||
              p.trustPolicy === policy.id,
          )
          .map((p) => p.id);
        out.push({
          ...(holders.length > 0
            ? { messageId: "unseenFor", data: { reason, principals: holders.join(", ") } }
            : { messageId: "unseen", data: { reason } }),
          policy: policy.id,
          ...(holders[0] ? { principal: holders[0] } : {}),
        });
      }
    }
    for (const u of model.unknowns ?? []) {
      const reason = `${u.resource}.${u.property}: ${u.message}`;
      if (seen.has(reason)) continue;
      seen.add(reason);
      out.push({ messageId: "unseen", data: { reason } });
    }
    return out;
  },
};
