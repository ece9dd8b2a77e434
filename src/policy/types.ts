/**
 * IAM policy document types. `Raw*` types are what a user may write (strings or arrays, JSON
 * scalars in conditions); the normalized types are what the rest of ai-iam works with: every
 * list is an array, and condition values are strings, as IAM compares them.
 */

export type Effect = "Allow" | "Deny";

/** The kinds of policy IAM evaluates. */
export type PolicyKind = "identity" | "resource" | "trust" | "boundary" | "scp" | "rcp" | "session";

export type PrincipalType = "AWS" | "Service" | "Federated" | "CanonicalUser";

/** `"*"` (anyone) or a map of principal type to values. */
export type Principal = "*" | Partial<Record<PrincipalType, string[]>>;

/** operator (as written, e.g. `ForAnyValue:StringLikeIfExists`) → condition key (as written) → values. */
export type ConditionBlock = Record<string, Record<string, string[]>>;

export interface Statement {
  Sid?: string;
  Effect: Effect;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Principal?: Principal;
  NotPrincipal?: Principal;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: Statement[];
}

/** What a user may write. */
export type RawStringList = string | string[];
export type RawConditionValue = string | number | boolean | Array<string | number | boolean>;
export interface RawStatement {
  Sid?: string;
  Effect: string;
  Action?: RawStringList;
  NotAction?: RawStringList;
  Resource?: RawStringList;
  NotResource?: RawStringList;
  Principal?: "*" | Partial<Record<PrincipalType, RawStringList>>;
  NotPrincipal?: "*" | Partial<Record<PrincipalType, RawStringList>>;
  Condition?: Record<string, Record<string, RawConditionValue>>;
}
export interface RawPolicyDocument {
  Version?: string;
  Id?: string;
  Statement: RawStatement | RawStatement[];
}

/** A policy with an optional name, as the engine and reports refer to it. */
export interface NamedPolicy {
  name?: string;
  document: PolicyDocument;
}

/**
 * Where a JSON value starts in the source text (1-based line and column, 0-based offset). For an
 * object member, `keyLine`/`keyColumn` give the position of its key (`"Effect"`), which is where
 * a finding about the element as a whole (unknown key, missing sibling) reads best.
 */
export interface SourcePosition {
  line: number;
  column: number;
  offset?: number;
  keyLine?: number;
  keyColumn?: number;
}

/**
 * Positions of elements in the source text, keyed by JSON pointer (`/Statement/0/Action/1`, RFC
 * 6901 escaping: `aws:PrincipalTag~1team`). After normalization the map also holds the normalized
 * paths (`/Statement/0` for a lone statement object, `/Action/0` for a lone string). Read-only:
 * `parseJsonWithPositions` builds it; any `Map` of positions will do as well.
 */
export type SourceMap = ReadonlyMap<string, SourcePosition>;
