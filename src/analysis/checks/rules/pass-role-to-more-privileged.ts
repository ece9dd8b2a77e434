import { policySetForPrincipal } from "../../../model/policy-set.js";
import type { AccessModel, ModelPrincipal } from "../../../model/types.js";
import { matches, RESOURCE_PATTERN } from "../../../policy/wildcard.js";
import { expand } from "../expand.js";
import { PROBE_NAME } from "../probe.js";
import { statementNames } from "../risk/oracle.js";
import { riskStats } from "../risk/stats.js";
import type { Catalog, ModelRule, Report } from "../types.js";
import { listSome, plural } from "../util.js";

/**
 * The resources the role is granted each action on, as concrete ARNs (a pattern's wildcards
 * filled with the probe name: `arn:aws:s3:::datasets/*` → `arn:aws:s3:::datasets/ai-iam-probe`):
 * a role scoped to the team's dataset bucket holds access there that the representative probe
 * resource (on no bucket in particular) would miss.
 */
function grantedResources(model: AccessModel, roleId: string, catalog: Catalog): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const p of policySetForPrincipal(model, roleId).identityPolicies) {
    for (const st of p.document.Statement ?? []) {
      if (st.Effect !== "Allow" || !st.Action || !st.Resource) continue;
      // "*" is the probe's own case; a variable names the caller's resource, not the role's.
      const arns = st.Resource.filter((r) => r !== "*" && !r.includes("${")).map((r) =>
        r.replace(/[*?]+/g, PROBE_NAME),
      );
      if (arns.length === 0) continue;
      for (const pattern of st.Action) {
        for (const a of expand(catalog, pattern, p.document).actions) {
          const set = out.get(a.key) ?? new Set<string>();
          for (const arn of arns) set.add(arn);
          out.set(a.key, set);
        }
      }
    }
  }
  return out;
}

/**
 * The Resource patterns of the Allow statements of `passer`'s identity policies that name
 * `iam:PassRole`, or `"*"` when one may reach any role (NotResource, no Resource, a policy
 * variable): without a resource policy only these can allow passing a role, so the roles they
 * match are the only ones to ask the engine about (the engine still decides each).
 */
function passRolePatterns(model: AccessModel, passerId: string): readonly string[] | "*" {
  const out = new Set<string>();
  for (const p of policySetForPrincipal(model, passerId).identityPolicies) {
    for (const st of p.document.Statement ?? []) {
      if (st.Effect !== "Allow" || !statementNames(st, "iam:PassRole")) continue;
      if (!st.Resource) return "*";
      for (const r of st.Resource) {
        if (r.includes("${")) return "*";
        out.add(r);
      }
    }
  }
  return [...out].sort();
}

/**
 * The roles of `roles` (their indexes, ascending) that some pattern matches as IAM matches a
 * Resource: a literal ARN is looked up, a wildcard pattern tests every role.
 */
function rolesMatching(
  roles: readonly ModelPrincipal[],
  byArn: ReadonlyMap<string, number[]>,
  patterns: readonly string[] | "*",
): number[] {
  if (patterns === "*") return roles.map((_r, i) => i);
  const hit = new Set<number>();
  for (const pattern of patterns) {
    if (!/[*?]/.test(pattern)) {
      for (const i of byArn.get(pattern) ?? []) hit.add(i);
      continue;
    }
    roles.forEach((r, i) => {
      if (matches(pattern, r.arn, RESOURCE_PATTERN)) hit.add(i);
    });
  }
  return [...hit].sort((a, b) => a - b);
}

/** The services a role trusts (its trust policy's `Service` principals). */
function trustedServices(trust: { Statement: Array<{ Effect: string; Principal?: unknown }> } | undefined): string[] {
  const out: string[] = [];
  for (const st of trust?.Statement ?? []) {
    const p = st.Principal;
    if (st.Effect === "Allow" && p && typeof p === "object" && "Service" in p) {
      out.push(...((p as { Service?: string[] }).Service ?? []));
    }
  }
  return [...new Set(out)].sort();
}

