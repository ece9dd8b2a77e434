import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { AccessModelDeployment } from "./src/deploy/access-model-deployment.js";

/**
 * The ai-iam Pulumi program: deploys the spec named by stack config `ai-iam:spec` (default
 * `examples/ai-platform`) as one `ai-iam:index:AccessModelDeployment` component. Its outputs
 * generalize the seed program's `ai_user_name` / `ai_policy_arn`: every principal's name and ARN,
 * and every policy's ARN, keyed by the spec's ids (`vision/alice`, `vision/boundary`).
 */
const config = new pulumi.Config("ai-iam");
// A relative spec path means this folder (the project's), wherever the program is run from;
// diagnostics name it relative to the working directory, as the CLI does.
const projectDir = dirname(fileURLToPath(import.meta.url));
const spec = relative(process.cwd(), resolve(projectDir, config.get("spec") || "examples/ai-platform")) || ".";
const instanceArn = config.get("identityCenterInstanceArn");
const identityStoreId = config.get("identityStoreId");

const organization = new AccessModelDeployment("ai-iam", {
  spec,
  ...(instanceArn || identityStoreId
    ? { identityCenter: { ...(instanceArn ? { instanceArn } : {}), ...(identityStoreId ? { identityStoreId } : {}) } }
    : {}),
});

/** Principal id → `{ kind, name, arn }`. */
export const principals = Object.fromEntries(
  Object.entries(organization.principals).map(([id, p]) => [id, { kind: p.kind, name: p.name, arn: p.arn }]),
);
/** Managed and boundary policy id → ARN. */
export const policyArns = organization.policyArns;
/** Group id → `{ name, arn }` (iam-users specs). */
export const groups = organization.groups;
