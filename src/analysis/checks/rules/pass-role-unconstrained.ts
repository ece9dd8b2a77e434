import { actionMatches } from "../../../catalog/pattern.js";
import type { DocumentContext, DocumentRule, Report } from "../types.js";
import { statementPath, statements } from "../util.js";

/** Whether an Action pattern can match iam:PassRole (a cheap test on the first character first). */
function namesPassRole(pattern: string): boolean {
  const c = pattern.charCodeAt(0) | 32;
  if (c !== 105 /* i */ && pattern[0] !== "*" && pattern[0] !== "?") return false;
  return actionMatches(pattern, "iam:PassRole");
}

/**
 * Whether PassRole survives on some role the statement names: on `*` (or NotResource) a role no
 * policy names; otherwise each named role pattern with its wildcards filled.
 */
function passableSomewhere(
  resources: readonly string[] | undefined,
  notResource: boolean,
  survives: NonNullable<DocumentContext["survives"]>,
): boolean {
  if (notResource || !resources) return survives("iam:PassRole");
  return resources.some((r) =>
    r === "*" || r === "arn:aws:iam::*:role/*"
      ? survives("iam:PassRole")
      : r.includes("${")
        ? true
        : survives("iam:PassRole", r.replace(/[*?]+/g, "x")),
  );
}

function guardedWithoutPath(ctx: DocumentContext): boolean {
  const holders = ctx.holders?.();
  if (!holders || holders.length === 0 || !holders.every((h) => h.restricted())) return false;
  return !holders.some((h) =>
    h.escalations().some((m) => m.method.steps.some((s) => s.anyOf.includes("iam:PassRole"))),
  );
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
      "service. A statement whose PassRole a Deny removes (in the same document, or on a model in the " +
      "holder's other policies, boundary or SCPs) is not reported, nor one whose holder's guards (Deny " +
      "statements, boundary, SCPs) leave no escalation path that passes a role. " +
      'Fix: name the role ARNs and add `"Condition": {"StringEquals": {"iam:PassedToService": ' +
      '"sagemaker.amazonaws.com"}}`. AWS: IAM User Guide, "Granting a user permissions to pass a role to an ' +
      'AWS service".',
    equivalents: {
      accessAnalyzer: "PASS_ROLE_WITH_STAR_IN_RESOURCE",
      cloudsplaining: "PassRole (privilege escalation)",
      checkov: "CKV_AWS_286 (related)",
    },
    messages: {
      everyRole: 'allows "iam:PassRole" on every role: name the roles it may pass',
      anyService: 'allows "iam:PassRole" to any service: add an "iam:PassedToService" condition',
    },
  },
  check(ctx) {
    if (ctx.kind !== "identity" && ctx.kind !== "session") return [];
    const out: Report[] = [];
    // The same for every statement: asked once, when a statement first needs it.
    let guarded: boolean | undefined;
    for (const [i, st] of statements(ctx)) {
      if (st.Effect !== "Allow") continue;
      const grants = st.Action ? st.Action.some(namesPassRole) : !(st.NotAction ?? []).some(namesPassRole);
      if (!grants) continue;
      // Guarded holders (a Deny, a boundary or an SCP applies to them) whose guards leave no
      // PassRole escalation path: the author closed the paths, nothing is left to report. Asked
      // first: it is one answer for the whole document (the holders' escalations, which the risk
      // rules compute anyway), where `passableSomewhere` asks about each statement's roles (both
      // must let a statement through, so the order changes no finding).
      guarded ??= guardedWithoutPath(ctx);
      if (guarded) continue;
      // A Deny (here or, on a model, in the holder's other policies, boundary or SCPs) that
      // removes PassRole on the roles this statement names leaves nothing to constrain.
      if (ctx.survives && !passableSomewhere(st.Resource, st.NotResource !== undefined, ctx.survives)) continue;
      const onStar =
        st.NotResource !== undefined || (st.Resource ?? []).some((r) => r === "*" || r === "arn:aws:iam::*:role/*");
      const keys = Object.values(st.Condition ?? {}).flatMap((k) => Object.keys(k).map((x) => x.toLowerCase()));
      const scopedToService = keys.includes("iam:passedtoservice");
      if (onStar) {
        out.push({
          messageId: "everyRole",
          path: statementPath(i, st.Resource ? "Resource" : "NotResource"),
        });
      } else if (!scopedToService) {
        out.push({
          messageId: "anyService",
          path: statementPath(i),
        });
      }
    }
    return out;
  },
};
