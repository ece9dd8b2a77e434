import type { AccessModel } from "../../model/types.js";
import { canonicalJson } from "../../policy/canonical.js";
import { writeFilesAtomically } from "../options.js";

/** The list of the files `plan --out` wrote last, in the output folder. */
export const MANIFEST = ".ai-iam-manifest.json";

/**
 * Writes every policy of the model as `<dir>/<policy id>.json` (`vision/data-scientist/policy-1.json`),
 * in canonical JSON, all or nothing (see `writeFilesAtomically`): existing files of the same name are
 * replaced, and the files the previous `plan --out` wrote (listed in `dir/${MANIFEST}`) that this
 * model no longer produces are removed; nothing else in `dir` is touched.
 */
export function writePolicyFiles(dir: string, model: AccessModel): { error?: string } {
  const files = model.policies.map((p) => ({
    path: `${p.id}.json`,
    text: `${canonicalJson(p.document, { pretty: true })}\n`,
  }));
  const error = writeFilesAtomically(dir, files, { manifest: MANIFEST });
  return error ? { error } : {};
}
