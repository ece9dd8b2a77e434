import type { Diagnostic } from "../../../diagnostics/index.js";
import type { AccessModel } from "../../../model/types.js";
import { type BuildOptions, type CapturedResource, ModelDraft } from "./draft.js";
import { CAPTURED_TYPES, HANDLERS } from "./handlers/index.js";

export type { BuildOptions, CapturedResource } from "./draft.js";
export { containsUnknown, isUnknownValue } from "./draft.js";

/** Types whose IAM is only their optional `policy` input (a queue, a key, a bucket). */
const POLICY_INPUT_ONLY = new Set([
  "aws:kms/key:Key",
  "aws:sqs/queue:Queue",
  "aws:sns/topic:Topic",
  "aws:secretsmanager/secret:Secret",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
]);

/** Does this resource declare IAM (a principal, a policy, an attachment, a resource policy)? */
export function declaresIam(type: string, props: Record<string, unknown>): boolean {
  if (!CAPTURED_TYPES.has(type)) return false;
  return !POLICY_INPUT_ONLY.has(type) || (props.policy !== undefined && props.policy !== "");
}

/** Is this a resource type the model is built from? */
export function isCapturedType(type: string): boolean {
  return CAPTURED_TYPES.has(type);
}

/**
 * Rebuild an AccessModel from a program's IAM resources (what capture records under mocks, or what
 * the policy pack receives from the engine): each handler reads its resource types, in phase order.
 * Resources are read sorted by type and logical name, so the model does not depend on the order
 * the program registered them in.
 */
export function buildModel(
  resources: readonly CapturedResource[],
  opts: BuildOptions,
): { model: AccessModel; diagnostics: Diagnostic[] } {
  const sorted = resources
    .filter((r) => CAPTURED_TYPES.has(r.type))
    .sort((a, b) =>
      `${a.type} ${a.name}` < `${b.type} ${b.name}` ? -1 : `${a.type} ${a.name}` > `${b.type} ${b.name}` ? 1 : 0,
    );
  const d = new ModelDraft(sorted, opts);
  for (const handler of HANDLERS) {
    for (const r of sorted) if (handler.types.includes(r.type)) handler.handle(r, d);
  }
  return { model: d.finish(opts.source), diagnostics: d.diagnostics };
}
