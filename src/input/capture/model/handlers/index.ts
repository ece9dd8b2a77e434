import { attachmentHandler, policyAttachmentHandler } from "./attachments.js";
import { exclusiveAttachmentsHandler, exclusiveInlineHandler } from "./exclusive.js";
import { permissionSetAttachmentHandler, permissionSetHandler, permissionSetPolicyHandler } from "./identity-center.js";
import { inlinePolicyHandler } from "./inline-policies.js";
import { instanceProfileHandler } from "./instance-profiles.js";
import { managedPolicyHandler } from "./managed-policies.js";
import { membershipHandler } from "./memberships.js";
import { groupHandler, roleHandler, userHandler } from "./principals.js";
import { lambdaPermissionHandler, resourcePolicyHandler } from "./resource-policies.js";
import type { CaptureHandler } from "./types.js";

/** Every handler, in the order they run (by phase, then as listed). */
export const HANDLERS: readonly CaptureHandler[] = [
  managedPolicyHandler,
  groupHandler,
  userHandler,
  roleHandler,
  permissionSetHandler,
  attachmentHandler,
  policyAttachmentHandler,
  inlinePolicyHandler,
  membershipHandler,
  instanceProfileHandler,
  permissionSetAttachmentHandler,
  permissionSetPolicyHandler,
  exclusiveAttachmentsHandler,
  exclusiveInlineHandler,
  resourcePolicyHandler,
  lambdaPermissionHandler,
]
  .slice()
  .sort((a, b) => a.phase - b.phase);

/** The resource types capture reads. */
export const CAPTURED_TYPES: ReadonlySet<string> = new Set(HANDLERS.flatMap((h) => h.types));
