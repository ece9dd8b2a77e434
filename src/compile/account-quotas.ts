import type { Diagnostic } from "../diagnostics/index.js";
import { teamPersonas } from "../input/team-spec/principals.js";
import type { Spec } from "../input/team-spec/types.js";
import { type AccountQuota, type AccountQuotaName, AccountQuotas } from "../model/quota.js";
import type { AccessModel } from "../model/types.js";
import type { ActivityLibrary } from "./library.js";

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

/**
 * What the spec alone says the account will hold at least (nothing is compiled). With a library
 * that `alwaysGrants`, each execution role, and each persona's group or role, holds at least one
 * customer managed policy (a permission set's first statements are its inline policy).
 */
export function lowerBoundCounts(spec: Spec, library?: Pick<ActivityLibrary, "alwaysGrants">): AccountCounts {
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
    // The boundary, and with such a library the execution role's policy and each group's or role's.
    const granted = library?.alwaysGrants ? 1 + (spec.identity === "identity-center" ? 0 : personas) : 0;
    counts.customerManagedPolicies.push([t, 1 + granted]);
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
export function accountQuotaDiagnostics(
  spec: Spec,
  counts: AccountCounts,
  exact: boolean,
  compiledThrough?: string,
): Diagnostic[] {
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
    let beyond = at.team ? ` Team "${at.team}" is the first beyond the limit.` : "";
    let location = at.location;
    // Beyond the limit only with the lower bound of the teams not compiled: which team is the first
    // beyond it is not known, so the message says what is, at the last team compiled.
    if (compiledThrough !== undefined && at.team !== undefined && at.team > compiledThrough) {
      const compiled = perTeam.filter(([t]) => t <= compiledThrough);
      const sum = (xs: Array<[string, number]>) => xs.reduce((n, [, c]) => n + c, 0);
      const after = perTeam.length - compiled.length;
      beyond =
        ` The teams through "${compiledThrough}" create ${number(sum(compiled))}, and the ${number(after)} ` +
        `after it at least ${number(total - sum(compiled))} more.`;
      location = spec.locations.get(`teams.${compiledThrough}`) ?? {};
    } else if (compiledThrough === undefined && !exact && name === "customerManagedPolicies" && at.team) {
      // Before compiling, a team's policies are known only as the least it creates: the limit is
      // passed by that team at the latest.
      beyond = ` Counting the least each team creates, the limit is passed at team "${at.team}".`;
    }
    out.push({
      code: "compile-account-quota",
      severity: "error",
      message: `${message}${beyond}`,
      ...location,
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
 * The exact counts of the teams compiled so far (in name order), while compiling, and a lower
 * bound of those not compiled yet: once the two together exceed a quota — AWS's most, or the
 * spec's declared one — the spec cannot fit, whatever the remaining teams turn out to create.
 */
export class CountsSoFar {
  private readonly counts: AccountCounts = {};
  private readonly totals = new Map<AccountQuotaName, number>();
  /** Per quota, the lower bound of the teams not compiled yet. */
  private readonly rest = new Map<AccountQuotaName, number>();
  /** Per quota, each team's lower bound. */
  private readonly bound = new Map<AccountQuotaName, Map<string, number>>();

  /** `lowerBound`: at least what each team creates (`lowerBoundCounts`, or a closer bound). */
  constructor(private readonly lowerBound: AccountCounts) {
    for (const name of Object.keys(lowerBound) as AccountQuotaName[]) {
      const perTeam = new Map(lowerBound[name] ?? []);
      this.bound.set(name, perTeam);
      let sum = 0;
      for (const n of perTeam.values()) sum += n;
      this.rest.set(name, sum);
    }
  }

  /** Adds a compiled team's exact counts (teams in name order). */
  add(team: string, counts: AccountCounts): void {
    for (const [name, perTeam] of this.bound) {
      const n = perTeam.get(team);
      if (n !== undefined) this.rest.set(name, (this.rest.get(name) ?? 0) - n);
    }
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
   * The quotas exceeded by the teams compiled so far (through `last`) with the lower bound of the
   * rest, each as the exact counts so far, then the lower bound of each team after `last`:
   * `accountQuotaDiagnostics(spec, counts, false, last)` reports "at least" that many, located at
   * the first team beyond the limit when the compiled teams alone are beyond it, else at `last`.
   * Undefined while none is.
   */
  exceeded(spec: Spec, last: string): AccountCounts | undefined {
    let out: AccountCounts | undefined;
    for (const name of Object.keys(AccountQuotas) as AccountQuotaName[]) {
      const total = (this.totals.get(name) ?? 0) + (this.rest.get(name) ?? 0);
      const q: AccountQuota = AccountQuotas[name];
      const own = spec.quotas?.[name];
      if ((q.max !== undefined && total > q.max) || (own !== undefined && total > own)) {
        out ??= {};
        out[name] = [...(this.counts[name] ?? []), ...(this.lowerBound[name] ?? []).filter(([t]) => t > last)];
      }
    }
    return out;
  }
}
