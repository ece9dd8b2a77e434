import type { Spec } from "../input/team-spec/types.js";
import type { PolicyDocument, Statement } from "../policy/types.js";
import { POLICY_VERSION } from "./pack.js";

/**
 * Trust policies. A service role trusts the service, for this account only (the confused-deputy
 * guard: AWS, IAM User Guide, "The confused deputy problem" — `aws:SourceAccount`).
 */
export function trustPolicyForService(service: string, account: string): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: "TrustService",
        Effect: "Allow",
        Principal: { Service: [service] },
        Action: ["sts:AssumeRole"],
        Condition: { StringEquals: { "aws:SourceAccount": [account] } },
      },
    ],
  };
}

/**
 * How people assume an `iam-roles` persona role (`spec.trust`): through a SAML provider (AWS
 * sign-in as the audience), an OIDC provider (with its audience and the team's subjects), or principals of the listed
 * accounts (default: the spec's own) with MFA unless `trust.requireMfa` is false.
 * AWS: IAM User Guide, "Creating a role for SAML 2.0 federation" and "Creating a role to delegate
 * permissions to an IAM user".
 */
export function trustPolicyForPersona(spec: Spec, team: string): PolicyDocument {
  const t = spec.trust ?? {};
  let statement: Statement;
  if (t.samlProvider) {
    statement = {
      Sid: "TrustSaml",
      Effect: "Allow",
      Principal: { Federated: [t.samlProvider] },
      Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
      Condition: { StringEquals: { "SAML:aud": ["https://signin.aws.amazon.com/saml"] } },
    };
  } else if (t.oidcProvider) {
    const host = t.oidcProvider.replace(/^arn:[^:]+:iam::\d{12}:oidc-provider\//, "");
    statement = {
      Sid: "TrustOidc",
      Effect: "Allow",
      Principal: { Federated: [t.oidcProvider] },
      Action: ["sts:AssumeRoleWithWebIdentity"],
      // validate.ts rejects a spec without both: neither is ever left out.
      Condition: {
        StringEquals: { [`${host}:aud`]: t.oidcAudience ? [t.oidcAudience] : [] },
        StringLike: { [`${host}:sub`]: oidcSubjects(spec, team) },
      },
    };
  } else {
    const accounts = [...new Set(t.accounts ?? [spec.account])].sort();
    const mfa = t.requireMfa ?? spec.guardrails.requireMfa;
    statement = {
      Sid: "TrustAccounts",
      Effect: "Allow",
      Principal: { AWS: accounts.map((a) => `arn:${spec.partition}:iam::${a}:root`) },
      Action: ["sts:AssumeRole"],
      ...(mfa ? { Condition: { Bool: { "aws:MultiFactorAuthPresent": ["true"] } } } : {}),
    };
  }
  return { Version: POLICY_VERSION, Statement: [statement] };
}

/** The OIDC subjects that may assume `team`'s persona roles: the team's own, else the organization's. */
export function oidcSubjects(spec: Spec, team: string): string[] {
  const own = spec.teams[team]?.oidcSubjects ?? [];
  return [...(own.length > 0 ? own : (spec.trust?.oidcSubjects ?? []))].sort();
}
