import { isUnknownValue, str } from "../draft.js";
import { GROUP, ROLE, USER } from "./principals.js";
import type { CaptureHandler } from "./types.js";

const MANAGED: Record<string, [string, string]> = {
  "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": ["roleName", ROLE],
  "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": ["userName", USER],
  "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": ["groupName", GROUP],
};
const INLINE: Record<string, [string, string]> = {
  "aws:iam/rolePoliciesExclusive:RolePoliciesExclusive": ["roleName", ROLE],
  "aws:iam/userPoliciesExclusive:UserPoliciesExclusive": ["userName", USER],
  "aws:iam/groupPoliciesExclusive:GroupPoliciesExclusive": ["groupName", GROUP],
};

/**
 * The `*PolicyAttachmentsExclusive` resources: the holder's managed policies are exactly
 * `policyArns` — listed ones are attached, any other is detached on apply. (AWS provider docs.)
 */
export const exclusiveAttachmentsHandler: CaptureHandler = {
  types: Object.keys(MANAGED),
  phase: 4,
  handle(r, d) {
    const [property, type] = MANAGED[r.type]!;
    const owner = d.principalRef(r, property, r.props[property], [type]);
    const holder = owner ? d.holder(owner) : undefined;
    const list = r.props.policyArns;
    if (isUnknownValue(list)) d.unknown(r, "policyArns", "the exclusive list of policies is not known");
    if (!holder || !Array.isArray(list)) return;
    const before = holder.managedPolicies;
    holder.managedPolicies = [];
    for (const a of list) {
      const id = d.policyRef(r, "policyArns", a);
      if (id) d.attach(holder.id, id);
    }
    for (const id of before.filter((p) => !holder.managedPolicies.includes(p))) {
      d.diagnostics.push({
        code: "capture-exclusive-removes",
        severity: "warning",
        message: `${r.name} (${r.type}) detaches ${d.policies.get(id)?.arn ?? id} from ${holder.id}: it is not in policyArns`,
        ...(d.file ? { file: d.file } : {}),
      });
    }
  },
};

/** The `*PoliciesExclusive` resources: the holder's inline policies are exactly those named in `policyNames`. */
export const exclusiveInlineHandler: CaptureHandler = {
  types: Object.keys(INLINE),
  phase: 4,
  handle(r, d) {
    const [property, type] = INLINE[r.type]!;
    const owner = d.principalRef(r, property, r.props[property], [type]);
    const holder = owner ? d.holder(owner) : undefined;
    const list = r.props.policyNames;
    if (isUnknownValue(list)) d.unknown(r, "policyNames", "the exclusive list of inline policies is not known");
    if (!holder || !Array.isArray(list)) return;
    const keep = new Set(list.map(str).filter((n): n is string => n !== undefined));
    const removed = holder.inlinePolicies.filter((id) => !keep.has(d.policies.get(id)?.name ?? ""));
    holder.inlinePolicies = holder.inlinePolicies.filter((id) => !removed.includes(id));
    for (const id of removed) {
      d.diagnostics.push({
        code: "capture-exclusive-removes",
        severity: "warning",
        message: `${r.name} (${r.type}) removes inline policy ${d.policies.get(id)?.name ?? id} of ${holder.id}: it is not in policyNames`,
        ...(d.file ? { file: d.file } : {}),
      });
    }
  },
};
