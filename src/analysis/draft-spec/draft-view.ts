import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { AccessModel } from "../../model/types.js";
import { importedAsDraft, readDraftMapping } from "./index.js";

/**
 * An imported account as a draft spec made of it names its principals: a draft made by
 * `import --draft-spec` names its members otherwise than the account does, and its `draft.json`
 * (in the spec's folder, or beside the spec file) maps one to the other, so `diff --account-file`
 * compares each principal with what the draft makes of it; its notes say why principals are left
 * out or differ (`explainDraftDiff` shows them with the diff). Without a mapping, the model as it is.
 */
export function accountAsDraft(
  model: AccessModel,
  specPath: string,
): { model: AccessModel; notes?: Record<string, string> } {
  for (const file of [join(specPath, "draft.json"), join(dirname(specPath), "draft.json")]) {
    if (!existsSync(file)) continue;
    const mapping = readDraftMapping(readFileSync(file, "utf8"));
    // Not a draft's mapping: compare ids as they are.
    if (mapping) return { model: importedAsDraft(model, mapping.members), notes: mapping.notes };
  }
  return { model };
}
