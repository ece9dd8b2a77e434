/**
 * Writes a generated AWS account to try the "adopt ai-iam on an existing account" workflow on
 * (README, docs/accounts.md) without an AWS account: the export `aws iam
 * get-account-authorization-details` would print, and CloudTrail delivery files for it.
 *
 *   npx tsx scripts/fixture-account.ts <dir> [--principals 300] [--records 20000] [--seed 1]
 *
 * <dir>/account.json: users, groups, roles (Identity Center, SageMaker execution, workloads,
 * service-linked), customer managed policies with several versions (URL-encoded, as the raw API
 * returns them), boundaries, instance profiles, tags. <dir>/trail/AWSLogs/...: gzip'd delivery
 * files (assumed-role and Identity Center sessions, S3 data events, errors, denied calls).
 * Deterministic: the same arguments write the same files. The same generators feed the tests and
 * `bench/account.bench.ts`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { authorizationDetailsText, generateAuthorizationDetails } from "../test/helpers/generate-account.js";
import { generateCloudTrail, writeCloudTrailDelivery } from "../test/helpers/generate-cloudtrail.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    principals: { type: "string", default: "300" },
    records: { type: "string", default: "20000" },
    seed: { type: "string", default: "1" },
  },
});
const dir = positionals[0];
const principals = Number(values.principals);
const records = Number(values.records);
const seed = Number(values.seed);
if (!dir || ![principals, records, seed].every((n) => Number.isInteger(n) && n >= 0)) {
  process.stderr.write("usage: npx tsx scripts/fixture-account.ts <dir> [--principals N] [--records N] [--seed N]\n");
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const account = generateAuthorizationDetails({ seed, principals, policies: principals });
writeFileSync(join(dir, "account.json"), authorizationDetailsText(account));
const files =
  records > 0
    ? writeCloudTrailDelivery(join(dir, "trail"), account.account, generateCloudTrail(account, { seed, records }))
    : [];
process.stdout.write(
  `${join(dir, "account.json")}: account ${account.account}, ${principals} principals, ${principals} customer managed policies\n` +
    `${join(dir, "trail")}/: ${records} CloudTrail records in ${files.length} delivery files\n`,
);
