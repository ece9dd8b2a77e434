import type { AccessModel } from "./types.js";

/**
 * The Pulumi resources that deploying an AccessModel creates, with their type tokens and logical
 * names. `ai-iam plan` prints this list and the Pulumi component registers exactly these, so the
 * two can be compared. Logical names derive from stable ids only (`vision/alice` → `vision-alice`),
 * never from list positions: reordering a spec changes no URN.
 */
export interface PlannedResource {
  type: string;
  name: string;
}

export const ResourceTypes = {
  policy: "aws:iam/policy:Policy",
  group: "aws:iam/group:Group",
  groupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  user: "aws:iam/user:User",
  userGroupMembership: "aws:iam/userGroupMembership:UserGroupMembership",
  userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  role: "aws:iam/role:Role",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  permissionSet: "aws:ssoadmin/permissionSet:PermissionSet",
  permissionSetInlinePolicy: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
  permissionsBoundaryAttachment: "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment",
  customerManagedPolicyAttachment: "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
  identityStoreGroup: "aws:identitystore/group:Group",
  accountAssignment: "aws:ssoadmin/accountAssignment:AccountAssignment",
} as const;

/**
 * `vision/alice` → `vision.alice`; anything else outside `[A-Za-z0-9-_.]` becomes `-`. The id's `/`
 * becomes `.`, which no team or persona name contains, so ids of one resource type keep apart:
 * `vision/x-analyst` and `vision-x/analyst` are `vision.x-analyst` and `vision-x.analyst` (joined
 * with `-`, both were `vision-x-analyst`).
 */
export function logicalName(id: string): string {
  return id.replace(/\//g, ".").replace(/[^A-Za-z0-9_.-]+/g, "-");
}

/** Where a policy is attached, `owner-policy`. */
export function attachmentName(ownerId: string, policyId: string): string {
  return `${logicalName(ownerId)}--${logicalName(policyId)}`;
}

/** Every resource deploying `model` creates, sorted by type then name. */
export function plannedResources(model: AccessModel): PlannedResource[] {
  const out: PlannedResource[] = [];
  const add = (type: string, name: string) => out.push({ type, name });
  const byId = new Map(model.policies.map((p) => [p.id, p]));

  for (const p of model.policies) {
    // Managed and boundary policies are standalone resources; inline, trust, SCP and resource
    // policies live inside the resource that holds them. One whose whole document is unknown (a
    // policy of the account outside the export or the program) exists already: attached, not created.
    if ((p.kind === "managed" || p.kind === "boundary") && !p.unknown?.whole)
      add(ResourceTypes.policy, logicalName(p.id));
  }
  for (const g of model.groups) {
    add(ResourceTypes.group, logicalName(g.id));
    for (const pid of g.managedPolicies) add(ResourceTypes.groupPolicyAttachment, attachmentName(g.id, pid));
    for (const pid of g.inlinePolicies) add(ResourceTypes.groupPolicy, attachmentName(g.id, pid));
  }
  for (const pr of model.principals) {
    const name = logicalName(pr.id);
    if (pr.kind === "user") {
      add(ResourceTypes.user, name);
      if (pr.groups.length > 0) add(ResourceTypes.userGroupMembership, `${name}--groups`);
      for (const pid of pr.managedPolicies) add(ResourceTypes.userPolicyAttachment, attachmentName(pr.id, pid));
      for (const pid of pr.inlinePolicies) add(ResourceTypes.userPolicy, attachmentName(pr.id, pid));
    } else if (pr.kind === "role") {
      add(ResourceTypes.role, name);
      for (const pid of pr.managedPolicies) add(ResourceTypes.rolePolicyAttachment, attachmentName(pr.id, pid));
      for (const pid of pr.inlinePolicies) add(ResourceTypes.rolePolicy, attachmentName(pr.id, pid));
    } else {
      add(ResourceTypes.permissionSet, name);
      for (const pid of pr.inlinePolicies) {
        if (byId.get(pid)) add(ResourceTypes.permissionSetInlinePolicy, attachmentName(pr.id, pid));
      }
      // Customer managed policies a permission set references (when its inline policy overflows).
      for (const pid of pr.managedPolicies)
        add(ResourceTypes.customerManagedPolicyAttachment, attachmentName(pr.id, pid));
      if (pr.boundary) add(ResourceTypes.permissionsBoundaryAttachment, `${name}--boundary`);
      if (pr.assignedGroup) {
        add(ResourceTypes.identityStoreGroup, logicalName(pr.assignedGroup));
        add(ResourceTypes.accountAssignment, `${name}--assignment`);
      }
    }
  }
  return out.sort((a, b) =>
    a.type < b.type ? -1 : a.type > b.type ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
}
