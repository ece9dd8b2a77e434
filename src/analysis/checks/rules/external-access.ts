import { type ExternalAccess, externalAccess } from "../risk/external-access.js";
import type { DocumentContext, DocumentRule, Report } from "../types.js";
import { listSome, statementPath } from "../util.js";

/**
 * The account that owns a lone resource or trust policy, when the caller did not say: the account
 * of the ARNs the policy itself names as its resource (a key's, a queue's) or of the identity
 * provider a trust names (providers live in the role's account). `undefined` for a bucket policy,
 * whose ARNs carry no account: every named account then counts as outside.
 */
export function ownerAccount(ctx: DocumentContext): string | undefined {
  if (ctx.account !== undefined) return ctx.account;
  for (const st of ctx.document.Statement ?? []) {
    for (const r of [
      ...(st.Resource ?? []),
      ...(typeof st.Principal === "object" ? (st.Principal.Federated ?? []) : []),
    ]) {
      const parts = r.split(":");
      if (parts.length >= 6 && /^\d{12}$/.test(parts[4])) return parts[4];
    }
  }
  return undefined;
}

function who(e: ExternalAccess): string {
  const [kind, ...rest] = e.scope.split(":");
  const name = rest.join(":");
  switch (kind) {
    case "*":
      return "everyone (any AWS account, any identity)";
    case "account":
      return `account ${name}`;
    case "canonical-user":
      return `the canonical user ${name}`;
    case "federated":
      return `any identity of ${name}`;
    case "service":
      return `${name} acting for any account`;
    default:
      return e.scope;
  }
}

function why(e: ExternalAccess): string {
  if (e.scope.startsWith("federated:")) {
    const provider = e.scope.slice("federated:".length);
    return provider === "cognito-identity.amazonaws.com"
      ? `no "${provider}:aud" condition names the identity pool`
      : `no "${provider}:sub" condition pins the subject (for GitHub Actions, any repository's workflow)`;
  }
  if (e.scope.startsWith("service:")) return 'no "aws:SourceAccount" or "aws:SourceArn" condition (confused deputy)';
  return "";
}

/** What limits the access (or why nothing does). */
function limits(e: ExternalAccess): string {
  const reason = why(e);
  const limits =
    e.conditions.length > 0
      ? `limited by ${e.conditions.join(", ")}`
      : reason === ""
        ? "with no limiting condition"
        : "";
  return [reason, limits].filter((x) => x !== "").join("; ");
}

export const externalAccessRule: DocumentRule = {
  scope: "document",
  meta: {
    id: "external-access",
    severity: "security",
    category: "resource-exposure",
    description:
      "A resource policy or role trust policy lets someone outside the account in: everyone, another account, an unpinned identity provider, or a service acting for any account.",
    explanation:
      "IAM Access Analyzer reports a resource as shared outside its zone of trust when its policy lets in " +
      'everyone (`"Principal": "*"` or `{"AWS": "*"}` without a condition that keeps it inside), another ' +
      "account, any identity of a federated or OIDC provider that the trust does not pin down (GitHub " +
      "Actions without a `token.actions.githubusercontent.com:sub` condition lets every repository's workflow " +
      "assume the role; a Cognito trust without `aud` any identity pool), or a service principal without " +
      "`aws:SourceAccount`/`aws:SourceArn` (the confused deputy: the service acts for any account). ai-iam " +
      "checks bucket, key, queue, topic, function, repository, secret and SageMaker/Bedrock resource policies " +
      "and role trust policies the same way. Conditions that keep the grant inside the account " +
      "(`aws:PrincipalAccount`, `kms:CallerAccount`, `aws:SourceAccount` equal to it, principal ARNs of it) " +
      "remove the finding; conditions that narrow it (`aws:PrincipalOrgID`, `aws:SourceVpce`, `aws:SourceIp`, " +
      "`sts:ExternalId`) are shown with it. The owning account comes from the model, or for a lone file from " +
      "the ARNs it names; a bucket policy names none, so every named account counts as outside. AWS: IAM " +
      'Access Analyzer User Guide, "Findings for external and unused access"; IAM User Guide, "The confused ' +
      'deputy problem"; GitHub Docs, "Configuring OpenID Connect in Amazon Web Services".',
    equivalents: {
      accessAnalyzer: "external access findings",
      checkov: "CKV_AWS_70 / CKV_AWS_33 (related)",
      cdkNag: "AwsSolutions-S2 / IAM trust (related)",
    },
    messages: {
      resource: "grants {{who}} {{actions}}: {{limits}}",
      trust: "lets {{who}} assume the role ({{actions}}): {{limits}}",
    },
  },
  check(ctx) {
    if (ctx.kind !== "resource" && ctx.kind !== "trust") return [];
    const account = ownerAccount(ctx) ?? "";
    const out: Report[] = [];
    for (const e of externalAccess({ statements: ctx.document.Statement ?? [], kind: ctx.kind, account })) {
      out.push({
        messageId: ctx.kind,
        data: { who: who(e), actions: listSome(e.actions, 4), limits: limits(e) },
        path: statementPath(e.statement, "Principal"),
        details: { scope: e.scope, actions: e.actions, conditions: e.conditions },
      });
    }
    return out;
  },
};
