import { escalationReport } from "../risk/describe.js";
import { where } from "../risk.js";
import type { PrincipalRule } from "../types.js";

/**
 * The published IAM privilege-escalation methods (`risk/methods.ts`) the principal can use: one
 * finding per principal, listing each method with its targets.
 */
export const privilegeEscalation: PrincipalRule = {
  scope: "principal",
  meta: {
    id: "privilege-escalation",
    severity: "security",
    category: "privilege-escalation",
    description: "The principal's effective permissions include a published IAM privilege-escalation method.",
    explanation:
      "Some permissions let a principal give itself more: rewrite a policy version, attach a policy, create " +
      "another user's access key, change a role's trust, or pass a privileged role to a service that runs " +
      "code it controls (EC2, Lambda, Glue, CloudFormation, CodeBuild, ECS, Batch, App Runner, Data Pipeline), " +
      "or take over compute that already runs with one (SSM, EC2 user data and launch templates, Lambda code, " +
      "stacks, build projects). The methods are data (`src/analysis/checks/risk/methods.ts`, with their " +
      "sources: Rhino Security Labs, pathfinding.cloud, IAM Vulnerable). For every request of every method " +
      "ai-iam asks the engine, over the principal's whole policy set (boundaries, SCPs and Denies included), " +
      "about the resources the principal's own statements name (policy variables resolved to the principal) " +
      "and an account-wide one, in a realistic request context (now, a recent session, no MFA); a path that " +
      "holds only under a limiting condition (MFA, source IP, VPC endpoint, region, resource tags) is reported " +
      "with it. One finding per principal lists each method with its targets. On a model, targets are its " +
      "real users, roles, groups and policies; passing or assuming a role counts only when the role holds " +
      "more than the caller. Fix: scope the IAM actions to the principal's own resources " +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      "(`${aws:username}` for credentials only), pass only named roles with `iam:PassedToService`, or add a " +
      "permissions boundary.",
    equivalents: {
      cloudsplaining: "PrivilegeEscalation",
      parliament: "PRIVILEGE_ESCALATION (community)",
      checkov: "CKV_AWS_286",
    },
    messages: {
      escalation: "can escalate privileges by {{count}}: {{methods}}",
    },
  },
  check(ctx) {
    const found = ctx.access.escalations().filter((r) => !r.method.ai);
    const r = escalationReport(found, "escalation", (p, s) => where(ctx.access.locate(p, s)));
    return r ? [r] : [];
  },
};
