import { str } from "../draft.js";
import type { CaptureHandler } from "./types.js";

/** `aws.iam.Policy`: a customer managed policy, addressed by its logical name and its ARN. */
export const managedPolicyHandler: CaptureHandler = {
  types: ["aws:iam/policy:Policy"],
  phase: 1,
  handle(r, d) {
    const name = str(r.props.name) ?? r.name;
    const arn = str(r.props.arn);
    if (arn) d.policyByArn.set(arn, r.name);
    const description = str(r.props.description);
    d.addPolicy(r.name, name, "managed", "identity", d.readDocument(r, "policy", "identity"), {
      path: str(r.props.path) ?? "/",
      ...(arn ? { arn } : {}),
      ...(description ? { description } : {}),
    });
  },
};
