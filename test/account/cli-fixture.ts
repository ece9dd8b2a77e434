import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import { captureOutput } from "../helpers/capture-output.js";
import { authorizationDetailsText, generateAuthorizationDetails } from "../helpers/generate-account.js";
import { generateCloudTrail, writeCloudTrailDelivery } from "../helpers/generate-cloudtrail.js";

/**
 * The account the CLI tests share (test/account/cli-*.test.ts, split so that each file stays
 * within the runner's per-file timeout on a loaded machine): a generated export and, on request,
 * CloudTrail delivery files for it, in a temporary folder.
 */
export const run = (argv: string[]) => captureOutput(() => main(argv));

export interface CliAccount {
  dir: string;
  account: string;
  remove(): void;
}

export function cliAccount(opts: { trail?: boolean } = {}): CliAccount {
  const dir = mkdtempSync(join(tmpdir(), "ai-iam-account-cli-"));
  const generated = generateAuthorizationDetails({ seed: 6, principals: 60, policies: 30 });
  const account = join(dir, "account.json");
  writeFileSync(account, authorizationDetailsText(generated));
  if (opts.trail) {
    writeCloudTrailDelivery(
      join(dir, "trail"),
      generated.account,
      generateCloudTrail(generated, { records: 1500 }),
      500,
    );
  }
  return { dir, account, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
