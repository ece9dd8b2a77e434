import type { Statement } from "../policy/types.js";
import { conditions, requestTag, resourceTag, sagemakerArn, statement, teamNamedArn } from "./build.js";
import { tagOnCreate } from "./training.js";
import type { Activity, ActivityContext } from "./types.js";

/** The persona that may approve (or reject) model versions for deployment. */
export const APPROVER_PERSONA = "mlops";

const CREATE = ["sagemaker:CreateModelPackage", "sagemaker:CreateModelPackageGroup"];

function modelStatements(ctx: ActivityContext): Statement[] {
  const packages = sagemakerArn(ctx, "model-package/*");
  const groups = sagemakerArn(ctx, "model-package-group/*");
  // A team creates groups named `<team>--*`, and registers versions (`model-package/<group>/<n>`)
  // only in those: a version is registered into another team's group by naming it.
  const newGroups = teamNamedArn(ctx, "model-package-group");
  const newPackages = teamNamedArn(ctx, "model-package");
  const approver = ctx.persona === APPROVER_PERSONA;
  const out: Statement[] = [
    statement("ModelsCreateGroups", ["sagemaker:CreateModelPackageGroup"], [newGroups], requestTag(ctx)),
    // Registering a version: only an approver may register it already approved.
    statement(
      "ModelsRegisterVersions",
      ["sagemaker:CreateModelPackage"],
      [newPackages],
      conditions(
        requestTag(ctx),
        approver ? undefined : { StringEqualsIfExists: { "sagemaker:ModelApprovalStatus": ["PendingManualApproval"] } },
      ),
    ),
    tagOnCreate(ctx, "ModelsTagOnCreate", [newGroups, newPackages], CREATE),
    statement("ModelsReadTeamGroups", ["sagemaker:DescribeModelPackageGroup"], [groups], resourceTag(ctx)),
    statement(
      "ModelsReadTeamVersions",
      ["sagemaker:BatchDescribeModelPackage", "sagemaker:DescribeModelPackage"],
      [packages],
      resourceTag(ctx),
    ),
    // ListModelPackages filters by group name and names no package: its `model-package` resource
    // type is optional, there is no package ARN in the request to scope to, and the catalog gives it
    // no condition key, so it stays on `*` (ListModelPackageGroups is wildcard-only). It lists
    // names and statuses only; the team's versions are readable through the tag-scoped Describe.
    statement("ModelsList", ["sagemaker:ListModelPackageGroups", "sagemaker:ListModelPackages"], ["*"]),
  ];
  if (approver) {
    out.push(
      statement(
        "ModelsApproveTeamVersions",
        ["sagemaker:DeleteModelPackage", "sagemaker:UpdateModelPackage"],
        [packages],
        resourceTag(ctx),
      ),
      statement("ModelsDeleteTeamGroups", ["sagemaker:DeleteModelPackageGroup"], [groups], resourceTag(ctx)),
    );
  } else {
    // Everyone else may update a version's metadata but never its approval status.
    out.push(
      statement(
        "ModelsUpdateTeamVersions",
        ["sagemaker:UpdateModelPackage"],
        [packages],
        conditions(resourceTag(ctx), { Null: { "sagemaker:ModelApprovalStatus": ["true"] } }),
      ),
    );
  }
  return out;
}

export const models: Activity = {
  id: "models",
  title: "Model registry",
  description:
    "Register model versions in the team's model groups; only `mlops` approves or rejects them for deployment.",
  services: ["sagemaker"],
  docs: [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry.html",
    "https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry-approve.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html",
  ],
  statements: modelStatements,
};
