import { createHash } from "node:crypto";
import { type CapturedResource, type ModelDraft, str } from "../draft.js";
import type { CaptureHandler } from "./types.js";

export const PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet";

/** The permission set (by `permissionSetArn`) an attachment refers to. */
function permissionSetOf(r: CapturedResource, d: ModelDraft): string | undefined {
  const arn = str(r.props.permissionSetArn);
  const ps = arn ? d.ofType(PERMISSION_SET).find((p) => p.props.arn === arn) : undefined;
  if (ps) return ps.name;
  const dep = (r.propertyDependencies?.permissionSetArn ?? []).find(
    (n) => d.principals.get(n)?.kind === "permission-set",
  );
  if (dep) return dep;
  d.unknown(r, "permissionSetArn", "the permission set it refers to is not known");
  return undefined;
}

/**
 * `ssoadmin.PermissionSet`: a principal whose sessions are the role it provisions in each assigned
 * account (`AWSReservedSSO_<name>_<suffix>`, path `/aws-reserved/sso.amazonaws.com/`).
 */
export const permissionSetHandler: CaptureHandler = {
  types: [PERMISSION_SET],
  phase: 2,
  handle(r, d) {
    const name = str(r.props.name) ?? r.name;
    const path = "/aws-reserved/sso.amazonaws.com/";
    const suffix = createHash("sha1").update(`${d.account} ${name}`).digest("hex").slice(0, 16);
    const roleName = `AWSReservedSSO_${name}_${suffix}`;
    d.principals.set(r.name, {
      id: r.name,
      kind: "permission-set",
      name: roleName,
      arn: `arn:${d.partition}:iam::${d.account}:role${path}${roleName}`,
      path,
      human: true,
      tags: d.tagsOf(r),
      groups: [],
      managedPolicies: [],
      inlinePolicies: [],
    });
  },
};

/** `ManagedPolicyAttachment` (an AWS managed policy) and `CustomerManagedPolicyAttachment` (a policy by name in the target account). */
export const permissionSetAttachmentHandler: CaptureHandler = {
  types: [
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
  ],
  phase: 3,
  handle(r, d) {
    const ps = permissionSetOf(r, d);
    if (!ps) return;
    if (r.type.endsWith("ManagedPolicyAttachment") && !r.type.includes("customer")) {
      const id = d.policyRef(r, "managedPolicyArn", r.props.managedPolicyArn);
      if (id) d.attach(ps, id);
      return;
    }
    const ref = (r.props.customerManagedPolicyReference ?? {}) as { name?: unknown; path?: unknown };
    const name = str(ref.name);
    const arn = name ? `arn:${d.partition}:iam::${d.account}:policy${str(ref.path) ?? "/"}${name}` : undefined;
    const id = d.policyRef(r, "customerManagedPolicyReference", arn);
    if (id) d.attach(ps, id);
  },
};

/** `PermissionSetInlinePolicy` and `PermissionsBoundaryAttachment`. */
export const permissionSetPolicyHandler: CaptureHandler = {
  types: [
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment",
  ],
  phase: 3,
  handle(r, d) {
    const ps = permissionSetOf(r, d);
    const principal = ps ? d.principals.get(ps) : undefined;
    if (!principal) return;
    if (r.type.endsWith("PermissionSetInlinePolicy")) {
      const p = d.addPolicy(
        r.name,
        r.name,
        "permission-set-inline",
        "identity",
        d.readDocument(r, "inlinePolicy", "identity"),
        { owner: ps },
      );
      if (p) principal.inlinePolicies.push(p.id);
      return;
    }
    const boundary = (r.props.permissionsBoundary ?? {}) as {
      managedPolicyArn?: unknown;
      customerManagedPolicyReference?: { name?: unknown; path?: unknown };
    };
    const ref = boundary.customerManagedPolicyReference;
    const arn =
      str(boundary.managedPolicyArn) ??
      (str(ref?.name)
        ? `arn:${d.partition}:iam::${d.account}:policy${str(ref?.path) ?? "/"}${str(ref?.name)}`
        : undefined);
    const id = d.policyRef(r, "permissionsBoundary", arn);
    if (id) {
      principal.boundary = id;
      d.boundaries.add(id);
    }
  },
};
