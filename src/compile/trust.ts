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
      Condition: { StringEquals: { "SAML:aud": [samlSignIn(spec.partition)] } },
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

/**
 * The sign-in endpoint a SAML assertion is addressed to (`SAML:aud`), per partition: the China
 * Regions and GovCloud sign in at their own (IAM User Guide, "Configure your SAML 2.0 IdP with
 * relying party trust and adding claims", in each partition's edition). `aws`'s in any other
 * partition matched no assertion, and no member could sign in.
 */
function samlSignIn(partition: string): string {
  if (partition === "aws-cn") return "https://signin.amazonaws.cn/saml";
  if (partition === "aws-us-gov") return "https://signin.amazonaws-us-gov.com/saml";
  return "https://signin.aws.amazon.com/saml";
}

/** The OIDC subjects that may assume `team`'s persona roles: the team's own, else the organization's. */
export function oidcSubjects(spec: Spec, team: string): string[] {
  const own = spec.teams[team]?.oidcSubjects ?? [];
  return [...(own.length > 0 ? own : (spec.trust?.oidcSubjects ?? []))].sort();
}
