import { isUnknownValue } from "../draft.js";
import { GROUP, ROLE, USER } from "./principals.js";
import type { CaptureHandler } from "./types.js";

const ATTACHMENTS: Record<string, [string, string]> = {
  "aws:iam/userPolicyAttachment:UserPolicyAttachment": ["user", USER],
  "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": ["group", GROUP],
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", ROLE],
};

/** `UserPolicyAttachment`, `GroupPolicyAttachment`, `RolePolicyAttachment`: one managed policy on one holder. */
export const attachmentHandler: CaptureHandler = {
  types: Object.keys(ATTACHMENTS),
  phase: 3,
  handle(r, d) {
    const [property, type] = ATTACHMENTS[r.type]!;
    const owner = d.principalRef(r, property, r.props[property], [type]);
    const policy = d.policyRef(r, "policyArn", r.props.policyArn);
    if (owner && policy) d.attach(owner, policy);
  },
};

/** `aws.iam.PolicyAttachment`: one managed policy on lists of users, groups and roles (exclusively: the only holders). */
export const policyAttachmentHandler: CaptureHandler = {
  types: ["aws:iam/policyAttachment:PolicyAttachment"],
  phase: 3,
  handle(r, d) {
    const policy = d.policyRef(r, "policyArn", r.props.policyArn);
    for (const [property, type] of [
      ["users", USER],
      ["groups", GROUP],
      ["roles", ROLE],
    ] as const) {
      const list = r.props[property];
      if (isUnknownValue(list)) d.unknown(r, property, `the list of ${property} is not known`);
      if (!Array.isArray(list)) continue;
      for (const v of list) {
        const owner = d.principalRef(r, property, v, [type]);
        if (owner && policy) d.attach(owner, policy);
      }
    }
  },
};
