import { str } from "../draft.js";
import { ROLE } from "./principals.js";
import type { CaptureHandler } from "./types.js";

/** `aws.iam.InstanceProfile`: the role EC2 instances launched with it run as. */
export const instanceProfileHandler: CaptureHandler = {
  types: ["aws:iam/instanceProfile:InstanceProfile"],
  phase: 3,
  handle(r, d) {
    const name = str(r.props.name) ?? r.name;
    const path = str(r.props.path) ?? "/";
    const role = r.props.role === undefined ? undefined : d.principalRef(r, "role", r.props.role, [ROLE]);
    d.instanceProfiles.set(r.name, {
      id: r.name,
      name,
      arn: str(r.props.arn) ?? `arn:${d.partition}:iam::${d.account}:instance-profile${path}${name}`,
      roles: role ? [role] : [],
    });
  },
};
