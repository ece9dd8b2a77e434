import { actionMatches } from "../../../catalog/pattern.js";
import type { DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

/** Whether an Action pattern can match iam:PassRole (a cheap test on the first character first). */
function namesPassRole(pattern: string): boolean {
  const c = pattern.charCodeAt(0) | 32;
  if (c !== 105 /* i */ && pattern[0] !== "*" && pattern[0] !== "?") return false;
  return actionMatches(pattern, "iam:PassRole");
}

export const passRoleUnconstrained: DocumentRule = {
  scope: "document",
  meta: {
    id: "pass-role-unconstrained",
    severity: "security",
    category: "privilege-escalation",
    description: '"iam:PassRole" on "*" or without an "iam:PassedToService" condition.',
    explanation:
      "`iam:PassRole` lets a principal hand a role to a service (a SageMaker training job, an EC2 instance, a " +
      'Lambda function), which then acts with that role\'s permissions. On `Resource: "*"` the principal can ' +
      "pass the most privileged role of the account; without `iam:PassedToService` it can pass it to any " +
      'service. Fix: name the role ARNs and add `"Condition": {"StringEquals": {"iam:PassedToService": ' +
      '"sagemaker.amazonaws.com"}}`. AWS: IAM User Guide, "Granting a user permissions to pass a role to an ' +
      'AWS service".',
    equivalents: {
      accessAnalyzer: "PASS_ROLE_WITH_STAR_IN_RESOURCE",
      cloudsplaining: "PassRole (privilege escalation)",
      checkov: "CKV_AWS_286 (related)",
    },
  },
  check(ctx) {
    if (ctx.kind !== "identity" && ctx.kind !== "session") return [];
    const out: Report[] = [];
    for (const [i, st] of statements(ctx)) {
      if (st.Effect !== "Allow") continue;
      const grants = st.Action ? st.Action.some(namesPassRole) : !(st.NotAction ?? []).some(namesPassRole);
      if (!grants) continue;
      const onStar =
        st.NotResource !== undefined || (st.Resource ?? []).some((r) => r === "*" || r === "arn:aws:iam::*:role/*");
      const keys = Object.values(st.Condition ?? {}).flatMap((k) => Object.keys(k).map((x) => x.toLowerCase()));
      const scopedToService = keys.includes("iam:passedtoservice");
      if (onStar) {
        out.push({
          message: 'allows "iam:PassRole" on every role: name the roles it may pass',
          path: statementPath(i, st.Resource ? "Resource" : "NotResource"),
        });
      } else if (!scopedToService) {
        out.push({
          message: 'allows "iam:PassRole" to any service: add an "iam:PassedToService" condition',
          path: statementPath(i),
        });
      }
    }
    return out;
  },
};
