/**
 * Writes the compact copy of iam-data that the catalog reads when it is there
 * (`src/catalog/data.ts`): one file next to the built catalog, `dist/catalog/catalog-data.json`,
 * each service a segment of JSON parsed on first use, condition keys and resource type names written
 * once. `npm run build` runs it after `tsc`; nothing generated is committed. Without the file (run
 * from `src/` under tsx, or a clone that was not built) the catalog reads iam-data's files and gives
 * the same answers (test/catalog/compact.test.ts).
 *
 *   npx tsx scripts/build-catalog.ts [--out <file>]
 */
import { compactSource, encodeCompact, iamDataSource, iamDataVersion } from "../src/catalog/data.js";
import { writeOutputAtomically } from "../src/util/write-atomic.js";
import { outArgument } from "./out-arg.js";

const out = outArgument(new URL("../dist/catalog/catalog-data.json", import.meta.url));
const version = iamDataVersion();
const source = iamDataSource();
const bytes = encodeCompact(source, version);
// Refuse to write a copy that does not read back.
const back = compactSource(bytes, version);
if (!back) throw new Error("the compact catalog does not read back");
// Whole or not at all: a reader never sees half a file.
writeOutputAtomically(out, bytes);
console.log(
  `${source.services().length} services (iam-data ${version}) → ${out} (${Math.round(bytes.length / 1024)} KB)`,
);
