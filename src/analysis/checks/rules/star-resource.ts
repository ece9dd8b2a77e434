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
    // Statements repeat patterns (`"Action": "*"` in each of 20,000 statements): each distinct
    // pattern is expanded and filtered once, and a statement's actions are its largest pattern's
    // set plus what its other patterns add, so a statement costs its smaller patterns, not the catalog.
    const byPattern = new Map<string, PatternActions>();
    const ofPattern = (p: string): PatternActions => {
      let hit = byPattern.get(p);
      if (!hit) {
        const set = new Set<string>();
        for (const a of expand(ctx.catalog, p, ctx.document).actions) if (scopable(a)) set.add(a.key);
        // Actions a Deny removes everywhere (here, or in the holder's other policies, boundary, SCPs) are not granted.
        if (ctx.survives) for (const a of [...set]) if (!ctx.survives(a)) set.delete(a);
        hit = { set };
        byPattern.set(p, hit);
      }
      return hit;
    };
    for (const [i, st] of statements(ctx)) {
      if (st.Effect !== "Allow" || !st.Action || !st.Resource?.includes("*")) continue;
      let base: PatternActions | undefined;
      for (const p of st.Action) {
        const pa = ofPattern(p);
        if (!base || pa.set.size > base.set.size) base = pa;
      }
      if (!base) continue;
      const extra = new Set<string>();
      for (const p of st.Action) {
        const pa = ofPattern(p);
        if (pa === base) continue;
        for (const a of pa.set) if (!base.set.has(a)) extra.add(a);
      }
      const count = base.set.size + extra.size;
      if (count === 0) continue;
      base.sorted ??= [...base.set].sort();
      const list = mergeFirst(base.sorted, [...extra].sort(), SHOWN + 1);
      const j = st.Resource.indexOf("*");
      out.push({
        messageId: count === 1 ? "oneAction" : "actions",
        data: { count, actions: listSome(list, SHOWN, count) },
        path: statementPath(i, "Resource", j),
      });
    }
    return out;
  },
};

/** How many actions a finding names. */
const SHOWN = 4;

/** The scopable actions one pattern grants (catalog keys), and the same sorted (made when needed). */
interface PatternActions {
  set: Set<string>;
  sorted?: string[];
}

/** The first `n` items of the merge of two sorted lists without duplicates between them. */
function mergeFirst(a: readonly string[], b: readonly string[], n: number): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (out.length < n && (i < a.length || j < b.length)) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

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
