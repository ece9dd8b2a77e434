import { policySetForPrincipal } from "../../../model/policy-set.js";
import type { PolicyDocument, Statement } from "../../../policy/types.js";
import { namedActions } from "../effective.js";
import type { ModelRule, Report } from "../types.js";
import { listSome } from "../util.js";

/** What a user without MFA must still be able to do: set up MFA (AWS's "self-manage MFA" example). */
const MFA_BOOTSTRAP = new Set(
  [
    "iam:ChangePassword",
    "iam:CreateVirtualMFADevice",
    "iam:EnableMFADevice",
    "iam:GetUser",
    "iam:GetAccountPasswordPolicy",
    "iam:GetMFADevice",
    "iam:ListMFADevices",
    "iam:ListVirtualMFADevices",
    "iam:ResyncMFADevice",
    "sts:GetSessionToken",
  ].map((a) => a.toLowerCase()),
);

export const noMfaGuardrail: ModelRule = {
  scope: "model",
  meta: {
    id: "no-mfa-guardrail",
    severity: "security",
    category: "identity-hygiene",
    description: "An IAM user can act without MFA: no Deny guards requests made without it.",
    explanation:
      "A request signed with an IAM user's long-lived access key carries no `aws:MultiFactorAuthPresent`. " +
      "Unless a Deny with `BoolIfExists: {aws:MultiFactorAuthPresent: false}` (in a policy or the boundary) " +
      "blocks such requests, a leaked key is enough to use the user's access. ai-iam asks the engine whether " +
      "the user's allowed actions stay allowed without MFA; only the actions needed to set up MFA may. Fix: " +
      'set `guardrails.requireMfa: true` in the spec, or attach AWS\'s "self-manage MFA" Deny statement. ' +
      'AWS: IAM User Guide, "AWS: Allows MFA-authenticated IAM users to manage their own MFA device".',
    equivalents: { checkov: "CKV_AWS_... (MFA, related)", cdkNag: "AwsSolutions-IAM (MFA, related)" },
    messages: {
      noMfa: "user {{name}} can act without MFA (e.g. {{examples}}): add a Deny unless aws:MultiFactorAuthPresent",
    },
  },
  check({ model, catalog, accessOf }) {
    const out: Report[] = [];
    const without = { without: ["aws:MultiFactorAuthPresent", "aws:MultiFactorAuthAge"] };
    for (const p of model.principals) {
      if (p.kind !== "user") continue;
      const access = accessOf(p.id);
      const open = new Set<string>();
      const isOpen = (action: string, resource?: string) => {
        const opts = resource === undefined ? undefined : { resource };
        // Without MFA first: where a guardrail requires MFA, that answer is no and decides alone.
        return access.allows(action, { ...without, ...opts }) && access.allows(action, opts);
      };
      // A representative resource of each action the user is granted...
      for (const action of access.candidateActions()) {
        if (open.size > 5) break;
        if (!MFA_BOOTSTRAP.has(action.toLowerCase()) && isOpen(action)) open.add(action);
      }
      // ...and, since a scoped grant does not reach that resource, each Allow statement on the
      // resources it names itself (one sample action per statement keeps this linear).
      if (open.size === 0) {
        for (const policy of policySetForPrincipal(model, p.id).identityPolicies) {
          for (const st of policy.document.Statement) {
            if (open.size > 5) break;
            if (st.Effect !== "Allow" || !st.Resource) continue;
            const sample = [...namedActions(catalog, soloDocument(st)).keys()].find(
              (a) => !MFA_BOOTSTRAP.has(a.toLowerCase()),
            );
            if (!sample) continue;
            const resource = st.Resource.find((r) => isOpen(sample, r));
            if (resource !== undefined) open.add(`${sample} on ${resource}`);
          }
        }
      }
      if (open.size > 0) {
        out.push({
          messageId: "noMfa",
          data: { name: p.name, examples: listSome([...open], 5) },
          principal: p.id,
        });
      }
    }
    return out;
  },
};

const solo = new WeakMap<Statement, PolicyDocument>();

/**
 * A statement as a document of its own, one per statement: users holding the same policy share it,
 * so the catalog expansion of its actions (remembered per document) is made once, not per user.
 */
function soloDocument(st: Statement): PolicyDocument {
  let doc = solo.get(st);
  if (!doc) {
    doc = { Version: "2012-10-17", Statement: [st] };
    solo.set(st, doc);
  }
  return doc;
}
