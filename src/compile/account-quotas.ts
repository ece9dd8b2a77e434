import type { Diagnostic } from "../diagnostics/index.js";
import { teamPersonas } from "../input/team-spec/load.js";
import type { Spec } from "../input/team-spec/types.js";
import { type AccountQuota, type AccountQuotaName, AccountQuotas } from "../model/quota.js";
import type { AccessModel } from "../model/types.js";

/**
 * Account-level quotas (README, "Account quotas"): how many users, groups, roles, customer managed
 * policies and permission sets the spec creates in its one account, against what AWS allows there.
 *
 * - above the most AWS allows (users: 5,000, not adjustable; groups: 500 at most, ...): an error,
 *   located at the first team (in name order) beyond the limit;
 * - above the quota the spec declares it has (`quotas:`, after a granted increase): an error;
 * - above the default quota, with none declared: a warning to request an increase (Service Quotas)
 *   and declare it, since the account may already have one.
 *
 * Counted twice: before compiling, a lower bound read from the spec alone (members, teams ×
 * personas, one boundary per team), so that a spec that certainly cannot fit fails at once, without
 * compiling thousands of policies; after compiling, exactly, from the model.
 */

/** Per quota, what each team contributes, in team-name order. */
export type AccountCounts = Partial<Record<AccountQuotaName, Array<[team: string, count: number]>>>;

/** What the spec alone says the account will hold at least (nothing is compiled). */
export function lowerBoundCounts(spec: Spec): AccountCounts {
  const counts: Required<AccountCounts> = {
    users: [],
    groups: [],
    roles: [],
    customerManagedPolicies: [],
    permissionSets: [],
    provisionedPermissionSets: [],
  };
  for (const t of Object.keys(spec.teams).sort()) {
    const team = spec.teams[t];
    const personas = teamPersonas(team).length;
    // Every team has an execution role and a boundary, whatever it is granted.
    let roles = 1;
    if (spec.identity === "iam-users") {
      counts.users.push([t, Object.keys(team.members).length]);
      counts.groups.push([t, personas]);
    } else if (spec.identity === "iam-roles") {
      roles += personas;
    } else {
      counts.permissionSets.push([t, personas]);
      counts.provisionedPermissionSets.push([t, personas]);
      roles += personas;
    }
    counts.roles.push([t, roles]);
    counts.customerManagedPolicies.push([t, 1]);
  }
  return counts;
}

