import { groupedReports } from "../risk.js";
import type { PrincipalRule } from "../types.js";
import { listSome } from "../util.js";

export const EXFILTRATION_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "kms:Decrypt",
];

export const dataExfiltration: PrincipalRule = {
  scope: "principal",
  meta: {
    id: "data-exfiltration",
    severity: "security",
    category: "data-exfiltration",
    description:
      "Reading data or secrets (`s3:GetObject`, `secretsmanager:GetSecretValue`, `ssm:GetParameter*`, `kms:Decrypt`) without resource constraints.",
    explanation:
      "These actions return the data itself. Allowed on any bucket, secret, parameter or key of the account, " +
      "they let a compromised notebook or leaked key copy everything out — training data, model weights, " +
      "API keys. ai-iam asks the engine whether the principal may perform each one on a resource it was not " +
      "scoped to (KMS assumes the default key policy). Fix: scope reads to the team's datasets " +
      "(`arn:aws:s3:::bucket/prefix/*`), secrets and parameters by path, and keys by ARN.",
    equivalents: { cloudsplaining: "DataExfiltration", checkov: "CKV_AWS_288" },
    messages: {
      anyResource: "allows {{actions}} on any resource of the account",
    },
  },
  check(ctx) {
    return groupedReports(ctx, EXFILTRATION_ACTIONS, "anyResource", (a) => ({ actions: listSome(a) }));
  },
};
