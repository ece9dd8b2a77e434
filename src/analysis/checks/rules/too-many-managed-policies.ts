import { PolicyQuotas } from "../../../policy/size.js";
import type { ModelRule, Report } from "../types.js";

export const tooManyManagedPolicies: ModelRule = {
  scope: "model",
  meta: {
    id: "too-many-managed-policies",
    severity: "error",
    category: "quota",
    description: "More managed policies attached to a user, group or role than IAM allows (10 by default).",
    explanation:
      "IAM attaches at most 10 managed policies to one user, group or role (the quota can be raised to 20 " +
      "through Service Quotas). The attachment beyond the quota fails at deploy time, half-way through an " +
      "update. Fix: merge policies (ai-iam's compiler packs statements into as few policies as fit), move " +
      'access to a group, or raise the quota. AWS: IAM User Guide, "IAM and AWS STS quotas".',
    messages: {
      tooMany: "{{kind}} {{name}} has {{count}} managed policies attached; IAM allows {{quota}}",
    },
  },
  check({ model }) {
    const out: Report[] = [];
    for (const p of model.principals) {
      if (p.kind === "permission-set") continue;
      const quota = p.kind === "user" ? PolicyQuotas.managedPoliciesPerUser : PolicyQuotas.managedPoliciesPerRole;
      if (p.managedPolicies.length > quota) {
        out.push({
          messageId: "tooMany",
          data: { kind: p.kind, name: p.name, count: p.managedPolicies.length, quota },
          principal: p.id,
        });
      }
    }
    for (const g of model.groups) {
      if (g.managedPolicies.length > PolicyQuotas.managedPoliciesPerGroup) {
        const r: Report = {
          messageId: "tooMany",
          data: {
            kind: "group",
            name: g.name,
            count: g.managedPolicies.length,
            quota: PolicyQuotas.managedPoliciesPerGroup,
          },
        };
        if (g.location) Object.assign(r, g.location);
        out.push(r);
      }
    }
    return out;
  },
};
