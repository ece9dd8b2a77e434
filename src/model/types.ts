import type { SourceLocation } from "../diagnostics/index.js";
import type { PolicyDocument, PolicyKind } from "../policy/types.js";

/**
 * The AccessModel: the single truth about who may do what. The compiler produces it from a spec,
 * capture rebuilds it from any Pulumi program; deploy, checks and analysis all read it, so that
 * analysis always describes exactly what `pulumi up` would create.
 *
 * Every entity has a stable `id` (derived from spec names, never list positions). Lists are
 * sorted by `id`.
 */
export interface AccessModel {
  /** Where the model came from, for reports. */
  source: { kind: "spec" | "program" | "policies" | "account"; path: string };
  organization?: string;
  /** The AWS Organizations id (`o-...`) the account belongs to, when known: principals' `aws:PrincipalOrgID`. */
  organizationId?: string;
  account: string;
  /**
   * Every account the model spans, when more than one (an import of several accounts); `account`
   * is the first. Principals of the others carry their own `account`.
   */
  accounts?: string[];
  partition: string;
  region?: string;
  identity?: "iam-users" | "iam-roles" | "identity-center";
  principals: ModelPrincipal[];
  groups: ModelGroup[];
  policies: ModelPolicy[];
  /** Resource-based policies: bucket policies, key policies. */
  resourcePolicies: ModelResourcePolicy[];
  /** SCP levels from the root down (each level a list of policy ids). */
  scps?: string[][];
  /** RCP levels from the root down (each level a list of policy ids). */
  rcps?: string[][];
  /** Access tests carried by the source (the spec's `tests:`). */
  tests?: AccessTest[];
  /**
   * What the organization's approved clients send with some actions (the spec's Bedrock guardrail
   * as `bedrock:GuardrailIdentifier`): access tests assume it unless their `context:` says otherwise.
   */
  clientContext?: ClientContext[];
  /** Values that could not be resolved (capture): reported, never guessed. */
  unknowns?: ModelUnknown[];
  /** EC2 instance profiles (capture, import): the roles an instance can run as. */
  instanceProfiles?: ModelInstanceProfile[];
}

/** A value that could not be resolved: where it was needed and why it is missing. */
export interface ModelUnknown {
  resource: string;
  property: string;
  message: string;
}

export interface ModelInstanceProfile {
  id: string;
  name: string;
  arn: string;
  /** Role ids. */
  roles: string[];
}

/**
 * What is not known about a policy (capture): the whole document (it is then empty here and must
 * not be read as granting nothing), or some values of some statements.
 * Decisions that depend on it are `Unknown` (`model/decide.ts`).
 */
export interface PolicyUnknown {
  whole: boolean;
  /** Human-readable: what could not be seen and why, naming the program's resource. */
  reasons: string[];
  /**
   * When only parts are unknown: the statements holding them, by index, and which of their
   * elements (`Action`, `Resource`, `Principal`, ...; conditions as operator and key). In the
   * document such values read `*`; decisions never take them at face value.
   */
  statements?: { index: number; elements: string[]; conditions: [operator: string, key: string][] }[];
}

export type PrincipalKind = "user" | "role" | "permission-set";

export interface ModelPrincipal {
  /** Stable id: `vision/alice`, `vision/execution-role`, `vision/data-scientist`, or a Pulumi logical name. */
  id: string;
  kind: PrincipalKind;
  /** The AWS name (`acme-ai-vision-alice`). */
  name: string;
  /** The ARN as AWS would give it (a permission set's is the role it provisions). */
  arn: string;
  path?: string;
  team?: string;
  persona?: string;
  /** A human member (as opposed to a role for workloads). */
  human?: boolean;
  /** A service role such as a team's SageMaker execution role. */
  service?: string;
  tags: Record<string, string>;
  /** Group ids (IAM users). */
  groups: string[];
  /** Managed policy ids attached directly. */
  managedPolicies: string[];
  /** Inline policy ids. */
  inlinePolicies: string[];
  /** Permissions boundary policy id. */
  boundary?: string;
  /** Trust policy id (roles). */
  trustPolicy?: string;
  forceDestroy?: boolean;
  /** Identity Center: the Identity Store group this permission set is assigned to. */
  assignedGroup?: string;
  /** The account the principal lives in, when the model spans several (else the model's). */
  account?: string;
  /** When the role was last used (an imported account's RoleLastUsed), ISO 8601. */
  lastUsed?: string;
  location?: SourceLocation;
}

export interface ModelGroup {
  id: string;
  name: string;
  arn: string;
  path?: string;
  team?: string;
  persona?: string;
  managedPolicies: string[];
  inlinePolicies: string[];
  location?: SourceLocation;
}

/** How IAM stores a policy, which decides its quota. */
export type ModelPolicyKind =
  | "managed"
  | "aws-managed"
  | "inline-user"
  | "inline-group"
  | "inline-role"
  | "permission-set-inline"
  | "boundary"
  | "trust"
  | "resource"
  | "scp"
  | "rcp";

export interface ModelPolicy {
  id: string;
  name: string;
  kind: ModelPolicyKind;
  /** How the engine uses it. */
  policyType: PolicyKind;
  arn?: string;
  path?: string;
  description?: string;
  /** The version in force, for managed policies read from an account (`v3`). */
  version?: string;
  document: PolicyDocument;
  /** Size as IAM counts it (non-whitespace characters of the canonical JSON). */
  size: number;
  /** The quota for this kind, in the same unit. */
  quota?: number;
  /** For inline and trust policies: the principal or group id that holds it. */
  owner?: string;
  /** Capture could not see all of it. */
  unknown?: PolicyUnknown;
  location?: SourceLocation;
}

export interface ModelResourcePolicy {
  id: string;
  /** The resource it is attached to (`arn:aws:s3:::bucket`). */
  resourceArn: string;
  policyId: string;
  /** Capture: the program's resources whose statements make up the policy (a bucket policy, Lambda permissions). */
  sources?: string[];
}

export interface AccessTest {
  /** Principal id. */
  principal: string;
  action: string;
  resource: string;
  /**
   * `allow`/`deny`: the one request, decided by the engine. `never`: no request matching the
   * pattern (principal, action and resource may hold wildcards) is allowed in any context that
   * carries `context`; `always`: every such request of the catalog's actions is allowed. Both are
   * proven with the solver (`ai-iam test`).
   */
  expect: "allow" | "deny" | "never" | "always";
  context?: Record<string, string | string[]>;
  /** Context keys the request does not carry, even by default (the spec's `key: null`). */
  absent?: string[];
  location?: SourceLocation;
}

/** Context keys an approved client sends with the listed actions (lower-case `service:action`). */
export interface ClientContext {
  actions: string[];
  context: Record<string, string>;
  /** Why it is assumed, for reports. */
  reason: string;
}
