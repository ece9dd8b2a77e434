import { checkUniqueness } from "../compile/unique.js";
import type { Diagnostic, DiagnosticCode, SourceLocation } from "../diagnostics/index.js";
import { IAM_NAME, IAM_PATH } from "../model/iam-names.js";
import type { AccessModel, ModelPolicy, ModelPolicyKind } from "../model/types.js";

/**
 * What the Pulumi component checks of a model handed to it (`{ model }`: an account import, a
 * captured program, one built in code) before it registers anything. A compiled spec passes by
 * construction; any other model may refer to a group or policy it does not hold (an export
 * filtered to some entities), hold a document ai-iam does not know, or name an entity as IAM does
 * not allow. Deploying such a model failed half-way with a bare Error, or deployed a guessed
 * document (an empty one for a policy the export does not hold); each is now a located error.
 *
 * Names and paths: `IAM_NAME`, `IAM_PATH` (model/iam-names.ts); lengths and uniqueness:
 * `checkUniqueness`.
 */
export function deployableModelDiagnostics(model: AccessModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  const policies = new Map(model.policies.map((p) => [p.id, p]));
  const groups = new Set(model.groups.map((g) => g.id));
  const report = (code: DiagnosticCode, at: SourceLocation | undefined, message: string, hint: string) =>
    out.push({ code, severity: "error", message, ...(at ?? {}), hint });

  const name = (what: string, value: string, at: SourceLocation | undefined) => {
    if (!IAM_NAME.test(value)) {
      report(
        "deploy-invalid-name",
        at,
        `The ${what} name ${JSON.stringify(value)} has characters IAM does not allow in a name.`,
        "IAM names are letters, digits and _+=,.@- only.",
      );
    }
  };
  const path = (what: string, value: string | undefined, at: SourceLocation | undefined) => {
    if (value !== undefined && !IAM_PATH.test(value)) {
      report(
        "deploy-invalid-name",
        at,
        `The path ${JSON.stringify(value)} of ${what} is not one IAM allows.`,
        'A path is "/" or starts and ends with "/", of the ASCII characters ! to DEL.',
      );
    }
  };

  /** A policy `owner` refers to as `role`: it exists, has a kind that fits, and can be deployed. */
  const policy = (owner: string, at: SourceLocation | undefined, pid: string, role: Role): void => {
    const p = policies.get(pid);
    if (!p) {
      report(
        "deploy-missing-reference",
        at,
        `${owner} refers to the ${role} policy "${pid}", which the model does not define.`,
        "A model to deploy holds every policy its principals and groups refer to.",
      );
      return;
    }
    if (!ROLE_KINDS[role].includes(p.kind)) {
      report(
        "deploy-missing-reference",
        at,
        `${owner} refers to "${pid}" as its ${role} policy, but that is a ${p.kind} policy.`,
        "Refer to a policy of the kind its place needs.",
      );
      return;
    }
    const unknown = unknownDocument(p, role);
    if (unknown) {
      report(
        "deploy-unknown-document",
        at,
        `${owner} has the ${role} policy "${pid}", ${unknown}: ai-iam deploys only what it knows.`,
        p.unknown?.reasons[0] ? `Why: ${p.unknown.reasons[0]}` : "Give the model the whole document.",
      );
    }
  };

  for (const g of model.groups) {
    const owner = `group "${g.id}"`;
    // A group the input does not describe (a placeholder of an import) is located at a member.
    const at = g.location ?? model.principals.find((p) => p.location && p.groups.includes(g.id))?.location;
    name("group", g.name, at);
    path(owner, g.path, at);
    for (const pid of g.managedPolicies) policy(owner, at, pid, "managed");
    for (const pid of g.inlinePolicies) policy(owner, at, pid, "inline");
    inlineNames(owner, at, g.inlinePolicies);
  }
  for (const pr of model.principals) {
    const owner = `principal "${pr.id}"`;
    name(pr.kind === "permission-set" ? "permission set" : pr.kind, pr.name, pr.location);
    path(owner, pr.path, pr.location);
    for (const gid of pr.groups) {
      if (!groups.has(gid)) {
        report(
          "deploy-missing-reference",
          pr.location,
          `${owner} is a member of the group "${gid}", which the model does not define.`,
          "A model to deploy holds every group its users are members of.",
        );
      }
    }
    for (const pid of pr.managedPolicies) policy(owner, pr.location, pid, "managed");
    for (const pid of pr.inlinePolicies) policy(owner, pr.location, pid, "inline");
    inlineNames(owner, pr.location, pr.inlinePolicies);
    if (pr.boundary) policy(owner, pr.location, pr.boundary, "boundary");
    if (pr.kind === "role") {
      if (pr.trustPolicy) policy(owner, pr.location, pr.trustPolicy, "trust");
      else {
        report(
          "deploy-missing-reference",
          pr.location,
          `${owner} is a role without a trust policy.`,
          "IAM creates no role without one: give the role its trust policy.",
        );
      }
    }
  }
  for (const p of model.policies) {
    if (p.kind === "managed" || p.kind === "boundary") {
      if (p.unknown?.whole) continue; // not created: attached by its ARN, or refused above
      name("policy", p.name, p.location);
      path(`policy "${p.id}"`, p.path, p.location);
      if (p.unknown) {
        report(
          "deploy-unknown-document",
          p.location,
          `The policy "${p.id}" would be created, but part of its document is not known: ai-iam deploys only what it knows.`,
          p.unknown.reasons[0] ? `Why: ${p.unknown.reasons[0]}` : "Give the model the whole document.",
        );
      }
    } else if (INLINE_KINDS.includes(p.kind) && p.kind !== "permission-set-inline") {
      name("inline policy", p.name, p.location);
    }
  }

  /** Two inline policies of one holder with one name: the second would overwrite the first. */
  function inlineNames(owner: string, at: SourceLocation | undefined, pids: readonly string[]): void {
    const seen = new Map<string, string>();
    for (const pid of pids) {
      const p = policies.get(pid);
      if (!p || p.kind === "permission-set-inline") continue;
      const prev = seen.get(p.name);
      if (prev !== undefined) {
        report(
          "compile-name-collision",
          at,
          `${owner} has two inline policies named "${p.name}" ("${prev}" and "${pid}"): the second would overwrite the first.`,
          "Give each inline policy of a principal or group its own name.",
        );
      } else seen.set(p.name, pid);
    }
  }

  return [...out, ...checkUniqueness(model)];
}

type Role = "managed" | "inline" | "boundary" | "trust";

const INLINE_KINDS: readonly ModelPolicyKind[] = [
  "inline-user",
  "inline-group",
  "inline-role",
  "permission-set-inline",
];
const ROLE_KINDS: Record<Role, readonly ModelPolicyKind[]> = {
  managed: ["managed", "aws-managed", "boundary"],
  inline: INLINE_KINDS,
  boundary: ["managed", "aws-managed", "boundary"],
  trust: ["trust"],
};

/** Why a policy cannot be deployed as it stands, or undefined when it can. */
function unknownDocument(p: ModelPolicy, role: Role): string | undefined {
  if (!p.unknown) return undefined;
  // A managed policy not known, but existing in the account: attached by its ARN, not created.
  const attachedByArn = (role === "managed" || role === "boundary") && p.kind !== "trust";
  if (p.unknown.whole) return attachedByArn && p.arn ? undefined : "whose document is not known and which has no ARN";
  return "part of whose document is not known";
}
