/**
 * The shapes of `aws iam get-account-authorization-details` (IAM API Reference,
 * GetAccountAuthorizationDetails: UserDetail, GroupDetail, RoleDetail, ManagedPolicyDetail,
 * PolicyVersion) and of `aws organizations describe-policy` (Organizations API Reference,
 * DescribePolicy: Policy, PolicySummary), as read from JSON. Policy documents are URL-encoded JSON
 * text in the raw API (RFC 3986) and decoded JSON objects in the AWS CLI's output: both are
 * accepted, so `document` fields are `unknown` until read.
 */
export interface RawPolicyDetail {
  PolicyName?: string;
  PolicyDocument?: unknown;
}

export interface RawAttachedPolicy {
  PolicyName?: string;
  PolicyArn?: string;
}

export interface RawBoundary {
  PermissionsBoundaryType?: string;
  PermissionsBoundaryArn?: string;
}

export interface RawTag {
  Key?: string;
  Value?: string;
}

export interface RawUserDetail {
  Path?: string;
  UserName?: string;
  UserId?: string;
  Arn?: string;
  CreateDate?: string;
  UserPolicyList?: RawPolicyDetail[];
  GroupList?: string[];
  AttachedManagedPolicies?: RawAttachedPolicy[];
  PermissionsBoundary?: RawBoundary;
  Tags?: RawTag[];
}

export interface RawGroupDetail {
  Path?: string;
  GroupName?: string;
  GroupId?: string;
  Arn?: string;
  CreateDate?: string;
  GroupPolicyList?: RawPolicyDetail[];
  AttachedManagedPolicies?: RawAttachedPolicy[];
}

export interface RawInstanceProfile {
  Path?: string;
  InstanceProfileName?: string;
  InstanceProfileId?: string;
  Arn?: string;
}

export interface RawRoleDetail {
  Path?: string;
  RoleName?: string;
  RoleId?: string;
  Arn?: string;
  CreateDate?: string;
  AssumeRolePolicyDocument?: unknown;
  InstanceProfileList?: RawInstanceProfile[];
  RolePolicyList?: RawPolicyDetail[];
  AttachedManagedPolicies?: RawAttachedPolicy[];
  PermissionsBoundary?: RawBoundary;
  Tags?: RawTag[];
  RoleLastUsed?: { LastUsedDate?: string; Region?: string };
}

export interface RawPolicyVersion {
  Document?: unknown;
  VersionId?: string;
  IsDefaultVersion?: boolean;
  CreateDate?: string;
}

export interface RawManagedPolicyDetail {
  PolicyName?: string;
  PolicyId?: string;
  Arn?: string;
  Path?: string;
  DefaultVersionId?: string;
  AttachmentCount?: number;
  PermissionsBoundaryUsageCount?: number;
  IsAttachable?: boolean;
  Description?: string;
  CreateDate?: string;
  UpdateDate?: string;
  PolicyVersionList?: RawPolicyVersion[];
}

/** `aws organizations describe-policy` output. */
export interface RawOrganizationsPolicy {
  Policy?: {
    PolicySummary?: {
      Id?: string;
      Arn?: string;
      Name?: string;
      Description?: string;
      Type?: string;
      AwsManaged?: boolean;
    };
    Content?: unknown;
  };
}

/** The top-level lists of an authorization-details document, in the order AWS writes them. */
export const DETAIL_LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;
export type DetailList = (typeof DETAIL_LISTS)[number];
