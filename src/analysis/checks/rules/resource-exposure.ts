import { groupedReports } from "../risk.js";
import type { PrincipalRule } from "../types.js";
import { listSome, plural } from "../util.js";

export const resourceExposure: PrincipalRule = {
  scope: "principal",
  meta: {
    id: "resource-exposure",
    severity: "security",
    category: "resource-exposure",
    description: "Permissions-management actions (resource policies, ACLs, grants) without resource constraints.",
    explanation:
      "Actions of the *Permissions management* access level change who may access a resource: " +
      "`s3:PutBucketPolicy`, `kms:PutKeyPolicy`, `kms:CreateGrant`, `iam:*Policy*`, `ecr:SetRepositoryPolicy`, " +
      "`sagemaker:PutModelPackageGroupPolicy`... On any resource, they let the principal open a bucket, a key " +
      "or a model registry to another account or to the world. ai-iam takes every such action the principal's " +
      "Allow statements name and asks the engine whether it is allowed on a resource the principal was not " +
      "scoped to. Fix: keep permissions management with the platform team, or scope it to the team's own " +
      "resources.",
    equivalents: { cloudsplaining: "ResourceExposure" },
    messages: {
      permissionsOnAnyResource: "allows {{count}} on any resource: {{actions}}",
    },
  },
  check(ctx) {
    const actions = ctx.access
      .candidateActions()
      .filter((a) => ctx.catalog.action(a)?.accessLevels.permissionsManagement);
    return groupedReports(ctx, actions, "permissionsOnAnyResource", (a) => ({
      count: plural(a.length, "permissions-management action"),
      actions: listSome(a, 4),
    }));
  },
};
