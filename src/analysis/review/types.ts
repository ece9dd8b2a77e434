import type { AccessLevel } from "../../catalog/types.js";
import type { Classification } from "../../input/team-spec/types.js";
import type { ConditionBlock } from "../../policy/types.js";

export type { AccessLevel };

/**
 * Result types of the review workflows (who-can, can, matrix, diff). Renderers in `report/` read
 * only these types, so every result is plain data: sorted, JSON-serializable, deterministic.
 */

/** The access levels in reading order (least to most powerful), as reports list them. */
export const LEVEL_ORDER: readonly AccessLevel[] = ["List", "Read", "Write", "Tagging", "Permissions management"];

/**
 * How a principal holds an (action, resource) pair:
 * - `Allowed`: allowed by statements without conditions, in every layer (identity, boundary, SCPs);
 * - `Conditional`: allowed only when the request satisfies conditions (MFA, tags, instance types,
 *   prefixes, ...), which are reported with it;
 * - `Denied`: not allowed whatever the conditions (an explicit deny, or no allow at all).
 */
export type AccessStatus = "Allowed" | "Conditional";
export type CellStatus = AccessStatus | "Denied";

/** A statement that took part in a decision. */
export interface DecidingStatement {
  /** `identity`, `boundary`, `scp`, `resource`, ... as the engine names its layers. */
  layer: string;
  /** The policy's name. */
  policy: string;
  statementIndex: number;
  sid?: string;
  effect: "Allow" | "Deny";
  conditions?: ConditionBlock;
}

/**
 * A narrower resource pattern inside a granted one where the action is denied after all: a Deny
 * on `bucket/secret/*` under an allow of `bucket/*`, or a boundary (or SCP) that allows only part
 * of the granted pattern. The grant holds on the wider pattern *except* here.
 */
export interface AccessException {
  resource: string;
  /** The Deny statements that match there (empty when the access is missing an allow instead). */
  statements: DecidingStatement[];
  /** For an implicit deny: the layers that lack an allow (`boundary acme-ai-nlp-boundary`). */
  missingAllows?: string[];
}

/** One (action, resource pattern) a principal holds. */
export interface AccessEntry {
  action: string;
  resource: string;
  status: AccessStatus;
  /** For `Conditional`: the condition blocks of the allow statements the access relies on (any of them). */
  conditions?: ConditionBlock[];
  /** Narrower patterns inside `resource` where the action is denied: the grant is partial. */
  except?: AccessException[];
  service: string;
  accessLevel: AccessLevel;
}

/** Everything one principal can do, sorted by action then resource. */
export interface EffectivePermissions {
  principal: string;
  entries: AccessEntry[];
}

// ---- who-can -------------------------------------------------------------------------------

export interface WhoCanEntry {
  principal: string;
  kind: string;
  team?: string;
  persona?: string;
  status: AccessStatus;
  /** The allow statements that decided it. */
  statements: DecidingStatement[];
  conditions?: ConditionBlock[];
  /**
   * For a resource pattern the principal holds only in part: the narrower patterns inside it that
   * the principal is allowed on (the statements and conditions are those of the first).
   */
  within?: string[];
  /**
   * For a resource pattern the principal holds on no part inside it: the patterns it is allowed on
   * that overlap it without lying inside it (`bucket/a*` against `bucket/*b`): it holds the pattern
   * only where the two meet (the statements and conditions are those of the first).
   */
  overlapping?: string[];
  /** For a resource pattern: narrower patterns inside it where the principal is denied after all. */
  except?: AccessException[];
}

export interface WhoCanResult {
  action: string;
  resource: string;
  /** Principals allowed (unconditionally or under conditions), sorted by id. */
  principals: WhoCanEntry[];
  /** How many principals were evaluated. */
  evaluated: number;
  /**
   * Principals whose answer is `Unknown`: what capture could not see decides it (by name). They
   * are not in `principals`: Unknown is neither allowed nor denied.
   */
  unknown?: { principal: string; kind: string; reasons: string[] }[];
}

// ---- can -----------------------------------------------------------------------------------

/** Actions of one service and access level that share the same resources and conditions. */
export interface CanLine {
  /** Action names without the service prefix, sorted. */
  actions: string[];
  /** Resource patterns, sorted. */
  resources: string[];
  status: AccessStatus;
  conditions?: ConditionBlock[];
  /** Narrower patterns where the actions are denied after all (see `AccessException`). */
  except?: AccessException[];
}

