import { EXECUTION_ROLE } from "../input/team-spec/load.js";
import type { Spec } from "../input/team-spec/types.js";

/**
 * AWS names and ARNs, derived only from spec names so the same spec always names the same
 * resources. Model ids (`vision/alice`, `vision/data-scientist/policy-1`) are the stable keys;
 * AWS names are what IAM shows.
 */

type Where = Pick<Spec, "organization" | "partition" | "account">;

/** `/ai-iam/<org>/<team>/`: every IAM user, group, role and policy of a team lives under it. */
export function teamPath(spec: Where, team: string): string {
  return `/ai-iam/${spec.organization}/${team}/`;
}

/** `<org>-<team>-<persona>`: a persona's group, role or permission set. */
export function personaName(spec: Where, team: string, persona: string): string {
  return `${spec.organization}-${team}-${persona}`;
}

export function executionRoleName(spec: Where, team: string): string {
  return `${spec.organization}-${team}-sagemaker-execution`;
}

export function boundaryName(spec: Where, team: string): string {
  return `${spec.organization}-${team}-boundary`;
}

/** `arn:<partition>:iam::<account>:<type><path><name>`, as IAM builds it. */
export function iamArn(spec: Where, type: "user" | "group" | "role" | "policy", path: string, name: string): string {
  return `arn:${spec.partition}:iam::${spec.account}:${type}${path}${name}`;
}

/** Model ids. */
export const ids = {
  member: (team: string, member: string) => `${team}/${member}`,
  persona: (team: string, persona: string) => `${team}/${persona}`,
  executionRole: (team: string) => `${team}/${EXECUTION_ROLE}`,
  policy: (owner: string, n: number) => `${owner}/policy-${n}`,
  inlinePolicy: (owner: string) => `${owner}/policy`,
  trust: (owner: string) => `${owner}/trust`,
  boundary: (team: string) => `${team}/boundary`,
  identityStoreGroup: (team: string, persona: string) => `${team}/${persona}/group`,
};

/**
 * Name limits. AWS: IAM User Guide, "IAM and AWS STS quotas" — user and group names 64 characters
 * (user 64, group 128), role names 64, policy names 128, paths 512; IAM Identity Center User
 * Guide, "Permission set" — names at most 32 characters.
 */
export const NameLimits = {
  user: 64,
  group: 128,
  role: 64,
  policy: 128,
  path: 512,
  permissionSet: 32,
} as const;
