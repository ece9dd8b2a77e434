import * as pulumi from "@pulumi/pulumi";
import { AccessModelDeployment } from "ai-iam/pulumi";

/**
 * Deploys the spec in iam/ (stack config `spec` names another) as ordinary AWS IAM
 * resources: what `ai-iam plan iam` lists is exactly what `pulumi up` creates. A spec with errors
 * stops the program with every diagnostic; nothing is created.
 *
 *   pulumi stack init dev && pulumi up
 */
const config = new pulumi.Config();
const iam = new AccessModelDeployment("{{organization}}", { spec: config.get("spec") ?? "iam" });

/** Principal id (`{{team}}/{{member}}`) → `{ kind, name, arn }`. */
export const principals = Object.fromEntries(
  Object.entries(iam.principals).map(([id, p]) => [id, { kind: p.kind, name: p.name, arn: p.arn }]),
);
/** Managed and boundary policy id → ARN. */
export const policyArns = iam.policyArns;
