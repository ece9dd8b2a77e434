import type { CapturedResource, ModelDraft } from "../draft.js";

/**
 * A handler reads the program's resources of some types into the draft model. Handlers run in
 * `phase` order, so that what a later one refers to (a policy, a principal) already exists.
 */
export interface CaptureHandler {
  types: readonly string[];
  /** 1 policies, 2 principals, 3 what links them, 4 exclusive management, 5 resource policies. */
  phase: 1 | 2 | 3 | 4 | 5;
  handle(r: CapturedResource, d: ModelDraft): void;
}
