import type { Rule } from "../types.js";
import { actionMatchesNothing } from "./action-matches-nothing.js";
import { aiPrivilegeEscalation } from "./ai-privilege-escalation.js";
import { allowWithNotAction } from "./allow-with-not-action.js";
import { allowWithNotPrincipal } from "./allow-with-not-principal.js";
import { allowWithNotResource } from "./allow-with-not-resource.js";
import { captureIncomplete } from "./capture-incomplete.js";
import { conditionKeyNotApplicable } from "./condition-key-not-applicable.js";
import { conditionTypeMismatch } from "./condition-type-mismatch.js";
import { credentialsExposure } from "./credentials-exposure.js";
import { dataExfiltration } from "./data-exfiltration.js";
import { emptyArray } from "./empty-array.js";
import { externalAccessRule } from "./external-access.js";
import { iamUserForHuman } from "./iam-user-for-human.js";
import { infrastructureModification } from "./infrastructure-modification.js";
import { inlinePoliciesSize } from "./inline-policies-size.js";
import { invalidSuppression } from "./invalid-suppression.js";
import { missingVersion } from "./missing-version.js";
import { noMfaGuardrail } from "./no-mfa-guardrail.js";
import { passRoleToMorePrivileged } from "./pass-role-to-more-privileged.js";
import { passRoleUnconstrained } from "./pass-role-unconstrained.js";
import { policySizeRule } from "./policy-size.js";
import { privilegeEscalation } from "./privilege-escalation.js";
import { redundantAction } from "./redundant-action.js";
import { redundantStatement } from "./redundant-statement.js";
import { resourceExposure } from "./resource-exposure.js";
import { resourceTypeMismatch } from "./resource-type-mismatch.js";
import { setOperatorSingleValued } from "./set-operator-single-valued.js";
import { starResource } from "./star-resource.js";
import { tooManyGroups } from "./too-many-groups.js";
import { tooManyManagedPolicies } from "./too-many-managed-policies.js";
import { unknownAction } from "./unknown-action.js";
import { unknownService } from "./unknown-service.js";
import { userAttachedPolicies } from "./user-attached-policies.js";
import { variableInConditionKey } from "./variable-in-condition-key.js";

/** Every rule ai-iam has, sorted by id. */
export const allRules: readonly Rule[] = [
  actionMatchesNothing,
  aiPrivilegeEscalation,
  allowWithNotAction,
  allowWithNotPrincipal,
  allowWithNotResource,
  captureIncomplete,
  conditionKeyNotApplicable,
  conditionTypeMismatch,
  credentialsExposure,
  dataExfiltration,
  emptyArray,
  externalAccessRule,
  iamUserForHuman,
  infrastructureModification,
  inlinePoliciesSize,
  invalidSuppression,
  missingVersion,
  noMfaGuardrail,
  passRoleToMorePrivileged,
  passRoleUnconstrained,
  policySizeRule,
  privilegeEscalation,
  redundantAction,
  redundantStatement,
  resourceExposure,
  resourceTypeMismatch,
  setOperatorSingleValued,
  starResource,
  tooManyGroups,
  tooManyManagedPolicies,
  unknownAction,
  unknownService,
  userAttachedPolicies,
  variableInConditionKey,
];
