import { groupedReports } from "../risk.js";
import type { PrincipalRule } from "../types.js";
import { listSome } from "../util.js";

export const CREDENTIAL_ACTIONS = [
  "iam:CreateAccessKey",
  "iam:UpdateAccessKey",
  "iam:CreateServiceSpecificCredential",
  "iam:ResetServiceSpecificCredential",
  "iam:UploadSSHPublicKey",
  "sts:GetFederationToken",
  "redshift:GetClusterCredentials",
  "ec2-instance-connect:SendSSHPublicKey",
  "lightsail:GetInstanceAccessDetails",
];

export const credentialsExposure: PrincipalRule = {
  scope: "principal",
  meta: {
    id: "credentials-exposure",
    severity: "security",
    category: "credentials-exposure",
    description: "Actions that mint or reveal credentials for other identities or resources.",
    explanation:
      "These actions return or create credentials: access keys and service-specific credentials of other " +
      "users, federation tokens, database credentials, SSH access to instances. ai-iam asks the engine " +
      "whether the principal may perform each one on a resource it was not scoped to (another user, another " +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      "cluster); self-service scoped with `${aws:username}` is not reported. `ecr:GetAuthorizationToken` is " +
      "deliberately not in the list: every image pull needs it, and the token only carries the caller's own " +
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
      "ECR permissions. Fix: scope to the caller's own user (`arn:aws:iam::*:user/${aws:username}`) or to " +
      "named resources.",
    equivalents: { cloudsplaining: "CredentialsExposure" },
    messages: {
      othersResources: "allows {{actions}} on others' resources",
    },
  },
  check(ctx) {
    return groupedReports(ctx, CREDENTIAL_ACTIONS, "othersResources", (a) => ({ actions: listSome(a) }));
  },
};
