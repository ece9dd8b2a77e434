import type { ModelRule, Report } from "../types.js";

export const iamUserForHuman: ModelRule = {
  scope: "model",
  meta: {
    id: "iam-user-for-human",
    severity: "warning",
    category: "identity-hygiene",
    description: "A person signs in as an IAM user where federation is expected.",
    explanation:
      "IAM users carry long-lived passwords and access keys. AWS recommends that people sign in through " +
      "federation (IAM Identity Center or a SAML/OIDC identity provider) and receive temporary credentials. " +
      "Fix: set `identity: identity-center` (or `iam-roles` with a SAML/OIDC trust) in the spec.",
    equivalents: { checkov: "CKV_AWS_273" },
    messages: {
      iamUser:
        "{{name}} is an IAM user with long-lived credentials; use federation (Identity Center or SAML/OIDC roles)",
    },
  },
  check({ model }) {
    const out: Report[] = [];
    for (const p of model.principals) {
      if (p.kind === "user" && p.human !== false) {
        out.push({
          messageId: "iamUser",
          data: { name: p.name },
          principal: p.id,
        });
      }
    }
    return out;
  },
};
