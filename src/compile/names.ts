import { createHash } from "node:crypto";
import { EXECUTION_ROLE } from "../input/team-spec/principals.js";
import type { Spec } from "../input/team-spec/types.js";

/**
 * AWS names and ARNs, derived only from spec names so the same spec always names the same
 * resources. Model ids (`vision/alice`, `vision/data-scientist/policy-1`) are the stable keys;
 * AWS names are what IAM shows.
 *
 * The naming scheme (README, "Naming"): an IAM name joins its parts — organization, team, the
 * principal's role in the team (a persona, `execution-role`, `boundary`) and a policy's number —
 * with `.`, which cannot occur in organization, team or persona names (`[a-z0-9-]`). So the parts
 * can always be read back: `acme.vision-x.analyst` and `acme.vision.x-analyst` are different
 * names, where joining with `-` made both `acme-vision-x-analyst`. A name longer than AWS allows
 * for its kind is shortened deterministically (`shortName`), and `checkNames` still verifies
 * every name's length and uniqueness.
 */

type Where = Pick<Spec, "organization" | "partition" | "account">;

/** Joins the parts of an IAM name; `.` is in no spec name, so the join is unambiguous. */
export const NAME_SEPARATOR = ".";

/** `/ai-iam/<org>/<team>/`: every IAM user, group, role and policy of a team lives under it. */
export function teamPath(spec: Where, team: string): string {
  return `/ai-iam/${spec.organization}/${team}/`;
}

/** Kinds of AWS names, each with its own length limit and namespace. */
export type NameKind = keyof typeof NameLimits;

/**
 * Name limits. AWS: IAM User Guide, "IAM and AWS STS quotas" — user names 64 characters, group
 * names 128, role names 64, policy names 128, paths 512; IAM Identity Center User Guide,
 * "IAM Identity Center quotas" / CreatePermissionSet — permission set names at most 32.
 */
export const NameLimits = {
  user: 64,
  group: 128,
  role: 64,
  policy: 128,
  path: 512,
  permissionSet: 32,
} as const;

const HASH_LENGTH = 6;

/** Six base-36 characters of the SHA-256 of `text`: stable across runs, platforms and versions. */
function shortHash(text: string): string {
  const digest = createHash("sha256").update(text).digest();
  return BigInt(`0x${digest.subarray(0, 8).toString("hex")}`)
    .toString(36)
    .padStart(HASH_LENGTH, "0")
    .slice(-HASH_LENGTH);
}

/**
 * The parts joined with `.`, or — when that exceeds `limit` — a shorter name that still names the
 * same thing uniquely: the organization is dropped and a hash of the full name appended
 * (`recsys.data-scientist.k3j9x2` for `acme-research.recsys.data-scientist`, 35 characters, as a
 * 32-character permission set); if even that is too long, its head is kept before the hash. The
 * hash keeps two organizations' names apart, and distinct full names stay distinct unless their
 * hashes collide, which `checkNames` would report.
 */
export function shortName(parts: readonly string[], limit: number): string {
  const full = parts.join(NAME_SEPARATOR);
  if (full.length <= limit) return full;
  const hash = shortHash(full);
  const withoutOrg = `${parts.slice(1).join(NAME_SEPARATOR)}${NAME_SEPARATOR}${hash}`;
  if (parts.length > 1 && withoutOrg.length <= limit) return withoutOrg;
  return `${full.slice(0, limit - HASH_LENGTH - 1)}${NAME_SEPARATOR}${hash}`;
}

/** A persona's group (`group`), role (`role`) or permission set (`permissionSet`): `<org>.<team>.<persona>`. */
export function personaName(spec: Where, team: string, persona: string, kind: NameKind = "role"): string {
  return shortName([spec.organization, team, persona], NameLimits[kind]);
}

/** The team's SageMaker execution role: `<org>.<team>.execution-role`. */
export function executionRoleName(spec: Where, team: string): string {
  return shortName([spec.organization, team, EXECUTION_ROLE], NameLimits.role);
}

/** The team's permissions boundary policy: `<org>.<team>.boundary`. */
export function boundaryName(spec: Where, team: string): string {
  return shortName([spec.organization, team, BOUNDARY], NameLimits.policy);
}

/** Part `n` of a principal's packed managed policies: `<org>.<team>.<persona or execution-role>.<n>`. */
export function managedPolicyName(spec: Where, team: string, owner: string, n: number): string {
  return shortName([spec.organization, team, owner, String(n)], NameLimits.policy);
}

/** `arn:<partition>:iam::<account>:<type><path><name>`, as IAM builds it. */
export function iamArn(spec: Where, type: "user" | "group" | "role" | "policy", path: string, name: string): string {
  return `arn:${spec.partition}:iam::${spec.account}:${type}${path}${name}`;
}

/** The team's permissions boundary: a reserved word, like the execution role's. */
export const BOUNDARY = "boundary";

/**
 * Words a persona or member may not be called: they name the team's other principals and policies
 * in model ids (`vision/execution-role`, `vision/boundary`) and AWS names, or the parts of a
 * principal's own (`vision/data-scientist/trust`, `.../policy-1`, `.../group`).
 */
export const RESERVED_NAMES: readonly string[] = [BOUNDARY, EXECUTION_ROLE, "group", "inline", "policy", "trust"];

/** Model ids. */
export const ids = {
  member: (team: string, member: string) => `${team}/${member}`,
  persona: (team: string, persona: string) => `${team}/${persona}`,
  executionRole: (team: string) => `${team}/${EXECUTION_ROLE}`,
  policy: (owner: string, n: number) => `${owner}/policy-${n}`,
  inlinePolicy: (owner: string) => `${owner}/policy`,
  trust: (owner: string) => `${owner}/trust`,
  boundary: (team: string) => `${team}/${BOUNDARY}`,
  identityStoreGroup: (team: string, persona: string) => `${team}/${persona}/group`,
};