export const passRoleToMorePrivileged: ModelRule = {
  scope: "model",
  meta: {
    id: "pass-role-to-more-privileged",
    severity: "security",
    category: "privilege-escalation",
    description: "A principal may pass a role that holds access the principal itself does not have.",
    explanation:
      "Passing a role to a service (a SageMaker notebook or training job, an EC2 instance, a Lambda function) " +
      "lets the code running there act as the role. If the role may do things the passer may not, the passer " +
      "gains them: a data scientist who passes an execution role with `s3:*` on every bucket can read every " +
      "bucket from a notebook. ai-iam compares, with the engine, every action the role is allowed (on " +
      "representative resources, and on each resource the role's statements name) with what the passer is " +
      "allowed. Fix: give the role no more than the " +
      "persons who pass it (ai-iam's per-team execution roles), or restrict `iam:PassRole` to roles that fit.",
    equivalents: { cloudsplaining: "PassRole (privilege escalation, related)" },
    messages: {
      morePrivileged:
        "{{passer}} may pass the role {{role}}, which is allowed {{count}} {{passer}} is not: {{actions}}",
    },
  },
  check({ model, accessOf, catalog }) {
    const out: Report[] = [];
    const roles = model.principals.filter((p) => p.kind === "role");
    const trustOf = new Map(model.policies.map((p) => [p.id, p]));
    const byArn = new Map<string, number[]>();
    roles.forEach((r, i) => {
      const list = byArn.get(r.arn) ?? [];
      list.push(i);
      byArn.set(r.arn, list);
    });
    // A resource policy may allow PassRole on its own: then every role is asked about.
    const anyResourcePolicy = model.resourcePolicies.length > 0;
    // Passers with the same PassRole patterns (a team's members) share the roles they may reach.
    const reachable = new Map<string, number[]>();
    for (const passer of model.principals) {
      const patterns = anyResourcePolicy ? "*" : passRolePatterns(model, passer.id);
      const key = patterns === "*" ? "*" : patterns.join("\n");
      let candidates = reachable.get(key);
      if (!candidates) {
        candidates = rolesMatching(roles, byArn, patterns);
        reachable.set(key, candidates);
      }
      if (candidates.length === 0) continue;
      const access = accessOf(passer.id);
      for (const index of candidates) {
        const role = roles[index];
        if (role.id === passer.id) continue;
        riskStats.passRolePairs++;
        // A service takes a passed role from the passer's own account only (an imported model may
        // hold several accounts). AWS: IAM User Guide, "Grant a user permissions to pass a role to
        // an AWS service".
        if ((role.account ?? model.account) !== (passer.account ?? model.account)) continue;
        const services = trustedServices(role.trustPolicy ? trustOf.get(role.trustPolicy)?.document : undefined);
        const contexts = services.length > 0 ? services.map((s) => ({ "iam:PassedToService": s })) : [{}];
        const canPass = contexts.some((context) => access.allows("iam:PassRole", { resource: role.arn, context }));
        if (!canPass) continue;
        const roleAccess = accessOf(role.id);
        const granted = grantedResources(model, role.id, catalog);
        const extra: string[] = [];
        for (const action of roleAccess.candidateActions()) {
          if (roleAccess.allows(action) && !access.allows(action)) {
            extra.push(action);
            continue;
          }
          for (const resource of granted.get(action) ?? []) {
            if (roleAccess.allows(action, { resource }) && !access.allows(action, { resource })) {
              extra.push(action);
              break;
            }
          }
        }
        if (extra.length === 0) continue;
        out.push({
          messageId: "morePrivileged",
          data: {
            passer: passer.name,
            role: role.name,
            count: plural(extra.length, "action"),
            actions: listSome(extra, 5),
          },
          principal: passer.id,
        });
      }
    }
    return out;
  },
};
