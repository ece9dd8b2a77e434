import { PolicyQuotas } from "../../../policy/size.js";
import type { ModelRule, Report } from "../types.js";

export const tooManyGroups: ModelRule = {
  scope: "model",
  meta: {
    id: "too-many-groups",
    severity: "error",
    category: "quota",
    description: "An IAM user in more groups than IAM allows (10).",
    explanation:
      "An IAM user can be a member of at most 10 groups (a hard quota). Fix: merge groups, or give the user a " +
      'persona whose policies cover the access. AWS: IAM User Guide, "IAM and AWS STS quotas".',
    messages: {
      tooManyGroups: "user {{name}} is in {{count}} groups; IAM allows {{quota}}",
    },
  },
  check({ model }) {
    const out: Report[] = [];
    for (const p of model.principals) {
      if (p.kind === "user" && p.groups.length > PolicyQuotas.groupsPerUser) {
        out.push({
          messageId: "tooManyGroups",
          data: { name: p.name, count: p.groups.length, quota: PolicyQuotas.groupsPerUser },
          principal: p.id,
        });
      }
    }
    return out;
  },
};
