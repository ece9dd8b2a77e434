import type { Statement } from "../policy/types.js";
import {
  allValuesLike,
  conditions,
  ownerTagValue,
  ownerVariable,
  requestTag,
  resourceTag,
  sagemakerArn,
  statement,
  teamNamedArn,
} from "./build.js";
import { jobConditions, passExecutionRole, tagOnCreate } from "./training.js";
import type { Activity, TeamContext } from "./types.js";

const OWNER_TAG = "owner";

function notebookStatements(ctx: TeamContext): Statement[] {
  const g = ctx.spec.guardrails;
  const owner = ownerVariable(ctx);
  // With IAM users, a member's Studio user profile is the one named after them; otherwise (roles,
  // Identity Center) there is no per-member policy variable and the team's profiles are in scope.
  const ownProfile = sagemakerArn(ctx, `user-profile/*/${owner ?? "*"}`);
  // Tagged by the platform team for the member: `owner` = the member's session (`<role-id>:<name>`).
  const profileScope = owner
    ? undefined
    : conditions(resourceTag(ctx), { StringEquals: { [`aws:ResourceTag/${OWNER_TAG}`]: [ownerTagValue(ctx)] } });
  const ownedBy = owner ? { ArnLike: { "sagemaker:OwnerUserProfileArn": [ownProfile] } } : undefined;
  const instances = sagemakerArn(ctx, "notebook-instance/*");
  // New instances are named `<team>--*`: their logs are streams named after them.
  const newInstances = teamNamedArn(ctx, "notebook-instance");
  const apps = sagemakerArn(ctx, "app/*");
  const spaces = sagemakerArn(ctx, "space/*");
  const studio = [apps, spaces];
  // A notebook instance is its creator's: the `owner` tag is set on create and required on use.
  const ownerTagOnCreate = { StringEquals: { [`aws:RequestTag/${OWNER_TAG}`]: [ownerTagValue(ctx)] } };
  const ownerTagOnUse = { StringEquals: { [`aws:ResourceTag/${OWNER_TAG}`]: [ownerTagValue(ctx)] } };
  const rootDisabled = { StringEquals: { "sagemaker:RootAccess": ["Disabled"] } };

  return [
    statement(
      "NotebooksOwnProfile",
      ["sagemaker:CreatePresignedDomainUrl", "sagemaker:DescribeUserProfile"],
      [ownProfile],
      profileScope,
    ),
    ...(["App", "Space"] as const).flatMap((kind) => {
      const resource = kind === "App" ? apps : spaces;
      return [
        statement(
          `NotebooksCreateOwn${kind}s`,
          [`sagemaker:Create${kind}`],
          [resource],
          conditions(allValuesLike("sagemaker:InstanceTypes", g.notebookInstanceTypes), ownedBy, requestTag(ctx)),
        ),
        statement(
          `NotebooksDeleteOwn${kind}s`,
          [`sagemaker:Delete${kind}`],
          [resource],
          conditions(ownedBy, resourceTag(ctx)),
        ),
        statement(`NotebooksDescribeTeam${kind}s`, [`sagemaker:Describe${kind}`], [resource], resourceTag(ctx)),
      ];
    }),
    statement(
      "NotebooksUpdateOwnSpaces",
      ["sagemaker:UpdateSpace"],
      [sagemakerArn(ctx, "space/*")],
      conditions(
        { "ForAllValues:StringLike": { "sagemaker:InstanceTypes": g.notebookInstanceTypes } },
        ownedBy,
        resourceTag(ctx),
      ),
    ),
    tagOnCreate(
      ctx,
      "NotebooksTagOnCreate",
      [...studio, newInstances],
      ["sagemaker:CreateApp", "sagemaker:CreateNotebookInstance", "sagemaker:CreateSpace"],
    ),
    statement(
      "NotebooksCreateInstances",
      ["sagemaker:CreateNotebookInstance"],
      [newInstances],
      conditions(
        allValuesLike("sagemaker:InstanceTypes", g.notebookInstanceTypes),
        rootDisabled,
        { StringEquals: { "sagemaker:DirectInternetAccess": ["Disabled"] } },
        g.kmsKey ? { ArnEquals: { "sagemaker:VolumeKmsKeyArn": [g.kmsKey] } } : undefined,
        g.network ? jobConditions(ctx, { outputKey: false }) : undefined,
        requestTag(ctx),
        ownerTagOnCreate,
      ),
    ),
    statement(
      "NotebooksUseOwnInstances",
      [
        "sagemaker:CreatePresignedNotebookInstanceUrl",
        "sagemaker:DeleteNotebookInstance",
        "sagemaker:DescribeNotebookInstance",
        "sagemaker:StartNotebookInstance",
        "sagemaker:StopNotebookInstance",
      ],
      [instances],
      conditions(resourceTag(ctx), ownerTagOnUse),
    ),
    statement(
      "NotebooksUpdateOwnInstances",
      ["sagemaker:UpdateNotebookInstance"],
      [instances],
      conditions(
        { "ForAllValues:StringLike": { "sagemaker:InstanceTypes": g.notebookInstanceTypes } },
        { StringEqualsIfExists: { "sagemaker:RootAccess": ["Disabled"] } },
        resourceTag(ctx),
        ownerTagOnUse,
      ),
    ),
    statement(
      "NotebooksList",
      [
        "sagemaker:ListApps",
        "sagemaker:ListDomains",
        "sagemaker:ListNotebookInstances",
        "sagemaker:ListSpaces",
        "sagemaker:ListUserProfiles",
      ],
      ["*"],
    ),
    passExecutionRole(ctx, "NotebooksPassExecutionRole"),
  ];
}

export const notebooks: Activity = {
  perTeam: true,
  id: "notebooks",
  title: "Notebooks and SageMaker Studio",
  description:
    "Open the member's own Studio profile and spaces, run notebook instances on allowed instance types " +
    "with root access and direct internet disabled.",
  services: ["iam", "sagemaker"],
  docs: [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html",
    "https://docs.aws.amazon.com/sagemaker/latest/dg/studio-updated-spaces.html",
    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html",
  ],
  statements: notebookStatements,
};
