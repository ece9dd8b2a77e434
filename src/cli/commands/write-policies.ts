import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AccessModel } from "../../model/types.js";
import { canonicalJson } from "../../policy/canonical.js";

/**
 * Writes every policy of the model as `<dir>/<policy id>.json` (`vision/data-scientist/policy-1.json`),
 * in canonical JSON. Files are rendered into a temporary sibling folder first and moved into place
 * only once all are written, so a failure while writing leaves `dir` untouched.
 */
export function writePolicyFiles(dir: string, model: AccessModel): { files: string[]; error?: string } {
  const staging = `${dir.replace(/\/+$/, "")}.ai-iam-tmp-${process.pid}`;
  const files: string[] = [];
  try {
    rmSync(staging, { recursive: true, force: true });
    for (const p of model.policies) {
      const rel = `${p.id}.json`;
      const file = join(staging, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${canonicalJson(p.document, { pretty: true })}\n`);
      files.push(join(dir, rel));
    }
    // Everything is rendered; now move each file into place (existing files of the same name are
    // replaced, nothing else in `dir` is touched).
    for (const p of model.policies) {
      const target = join(dir, `${p.id}.json`);
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(staging, `${p.id}.json`), target);
    }
    rmSync(staging, { recursive: true, force: true });
    return { files };
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    return { files: [], error: `Cannot write policies to ${dir}: ${(e as Error).message}` };
  }
}
