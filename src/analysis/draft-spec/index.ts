/** `--draft-spec`: a first team spec for an imported account (see `draft.ts`). */
export {
  type DraftGroup,
  type DraftOptions,
  type DraftResult,
  draftSpec,
  explainDraftDiff,
  type GroupAccess,
  groupAccess,
  importedAsDraft,
  readDraftMapping,
} from "./draft.js";
export { activityProfiles, containment, jaccard, type Profile, profileOf } from "./profile.js";
