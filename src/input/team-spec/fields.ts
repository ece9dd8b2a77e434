/**
 * The fields each mapping of a spec file accepts, in the order the reference lists them: what the
 * loader reads (read-file.ts). The spec schema (schema.ts) declares the same fields with their types
 * and meaning; test/input/team-spec/schema.test.ts holds the two equal. Kept apart so that reading
 * a spec does not load zod.
 */
export const SPEC_FIELDS = {
  topLevel: [
    "version",
    "organization",
    "account",
    "region",
    "partition",
    "identity",
    "trust",
    "identityCenter",
    "guardrails",
    "quotas",
    "datasets",
    "personas",
    "teams",
    "tests",
    "suppress",
  ],
  trust: ["samlProvider", "oidcProvider", "oidcAudience", "oidcSubjects", "accounts", "requireMfa"],
  identityCenter: ["instanceArn", "identityStoreId"],
  guardrails: [
    "allowedRegions",
    "allowUnknownRegions",
    "requireMfa",
    "trainingInstanceTypes",
    "notebookInstanceTypes",
    "endpointInstanceTypes",
    "ec2InstanceTypes",
    "maxTrainingSeconds",
    "network",
    "kmsKey",
    "bedrock",
  ],
  quotas: ["users", "groups", "roles", "customerManagedPolicies", "permissionSets", "provisionedPermissionSets"],
  network: ["subnets", "securityGroups"],
  bedrock: ["models", "guardrail"],
  persona: ["description", "activities"],
  dataset: ["bucket", "prefix", "classification", "kmsKey"],
  team: ["datasets", "activities", "members", "sharedImages", "oidcSubjects", "clearance"],
  test: ["principal", "action", "resource", "expect", "context"],
  suppression: ["rule", "principal", "policy", "reason"],
} as const satisfies Record<string, readonly string[]>;
