import type { ModelPrincipal } from "../../../../model/types.js";
import { type CapturedResource, isUnknownValue, type ModelDraft, str } from "../draft.js";
import type { CaptureHandler } from "./types.js";

export const GROUP = "aws:iam/group:Group";
export const USER = "aws:iam/user:User";
export const ROLE = "aws:iam/role:Role";

function boundaryOf(r: CapturedResource, d: ModelDraft): string | undefined {
  const value = r.props.permissionsBoundary;
  if (value === undefined || value === "") return undefined;
  const id = d.policyRef(r, "permissionsBoundary", value);
  if (id) d.boundaries.add(id);
  return id;
}

function arnOf(r: CapturedResource, d: ModelDraft, kind: string, name: string, path: string): string {
  return str(r.props.arn) ?? `arn:${d.partition}:iam::${d.account}:${kind}${path}${name}`;
}

/** `aws.iam.Group`. */
export const groupHandler: CaptureHandler = {
  types: [GROUP],
  phase: 2,
  handle(r, d) {
    const name = str(r.props.name) ?? r.name;
    const path = str(r.props.path) ?? "/";
    d.groups.set(r.name, {
      id: r.name,
      name,
      arn: arnOf(r, d, "group", name, path),
      path,
      managedPolicies: [],
      inlinePolicies: [],
    });
    d.byName.set(`${GROUP} ${name}`, r.name);
  },
};

/** `aws.iam.User`: a person's long-term identity unless the program says otherwise. */
export const userHandler: CaptureHandler = {
  types: [USER],
  phase: 2,
  handle(r, d) {
    const name = str(r.props.name) ?? r.name;
    const path = str(r.props.path) ?? "/";
    const boundary = boundaryOf(r, d);
    const forceDestroy = typeof r.props.forceDestroy === "boolean" ? r.props.forceDestroy : undefined;
    d.principals.set(r.name, {
      id: r.name,
      kind: "user",
      name,
      arn: arnOf(r, d, "user", name, path),
      path,
      human: true,
      tags: d.tagsOf(r),
      groups: [],
      managedPolicies: [],
      inlinePolicies: [],
      ...(boundary ? { boundary } : {}),
      ...(forceDestroy === undefined ? {} : { forceDestroy }),
    });
    d.byName.set(`${USER} ${name}`, r.name);
  },
};

/**
 * `aws.iam.Role`: its trust policy, and the policies declared on the role itself — `inlinePolicies`
 * (each `{ name, policy }`; an entry without a policy removes them all) and `managedPolicyArns`.
 */
export const roleHandler: CaptureHandler = {
  types: [ROLE],
  phase: 2,
  handle(r, d) {
    const name = str(r.props.name) ?? r.name;
    const path = str(r.props.path) ?? "/";
    const boundary = boundaryOf(r, d);
    const principal: ModelPrincipal = {
      id: r.name,
      kind: "role",
      name,
      arn: arnOf(r, d, "role", name, path),
      path,
      tags: d.tagsOf(r),
      groups: [],
      managedPolicies: [],
      inlinePolicies: [],
      ...(boundary ? { boundary } : {}),
    };
    const trust = d.addPolicy(
      `${r.name}--trust`,
      `${name}-trust`,
      "trust",
      "trust",
      d.readDocument(r, "assumeRolePolicy", "trust"),
      {
        owner: r.name,
      },
    );
    if (trust) {
      principal.trustPolicy = trust.id;
      const services = trust.document.Statement.flatMap((s) =>
        s.Effect === "Allow" && s.Principal && s.Principal !== "*" ? (s.Principal.Service ?? []) : [],
      );
      if (services.length > 0) principal.service = [...new Set(services)].sort()[0];
    }
    const inline = r.props.inlinePolicies;
    if (isUnknownValue(inline)) d.unknown(r, "inlinePolicies", "the role's inline policies are not known");
    if (Array.isArray(inline)) {
      inline.forEach((entry, i) => {
        if (typeof entry !== "object" || entry === null) return;
        const e = entry as Record<string, unknown>;
        const policyName = str(e.name) ?? String(i);
        const read = d.readDocument(r, `inlinePolicies[${i}].policy`, "identity", false, e.policy);
        const p = d.addPolicy(`${r.name}--${policyName}`, policyName, "inline-role", "identity", read, {
          owner: r.name,
        });
        if (p) principal.inlinePolicies.push(p.id);
      });
    }
    const arns = r.props.managedPolicyArns;
    if (isUnknownValue(arns)) d.unknown(r, "managedPolicyArns", "the role's managed policy ARNs are not known");
    if (Array.isArray(arns)) {
      arns.forEach((a, i) => {
        const id = d.policyRef(r, `managedPolicyArns[${i}]`, a);
        if (id) {
          principal.managedPolicies.push(id);
          d.attached.add(id);
        }
      });
    }
    d.principals.set(r.name, principal);
    d.byName.set(`${ROLE} ${name}`, r.name);
  },
};