export interface CanGroup {
  service: string;
  accessLevel: AccessLevel;
  lines: CanLine[];
}

export interface CanResult {
  principal: string;
  kind: string;
  arn: string;
  team?: string;
  persona?: string;
  /** The context the evaluation assumed (a normal signed-in session). */
  context: Record<string, string | string[]>;
  /** Distinct actions allowed (either status). */
  actionCount: number;
  services: string[];
  groups: CanGroup[];
  /**
   * What capture could not see of this principal's policies. `groups` then lists only the access the
   * principal holds whatever those parts are, and `mayHold` what it may hold besides, depending on them.
   */
  unknown?: string[];
  /**
   * Access that depends on what capture could not see (`unknown`): held if the unknown parts grant
   * it (at their widest; an unknown resource reads `*`), not held if they do not. Absent when none.
   */
  mayHold?: CanGroup[];
}

// ---- matrix --------------------------------------------------------------------------------

export interface Capability {
  /** `activity:training`, `service:s3:Read`. */
  id: string;
  kind: "activity" | "service";
  label: string;
  activity?: string;
  /** For an activity: the services its statements use. */
  services?: string[];
  service?: string;
  accessLevel?: AccessLevel;
}

export interface MatrixCell {
  /**
   * The best the principal reaches on the capability; `Unknown` when that depends on what capture
   * could not see of a program (the row's `unknown` says what).
   */
  status: CellStatus | "Unknown";
  /** Actions allowed without conditions. */
  allowed: number;
  /** Actions allowed only under conditions. */
  conditional: number;
  /** Actions the capability covers. */
  total: number;
  /**
   * Of the `allowed` and `conditional` actions, how many are held only in part: a narrower Deny (or
   * a boundary or SCP allowing less) removes part of a pattern they are granted on (`bucket/secret/*`
   * inside `bucket/*`; `can` lists it as an `except`). Absent when none.
   */
  partial?: number;
  /**
   * Actions the principal may hold beyond `allowed` and `conditional`, or hold more freely, depending
   * on what capture could not see (the row's `unknown`). Absent when none.
   */
  unknown?: number;
}

export interface MatrixRow {
  principal: string;
  kind: string;
  team?: string;
  persona?: string;
  human?: boolean;
  /** One cell per capability, in the capabilities' order. */
  cells: MatrixCell[];
  /** What capture could not see of this principal's policies, by name; its cells count only what is certain. */
  unknown?: string[];
}

export interface AccessMatrix {
  capabilities: Capability[];
  rows: MatrixRow[];
}

// ---- diff ----------------------------------------------------------------------------------

export interface DiffEntry {
  action: string;
  resource: string;
  conditions?: ConditionBlock[];
}

export interface PrincipalDiff {
  id: string;
  status: "added" | "removed" | "changed";
  added: DiffEntry[];
  removed: DiffEntry[];
  /** Why, when the comparison knows: a draft spec's principal left out, or its access kept apart (`draft.json`). */
  reason?: string;
}

export interface AccessDiff {
  /**
   * True when any principal gained any access. A grant whose conditions only got stricter appears
   * as removed + added (the old and the new form) but is not new access.
   */
  newAccess: boolean;
  principals: PrincipalDiff[];
  /** New access to confidential or restricted datasets, when the new version is a spec with some (dataset-diff.ts). */
  classified?: ClassifiedAccessChange[];
}

/**
 * What a change does to the classified data (README, "Classification"): for each confidential or
 * restricted dataset of the new spec, the principals that may now read or change it and could not
 * before (`new`), or that held it only under conditions and now hold it outright (`unconditional`).
 * Decided by the engine's who-can over the dataset's prefix in both versions (dataset-access.ts),
 * so a grant reaching the data through a wider prefix, another dataset or a hand-written statement
 * counts as well as a dataset grant. Only principals whose access changed are asked.
 */
export interface ClassifiedAccessChange {
  principal: string;
  dataset: string;
  classification: Classification;
  bucket: string;
  prefix: string;
  access: "read" | "write";
  change: "new" | "unconditional";
  /** The access in the new version: `Conditional` when it holds only under conditions (MFA, TLS, ...). */
  status: AccessStatus;
}
