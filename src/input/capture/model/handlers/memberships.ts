import { isUnknownValue } from "../draft.js";
import { GROUP, USER } from "./principals.js";
import type { CaptureHandler } from "./types.js";

/** `UserGroupMembership` (a user in groups) and `GroupMembership` (a group's users, exclusively). */
export const membershipHandler: CaptureHandler = {
  types: ["aws:iam/userGroupMembership:UserGroupMembership", "aws:iam/groupMembership:GroupMembership"],
  phase: 3,
  handle(r, d) {
    const oneUser = r.type === "aws:iam/userGroupMembership:UserGroupMembership";
    const [single, singleType, many, manyType] = oneUser
      ? ["user", USER, "groups", GROUP]
      : ["group", GROUP, "users", USER];
    const one = d.principalRef(r, single, r.props[single], [singleType]);
    const list = r.props[many];
    if (isUnknownValue(list)) d.unknown(r, many, `the list of ${many} is not known`);
    if (!one || !Array.isArray(list)) return;
    for (const v of list) {
      const other = d.principalRef(r, many, v, [manyType]);
      if (!other) continue;
      const [user, group] = oneUser ? [one, other] : [other, one];
      d.principals.get(user)?.groups.push(group);
    }
  },
};
