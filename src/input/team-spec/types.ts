import type { SourceLocation } from "../../diagnostics/index.js";

/**
 * The team spec, version 1, after loading: defaults applied, shorthands expanded, every name
 * checked. Records are keyed by name; consumers iterate them sorted by key, never in file order,
 * so that reordering a spec changes nothing downstream.
 */
export type IdentityMode = "iam-users" | "iam-roles" | "identity-center";
export type DatasetLevel = "read" | "write";
/**
 * How sensitive a dataset is, least to most (README, "Classification"); `internal` unless set. A
 * team is granted datasets up to its `clearance` (`internal` unless set).
 */
export type Classification = "public" | "internal" | "confidential" | "restricted";

export interface Spec {
  version: 1;
  organization: string;
  account: string;
  region: string;
  /** `aws` unless set (`aws-us-gov`, `aws-cn`). */
  partition: string;
  identity: IdentityMode;
  /** How `iam-roles` roles are assumed; unused in the other modes. */
  trust?: TrustSpec;
  /** Identity Center instance (identity-center mode); may also come from stack config when deploying. */
  identityCenter?: { instanceArn?: string; identityStoreId?: string };
  guardrails: GuardrailsSpec;
  /** Account quotas AWS raised for this account on request (above the defaults); see `AccountQuotas`. */
  quotas?: SpecQuotas;
  datasets: Record<string, DatasetSpec>;
  /** Custom personas: name → activities. Built-in personas are not listed here. */
  personas: Record<string, PersonaSpec>;
  teams: Record<string, TeamSpec>;
  tests: SpecTest[];
  suppress: SpecSuppression[];
  /** Where each named thing was written: `teams.vision.members.alice` → location. */
  locations: Map<string, SourceLocation>;
  /** The spec's files, in load order. */
  files: string[];
}

/** The account's quotas where they differ from AWS's defaults (after a granted increase). */
export interface SpecQuotas {
  users?: number;
  groups?: number;
  roles?: number;
  customerManagedPolicies?: number;
  permissionSets?: number;
  provisionedPermissionSets?: number;
}

export interface TrustSpec {
  /** A SAML provider ARN (`arn:aws:iam::123:saml-provider/Okta`). */
  samlProvider?: string;
  /** An OIDC provider ARN plus the audience/subject conditions. */
  oidcProvider?: string;
  /** The token's `aud` (`<provider>:aud`), required with an OIDC provider. */
  oidcAudience?: string;
  /**
   * Token subjects (`<provider>:sub`, `*` and `?` wildcards) that may assume every team's persona
   * roles, unless a team names its own (`teams.<team>.oidcSubjects`). One of the two is required.
   */
  oidcSubjects?: string[];
  /** Account principals allowed to assume (with MFA). Defaults to the spec's own account. */
  accounts?: string[];
  requireMfa?: boolean;
}

export interface GuardrailsSpec {
  allowedRegions: string[];
  /**
   * Accept regions the built-in list does not know (AWS opened them since): without it, an
   * unknown region is an error with a suggestion, as it is most often a typo.
   */
  allowUnknownRegions?: boolean;
  requireMfa: boolean;
  trainingInstanceTypes: string[];
  notebookInstanceTypes: string[];
  endpointInstanceTypes: string[];
  ec2InstanceTypes: string[];
  maxTrainingSeconds?: number;
  network?: { subnets: string[]; securityGroups: string[] };
  kmsKey?: string;
  bedrock?: { models: string[]; guardrail?: string };
}

export interface DatasetSpec {
  bucket: string;
  /** Key prefix, normalized to end with `/` (or empty for the whole bucket). */
  prefix: string;
  classification?: Classification;
  /** The dataset's own KMS key; falls back to `guardrails.kmsKey`. */
  kmsKey?: string;
}

export interface PersonaSpec {
  description?: string;
  activities: string[];
}

export interface TeamSpec {
  name: string;
  datasets: Record<string, DatasetLevel>;
  /** Extra activities for every member of the team, on top of their personas. */
  activities: string[];
  /** member name → personas (one or several). */
  members: Record<string, string[]>;
  /** Shared ECR repositories the team may pull from (names); its own are `<org>/<team>/*`. */
  sharedImages?: string[];
  /** The highest classification of dataset the team may be granted (`internal` unless set). */
  clearance?: Classification;
  /** OIDC token subjects that may assume this team's persona roles (instead of `trust.oidcSubjects`). */
  oidcSubjects?: string[];
}

export interface SpecTest {
  /**
   * `team/member`, `team/execution-role` or `team/<persona>`; with `expect: never|always` also a
   * pattern (`nlp/*`) over the model's principal ids.
   */
  principal: string;
  action: string;
  resource: string;
  /** `allow`/`deny`: one request, decided by the engine; `never`/`always`: every matching request, proven. */
  expect: "allow" | "deny" | "never" | "always";
  context?: Record<string, string | string[]>;
  /** Context keys written `key: null`: the request does not carry them, not even by default. */
  absent?: string[];
  location?: SourceLocation;
}

export interface SpecSuppression {
  rule: string;
  principal?: string;
  policy?: string;
  reason: string;
  location?: SourceLocation;
}
