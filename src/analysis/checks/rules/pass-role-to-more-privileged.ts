import { policySetForPrincipal } from "../../../model/policy-set.js";
import type { AccessModel, ModelPrincipal } from "../../../model/types.js";
import { matches, RESOURCE_PATTERN } from "../../../policy/wildcard.js";
import { statementNames } from "../action-index.js";
import { roleComparison } from "../risk/compare.js";
import type { EffectiveAccess, ModelRule, Report } from "../types.js";
import { listSome, plural } from "../util.js";

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

/** A role a passer may pass, and the actions it adds. */
interface Passable {
  id: string;
  name: string;
  /** The role's index in the model's roles. */
  index: number;
  actions: readonly string[];
}

/**
 * The roles a group of alike passers may pass: those compared once for the group (sorted by
 * `byGain`), and those compared for each passer (indexes into the model's roles).
 */
interface PassGroup {
  shared: Passable[];
  sharedIds: Set<string>;
  personal: number[];
}

/** The roles adding the most first, then by name (code points), then in model order: the same order whatever the input's. */
function byGain(a: Passable, b: Passable): number {
  return b.actions.length - a.actions.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.index - b.index;
}

/** How many of the roles a passer may pass its finding names (the rest are counted). */
export const LISTED_ROLES = 5;
/** How many of the actions a listed role adds are named (the rest are counted). */
const LISTED_ACTIONS = 3;

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
      "allowed. One finding per passer: how many such roles it may pass, and the first " +
      `${LISTED_ROLES} (those adding the most actions first, then by name) with the actions they add. ` +
      "Fix: give the role no more than the " +
      "persons who pass it (ai-iam's per-team execution roles), or restrict `iam:PassRole` to roles that fit.",
    equivalents: { cloudsplaining: "PassRole (privilege escalation, related)" },
    messages: {
      morePrivileged: "{{passer}} may pass {{count}} allowed actions {{passer}} is not: {{roles}}",
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
    const accountOf = (p: ModelPrincipal) => p.account ?? model.account;
    // A resource policy may allow PassRole on its own: then every role is asked about.
    const anyResourcePolicy = model.resourcePolicies.length > 0;
    // What a role adds is compared once per class of passers and of roles (see `RoleComparison`).
    const compare = roleComparison(model, catalog, accessOf);
    /** Per passer class: whether it may pass each role (by index) to a service the role trusts. */
    const canPassOf = new Map<number, Map<number, boolean>>();
    const contextsOf = new Map<number, Record<string, string>[]>();
    const canPass = (pc: number, index: number, access: EffectiveAccess): boolean => {
      let byRole = canPassOf.get(pc);
      if (!byRole) {
        byRole = new Map();
        canPassOf.set(pc, byRole);
      }
      let yes = byRole.get(index);
      if (yes === undefined) {
        const role = roles[index];
        let contexts = contextsOf.get(index);
        if (!contexts) {
          const services = trustedServices(role.trustPolicy ? trustOf.get(role.trustPolicy)?.document : undefined);
          contexts = services.length > 0 ? services.map((s) => ({ "iam:PassedToService": s })) : [{}];
          contextsOf.set(index, contexts);
        }
        yes = contexts.some((context) => access.allows("iam:PassRole", { resource: role.arn, context }));
        byRole.set(index, yes);
      }
      return yes;
    };

    // Passers with the same PassRole patterns (a team's members) share the roles they may reach.
    const reachable = new Map<string, number[]>();
    const groups = new Map<string, PassGroup>();
    for (const passer of model.principals) {
      const patterns = anyResourcePolicy ? "*" : passRolePatterns(model, passer.id);
      const key = patterns === "*" ? "*" : patterns.join("\n");
      let candidates = reachable.get(key);
      if (!candidates) {
        candidates = rolesMatching(roles, byArn, patterns);
        reachable.set(key, candidates);
      }
      if (candidates.length === 0) continue;
      const pc = compare.classOf(passer.id);
      // Passers of one class, account and patterns may pass the same roles (but themselves).
      const groupKey = `${pc}\n${accountOf(passer)}\n${key}`;
      let group = groups.get(groupKey);
      if (!group) {
        const shared: Passable[] = [];
        const personal: number[] = [];
        const access = accessOf(passer.id);
        for (const index of candidates) {
          const role = roles[index];
          // A service takes a passed role from the passer's own account only (an imported model may
          // hold several accounts). AWS: IAM User Guide, "Grant a user permissions to pass a role to
          // an AWS service".
          if (accountOf(role) !== accountOf(passer)) continue;
          if (!canPass(pc, index, access)) continue;
          // A role whose comparison asks each passer itself (a trust policy may name the passer)
          // is compared for each passer of the group; the others once for the group.
          if (compare.personal(role.id)) {
            personal.push(index);
            continue;
          }
          const actions = compare.extraActions(passer.id, role.id);
          if (actions.length > 0) shared.push({ id: role.id, name: role.name, index, actions });
        }
        shared.sort(byGain);
        group = { shared, sharedIds: new Set(shared.map((r) => r.id)), personal };
        groups.set(groupKey, group);
      }
      const own: Passable[] = [];
      for (const index of group.personal) {
        const role = roles[index];
        const actions = compare.extraActions(passer.id, role.id);
        if (actions.length > 0) own.push({ id: role.id, name: role.name, index, actions });
      }
      own.sort(byGain);
      // A role does not pass itself.
      const self = group.sharedIds.has(passer.id) || own.some((r) => r.id === passer.id) ? 1 : 0;
      const count = group.shared.length + own.length - self;
      if (count === 0) continue;
      const listed: string[] = [];
      // The roles adding the most first, then by name (code points), then in model order: the two
      // sorted lists merged, as far as the finding names them.
      for (let i = 0, j = 0; listed.length < LISTED_ROLES && (i < group.shared.length || j < own.length); ) {
        const r =
          j >= own.length || (i < group.shared.length && byGain(group.shared[i], own[j]) < 0)
            ? group.shared[i++]
            : own[j++];
        if (r.id === passer.id) continue;
        listed.push(`${r.name} (${plural(r.actions.length, "action")}: ${listSome(r.actions, LISTED_ACTIONS)})`);
      }
      const more = count - listed.length;
      out.push({
        messageId: "morePrivileged",
        data: {
          passer: passer.name,
          count: plural(count, "role"),
          roles: more > 0 ? `${listed.join("; ")}; and ${plural(more, "more role", "more roles")}` : listed.join("; "),
        },
        principal: passer.id,
      });
    }
    return out;
  },
};
