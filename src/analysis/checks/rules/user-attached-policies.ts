import type { ModelRule, Report } from "../types.js";
import { plural } from "../util.js";

export const userAttachedPolicies: ModelRule = {
  scope: "model",
  meta: {
    id: "user-attached-policies",
    severity: "warning",
    category: "identity-hygiene",
    description: "Policies attached directly to an IAM user instead of through a group.",
    explanation:
      "Permissions attached to individual users drift apart and are hard to review; AWS and CIS recommend " +
      "granting through groups (or roles). Fix: attach the policy to a group (a team or persona) and add the " +
      "user to it.",
    equivalents: { checkov: "CKV_AWS_40", cdkNag: "AwsSolutions-IAM (related)" },
    messages: {
      attached: "user {{name}} has {{count}} attached directly; grant through a group",
    },
  },
  check({ model }) {
    const out: Report[] = [];
    for (const p of model.principals) {
      if (p.kind !== "user") continue;
      const n = p.managedPolicies.length + p.inlinePolicies.length;
      if (n > 0)
        out.push({
          messageId: "attached",
          data: { name: p.name, count: plural(n, "policy", "policies") },
          principal: p.id,
        });
    }
    return out;
  },
};
