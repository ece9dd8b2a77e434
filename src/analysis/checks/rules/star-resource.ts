import type { ActionInfo } from "../../../catalog/types.js";
import { expand } from "../expand.js";
import type { DocumentRule, Report } from "../types.js";
import { listSome, statementPath, statements } from "../util.js";

export const starResource: DocumentRule = {
  scope: "document",
  meta: {
    id: "star-resource",
    severity: "warning",
    category: "catalog",
    description: '"Resource": "*" on actions that support resource-level permissions.',
    explanation:
      'An Allow statement on `"Resource": "*"` grants its actions on every resource of the account, although ' +
      "these actions can be scoped to ARNs (buckets, training jobs, models, keys). Least privilege names them. " +
      "Actions that support no resource-level permissions (`s3:ListAllMyBuckets`, `sagemaker:ListModels`) are " +
      "not reported. An action whose resource types are all optional in the Service Authorization Reference " +
      "is reported too: the reference defines an optional type as one the request may use instead of another " +
      "(`s3:GetObject` on an object or an access-point object), and `*` grants every such resource. A few " +
      "actions also serve requests on no resource, and are not reported: List-level actions whose resource types " +
      "are all optional (`sagemaker:ListModelPackages`, `cloudformation:DescribeStacks`: a resource only filters " +
      "the listing, and a listing of the account names none), and the CloudWatch metric APIs, which take a " +
      "`dataset` only for OTLP metrics (classic metrics have no ARN: `cloudwatch:GetMetricData`, `PutMetricData`; " +
      "scope `PutMetricData` with `cloudwatch:namespace`). Actions a Deny removes (in the same document, or on a model in the holder's " +
      "other policies, boundary or SCPs) are not counted. Fix: move the wildcard-only actions to their own statement and scope the " +
      "others to ARNs (`arn:aws:sagemaker:us-east-1:111122223333:training-job/team-*`).",
    equivalents: {
      checkov: "CKV_AWS_355 / CKV_AWS_288",
      cloudsplaining: "resource constraints",
      parliament: "RESOURCE_STAR",
    },
    messages: {
      oneAction: '"Resource": "*" on an action that can be scoped to ARNs: {{actions}}',
      actions: '"Resource": "*" on {{count}} actions that can be scoped to ARNs: {{actions}}',
    },
  },
  check(ctx) {
    if (ctx.kind !== "identity" && ctx.kind !== "session") return [];
    const out: Report[] = [];
    for (const [i, st] of statements(ctx)) {
      if (st.Effect !== "Allow" || !st.Action || !st.Resource?.includes("*")) continue;
      const scoped = new Set<string>();
      for (const p of st.Action)
        for (const a of expand(ctx.catalog, p, ctx.document).actions) if (scopable(a)) scoped.add(a.key);
      // Actions a Deny removes everywhere (here, or in the holder's other policies, boundary, SCPs) are not granted.
      if (ctx.survives) for (const a of [...scoped]) if (!ctx.survives(a)) scoped.delete(a);
      if (scoped.size === 0) continue;
      const list = [...scoped].sort();
      const j = st.Resource.indexOf("*");
      out.push({
        messageId: list.length === 1 ? "oneAction" : "actions",
        data: { count: list.length, actions: listSome(list, 4) },
        path: statementPath(i, "Resource", j),
      });
    }
    return out;
  },
};

/**
 * CloudWatch: "metrics" have no ARN; the `dataset` resource type these actions list applies to OTLP
 * metrics only (Service Authorization Reference, Amazon CloudWatch; CloudWatch User Guide, "Amazon
 * CloudWatch permissions reference"). A classic request names no resource, so `*` is what they need.
 */
const NO_RESOURCE_REQUESTS = new Set(["cloudwatch:getmetricdata", "cloudwatch:putmetricdata"]);

/** Can a grant of the action name ARNs instead of `*` without losing requests it serves? */
function scopable(a: ActionInfo): boolean {
  if (a.wildcardOnly) return false;
  const allOptional = a.resourceTypes.every((r) => !r.required);
  if (allOptional && a.accessLevel === "List") return false;
  return !(allOptional && NO_RESOURCE_REQUESTS.has(a.key.toLowerCase()));
}