/** What the compiled model (or the teams of it compiled so far) creates, exactly. */
export function modelCounts(model: Pick<AccessModel, "principals" | "groups" | "policies">): AccountCounts {
  const perTeam = new Map<AccountQuotaName, Map<string, number>>();
  const add = (quota: AccountQuotaName, team: string) => {
    let m = perTeam.get(quota);
    if (!m) {
      m = new Map();
      perTeam.set(quota, m);
    }
    m.set(team, (m.get(team) ?? 0) + 1);
  };
  for (const p of model.principals) {
    const team = p.team ?? "";
    if (p.kind === "user") add("users", team);
    else if (p.kind === "role") add("roles", team);
    else {
      add("permissionSets", team);
      add("provisionedPermissionSets", team);
      add("roles", team);
    }
  }
  for (const g of model.groups) add("groups", g.team ?? "");
  for (const p of model.policies) {
    // A team's policies have ids `<team>/...`.
    if (p.kind === "managed" || p.kind === "boundary") add("customerManagedPolicies", p.id.split("/", 1)[0]);
  }
  const out: AccountCounts = {};
  for (const [quota, m] of perTeam) out[quota] = [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return out;
}

const HINTS: Record<AccountQuotaName, string> = {
  users:
    "An IAM user is created per member: for this many people use identity: identity-center (or iam-roles), " +
    "or split the teams over several accounts (one spec per account).",
  groups:
    "A group is created per team and persona in use: use identity: identity-center or iam-roles, fewer " +
    "personas per team, or split the teams over several accounts (one spec per account).",
  roles:
    "A role is created per team (its execution role) and, with iam-roles or identity-center, per team and " +
    "persona in use: use fewer personas per team, or split the teams over several accounts (one spec per account).",
  customerManagedPolicies:
    "Each team's boundary and its principals' packed policies are customer managed policies: give personas " +
    "fewer activities and datasets, or split the teams over several accounts (one spec per account).",
  permissionSets:
    "A permission set is created per team and persona in use: use fewer personas per team, or share personas " +
    "across teams in another organization's spec.",
  provisionedPermissionSets:
    "A permission set is created per team and persona in use: use fewer personas per team, or split the teams " +
    "over several accounts (one spec per account).",
};

const number = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

/**
 * The diagnostics of the counts against AWS's quotas and the spec's declared ones. `exact` counts
 * also warn above a default quota; a lower bound only reports what certainly cannot fit.
 */
export function accountQuotaDiagnostics(spec: Spec, counts: AccountCounts, exact: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declared = spec.quotas ?? {};
  for (const name of Object.keys(AccountQuotas) as AccountQuotaName[]) {
    const perTeam = counts[name];
    if (!perTeam || perTeam.length === 0) continue;
    const q: AccountQuota = AccountQuotas[name];
    const total = perTeam.reduce((n, [, c]) => n + c, 0);
    const own = declared[name];
    const where = name === "permissionSets" ? "in the Identity Center instance" : `in account ${spec.account}`;
    const creates = `The spec creates ${exact ? "" : "at least "}${number(total)} ${q.noun} ${where}`;
    const label = `"${q.label}"`;
    const page = `(${q.page})`;
    let limit: number | undefined;
    let message: string | undefined;
    let hint = HINTS[name];
    if (q.max !== undefined && total > q.max) {
      limit = q.max;
      message =
        q.max === q.default
          ? `${creates}; AWS allows at most ${number(q.max)}: ${label}, not adjustable ${page}.`
          : `${creates}; AWS allows at most ${number(q.max)}: ${label}, ${number(q.default)} by default, raised on request up to ${number(q.max)} ${page}.`;
    } else if (own !== undefined && total > own) {
      limit = own;
      message = `${creates}; the spec declares the account's quota as ${number(own)} (quotas.${name}): ${label} ${page}.`;
      hint = `Request an increase in Service Quotas and raise quotas.${name} once it is granted; or: ${lowerFirst(hint)}`;
    } else if (exact && own === undefined && total > q.default) {
      out.push({
        code: "compile-account-quota-default",
        severity: "warning",
        message:
          `${creates}, above the default quota of ${number(q.default)}: ${label}, ` +
          (q.max !== undefined ? `raised on request up to ${number(q.max)} ${page}.` : `raised on request ${page}.`),
        ...teamLocation(spec, perTeam, q.default).location,
        hint:
          `Request an increase to at least ${number(total)} in Service Quotas before deploying (plus what the ` +
          `account already holds), then declare it: quotas: { ${name}: ${total} }.`,
      });
      continue;
    }
    if (message === undefined || limit === undefined) continue;
    const at = teamLocation(spec, perTeam, limit);
    out.push({
      code: "compile-account-quota",
      severity: "error",
      message: `${message}${at.team ? ` Team "${at.team}" is the first beyond the limit.` : ""}`,
      ...at.location,
      hint,
    });
  }
  return out;
}

/** A declared quota above what AWS grants is a mistake (or a quota AWS has since changed): an error at it. */
export function declaredQuotaDiagnostics(spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const name of Object.keys(spec.quotas ?? {}).sort() as AccountQuotaName[]) {
    const value = spec.quotas?.[name];
    const q: AccountQuota | undefined = AccountQuotas[name];
    if (value === undefined || q?.max === undefined || value <= q.max) continue;
    out.push({
      code: "compile-account-quota",
      severity: "error",
      message:
        `quotas.${name} is ${number(value)}, but AWS raises "${q.label}" to at most ${number(q.max)}` +
        `${q.max === q.default ? " (not adjustable)" : ""} (${q.page}).`,
      ...(spec.locations.get(`quotas.${name}`) ?? spec.locations.get("quotas") ?? {}),
      hint: `Declare the quota Service Quotas shows for the account (at most ${number(q.max)}).`,
    });
  }
  return out;
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** The first team (in name order) whose entities cross `limit`, and where it is written. */
function teamLocation(spec: Spec, perTeam: Array<[string, number]>, limit: number) {
  let sum = 0;
  for (const [team, n] of perTeam) {
    sum += n;
    if (sum > limit) return { team, location: spec.locations.get(`teams.${team}`) ?? {} };
  }
  return { team: undefined, location: spec.locations.get("teams") ?? {} };
}

/**
 * The exact counts of the teams compiled so far (in name order), while compiling: once they alone
 * exceed a quota — AWS's most, or the spec's declared one — the spec cannot fit, whatever the
 * remaining teams add.
 */
export class CountsSoFar {
  private readonly counts: AccountCounts = {};
  private readonly totals = new Map<AccountQuotaName, number>();

  /** Adds the next team's exact counts. */
  add(counts: AccountCounts): void {
    for (const name of Object.keys(counts) as AccountQuotaName[]) {
      for (const entry of counts[name] ?? []) {
        const list = this.counts[name] ?? [];
        list.push(entry);
        this.counts[name] = list;
        this.totals.set(name, (this.totals.get(name) ?? 0) + entry[1]);
      }
    }
  }

  /**
   * The quotas exceeded so far, each with the counts so far and then the lower bound of the teams
   * not compiled (`lowerBoundCounts`, those after `last`): `accountQuotaDiagnostics(spec, counts,
   * false)` reports "at least" that many and locates each exactly (the first team beyond the limit
   * is among those compiled). Undefined while none is.
   */
  exceeded(spec: Spec, lowerBound: AccountCounts, last: string): AccountCounts | undefined {
    let out: AccountCounts | undefined;
    for (const [name, total] of this.totals) {
      const q: AccountQuota = AccountQuotas[name];
      const own = spec.quotas?.[name];
      if ((q.max !== undefined && total > q.max) || (own !== undefined && total > own)) {
        out ??= {};
        out[name] = [...(this.counts[name] ?? []), ...(lowerBound[name] ?? []).filter(([t]) => t > last)];
      }
    }
    return out;
  }
}
