import type { ModelPolicyKind } from "../../../../model/types.js";
import { str } from "../draft.js";
import { GROUP, ROLE, USER } from "./principals.js";
import type { CaptureHandler } from "./types.js";

const INLINE: Record<string, [string, string, ModelPolicyKind]> = {
  "aws:iam/userPolicy:UserPolicy": ["user", USER, "inline-user"],
  "aws:iam/groupPolicy:GroupPolicy": ["group", GROUP, "inline-group"],
  "aws:iam/rolePolicy:RolePolicy": ["role", ROLE, "inline-role"],
};

/** `UserPolicy`, `GroupPolicy`, `RolePolicy`: an inline policy (JSON text or an object) on its holder. */
export const inlinePolicyHandler: CaptureHandler = {
  types: Object.keys(INLINE),
  phase: 3,
  handle(r, d) {
    const [property, type, kind] = INLINE[r.type]!;
    const owner = d.principalRef(r, property, r.props[property], [type]);
    const read = d.readDocument(r, "policy", "identity");
    if (!owner) return;
    const p = d.addPolicy(r.name, str(r.props.name) ?? r.name, kind, "identity", read, { owner });
    if (p) d.holder(owner)?.inlinePolicies.push(p.id);
  },
};
