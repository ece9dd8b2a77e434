import { findPolicy } from "../../../model/policy-set.js";
import { PolicyQuotas, policySize } from "../../../policy/size.js";
import type { ModelRule, Report } from "../types.js";

/**
 * IAM's inline-policy quotas are per principal: all inline policies of one user, group or role
 * together (IAM User Guide, "IAM and AWS STS quotas": "You can add as many inline policies as you
 * want to an IAM user, role, or group. But the total aggregate policy size ... cannot exceed").
 * `policy-size` checks each document; this rule adds them up.
 */
export const inlinePoliciesSize: ModelRule = {
  scope: "model",
  meta: {
    id: "inline-policies-size",
    severity: "error",
    category: "quota",
    description: "A user's, group's or role's inline policies together are larger than IAM accepts.",
    explanation:
      "IAM limits the total size of all inline policies of one principal (characters without white space): " +
      "2,048 for a user, 5,120 for a group, 10,240 for a role. Each policy may fit on its own while the sum " +
      "does not, and the `PutUserPolicy` beyond the quota fails at deploy time. Fix: move statements into " +
      'managed policies (6,144 each, 10 per principal) or to a group. AWS: IAM User Guide, "IAM and AWS STS quotas".',
    messages: {
      tooLarge: "{{kind}} {{name}}'s {{count}} inline policies are {{size}} characters together; IAM allows {{quota}}",
    },
  },
  check({ model }) {
    const out: Report[] = [];
    const total = (ids: string[]) =>
      ids.reduce((n, id) => {
        const p = findPolicy(model, id);
        return n + (p ? policySize(p.document) : 0);
      }, 0);
    for (const p of model.principals) {
      if (p.kind === "permission-set" || p.inlinePolicies.length < 2) continue;
      const quota = p.kind === "user" ? PolicyQuotas.userInlineSize : PolicyQuotas.roleInlineSize;
      const size = total(p.inlinePolicies);
      if (size > quota) {
        out.push({
          messageId: "tooLarge",
          data: { kind: p.kind, name: p.name, count: p.inlinePolicies.length, size, quota },
          principal: p.id,
        });
      }
    }
    for (const g of model.groups) {
      if (g.inlinePolicies.length < 2) continue;
      const size = total(g.inlinePolicies);
      if (size > PolicyQuotas.groupInlineSize) {
        const r: Report = {
          messageId: "tooLarge",
          data: {
            kind: "group",
            name: g.name,
            count: g.inlinePolicies.length,
            size,
            quota: PolicyQuotas.groupInlineSize,
          },
        };
        if (g.location) Object.assign(r, g.location);
        out.push(r);
      }
    }
    return out;
  },
};
