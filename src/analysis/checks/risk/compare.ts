import { policySetForPrincipal } from "../../../model/policy-set.js";
import type { AccessModel, ModelPrincipal } from "../../../model/types.js";
import { isTrustPolicyAction } from "../../../policy/trust.js";
import { modelAccess } from "../../review/principal-access.js";
import { expand } from "../expand.js";
import { PROBE_NAME, probeResources } from "../probe.js";
import type { Catalog, EffectiveAccess } from "../types.js";
import { riskStats } from "./stats.js";

/**
 * What a role holds that a caller does not, asked for many (caller, role) pairs of a model: by
 * `pass-role-to-more-privileged` (every role a principal may pass) and by the escalation analysis
 * (whether acting as a role gains the caller anything). Both were a loop over the role's actions
 * per pair: 400 passers of an account of 2,000 roles made 800,000 pairs of engine questions.
 *
 * Here each role's allowed (action, resource) entries are computed once, and each comparison once
 * per class of callers and class of roles. Principals of one account with equal
 * `PrincipalAccess.contentSignature()` (equal documents, equal values for the context keys they
 * mention, the same kind, the ARN when it can matter) get the same decision for every request
 * that involves no trust policy; a request that does (an `sts:AssumeRole*` on one of the model's
 * roles, whose trust policy may name the caller) is *personal*: asked of each caller itself, and a
 * role that may make one is a class of its own.
 */
export class RoleComparison {
  private readonly owner;
  private readonly roleArns: Set<string>;
  private readonly principals: Map<string, ModelPrincipal>;
  private readonly classIds = new Map<string, number>();
  private readonly signatures = new Map<string, string>();
  /** Interned (action, resource) entries; resource `undefined`: the action's probe (in the role's account). */
  private readonly entryIds = new Map<string, number>();
  private readonly entryAction: string[] = [];
  private readonly entryResource: (string | undefined)[] = [];
  private readonly entryPersonal: boolean[] = [];
  /** The action is above the List access level (listing metadata is no escalation). */
  private readonly entryAboveList: boolean[] = [];
  /** Per role class: its allowed entries, grouped by action in the role's candidate order. */
  private readonly summaries = new Map<number, { entries: number[]; personal: boolean }>();
  private readonly roleClasses = new Map<string, number>();
  /** Per caller class: its decision on each entry (1 allowed, 2 not). */
  private readonly decided = new Map<number, number[]>();
  /** Per caller class, per role class: the role's extra actions, and whether it gains anything. */
  private readonly extras = new Map<number, Map<number, readonly string[]>>();
  private readonly gainsOf = new Map<number, Map<number, boolean>>();

  constructor(
    private readonly model: AccessModel,
    private readonly catalog: Catalog,
    private readonly accessOf: (id: string) => EffectiveAccess,
  ) {
    this.owner = modelAccess(model, catalog);
    this.principals = new Map(model.principals.map((p) => [p.id, p]));
    this.roleArns = new Set(model.principals.filter((p) => p.kind === "role").map((p) => p.arn));
  }

  private accountOf(p: ModelPrincipal): string {
    return p.account ?? this.model.account;
  }

  /** The class of principal `id`: shared with principals deciding alike, or (`alone`) its own. */
  classOf(id: string, alone = false): number {
    let key = `id\n${id}`;
    if (!alone) {
      let sig = this.signatures.get(id);
      if (sig === undefined) {
        const p = this.principals.get(id);
        sig = p ? `${this.accountOf(p)}\n${p.kind}\n${this.owner.principal(id).contentSignature()}` : key;
        this.signatures.set(id, sig);
      }
      key = sig;
    }
    let cls = this.classIds.get(key);
    if (cls === undefined) {
      cls = this.classIds.size;
      this.classIds.set(key, cls);
    }
    return cls;
  }

  private intern(action: string, resource: string | undefined, account: string): number {
    const key = resource === undefined ? action : `${action}\n${resource}`;
    let id = this.entryIds.get(key);
    if (id === undefined) {
      id = this.entryAction.length;
      this.entryIds.set(key, id);
      this.entryAction.push(action);
      this.entryResource.push(resource);
      this.entryPersonal.push(
        isTrustPolicyAction(action) &&
          (resource !== undefined
            ? this.roleArns.has(resource)
            : probeResources(this.catalog, action, this.model.partition, account).some((r) => this.roleArns.has(r))),
      );
      this.entryAboveList.push(this.catalog.action(action)?.accessLevel !== "List");
    }
    return id;
  }

  /** The class of role `roleId`, its summary computed on first use. */
  private roleClass(roleId: string): number {
    const known = this.roleClasses.get(roleId);
    if (known !== undefined) return known;
    const role = this.principals.get(roleId);
    const access = this.accessOf(roleId);
    const candidates = access.candidateActions();
    // A role that may assume roles is a class of its own: a trust policy may name it.
    const alone = !role || candidates.some((a) => a.startsWith("sts:") && isTrustPolicyAction(a));
    const cls = this.classOf(roleId, alone);
    if (!this.summaries.has(cls)) {
      const account = role ? this.accountOf(role) : this.model.account;
      const granted = grantedResources(this.model, roleId, this.catalog);
      const entries: number[] = [];
      for (const action of candidates) {
        if (access.allows(action)) entries.push(this.intern(action, undefined, account));
        for (const resource of granted.get(action) ?? []) {
          if (access.allows(action, { resource })) entries.push(this.intern(action, resource, account));
        }
      }
      let personal = false;
      for (const e of entries) personal ||= this.entryPersonal[e];
      this.summaries.set(cls, { entries, personal });
    }
    this.roleClasses.set(roleId, cls);
    return cls;
  }

  /** Whether caller `callerId` (of class `cc`) is allowed entry `e`. */
  private callerAllows(cc: number, callerId: string, e: number): boolean {
    const resource = this.entryResource[e];
    const opts = resource === undefined ? undefined : { resource };
    if (this.entryPersonal[e]) return this.accessOf(callerId).allows(this.entryAction[e], opts);
    let table = this.decided.get(cc);
    if (!table) {
      table = [];
      this.decided.set(cc, table);
    }
    let d = table[e];
    if (d === undefined) {
      d = this.accessOf(callerId).allows(this.entryAction[e], opts) ? 1 : 2;
      table[e] = d;
    }
    return d === 1;
  }

  /**
   * The actions role `roleId` is allowed that `callerId` is not, in the role's candidate order
   * (sorted): on their representative resources, or on a resource the role's statements name (a
   * role scoped to the team's dataset bucket holds access the probe resource would miss).
   */
  extraActions(callerId: string, roleId: string): readonly string[] {
    const cc = this.classOf(callerId);
    const rc = this.roleClass(roleId);
    const summary = this.summaries.get(rc)!;
    let byRole = this.extras.get(cc);
    if (!summary.personal) {
      const known = byRole?.get(rc);
      if (known) return known;
    }
    riskStats.passRolePairs++;
    const list: string[] = [];
    for (const e of summary.entries) {
      const action = this.entryAction[e];
      // Entries are grouped by action: one lacking is enough.
      if (list.length > 0 && list[list.length - 1] === action) continue;
      if (!this.callerAllows(cc, callerId, e)) list.push(action);
    }
    if (!summary.personal) {
      if (!byRole) {
        byRole = new Map();
        this.extras.set(cc, byRole);
      }
      byRole.set(rc, list);
    }
    return list;
  }

  /**
   * Whether role `roleId` is allowed some action above the List access level (on its
   * representative resources) that `callerId` is not: acting as it gains the caller something.
   */
  gains(callerId: string, roleId: string): boolean {
    const cc = this.classOf(callerId);
    const rc = this.roleClass(roleId);
    const summary = this.summaries.get(rc)!;
    let byRole = this.gainsOf.get(cc);
    if (!summary.personal) {
      const known = byRole?.get(rc);
      if (known !== undefined) return known;
    }
    let out = false;
    for (const e of summary.entries) {
      if (this.entryResource[e] !== undefined || !this.entryAboveList[e]) continue;
      if (!this.callerAllows(cc, callerId, e)) {
        out = true;
        break;
      }
    }
    if (!summary.personal) {
      if (!byRole) {
        byRole = new Map();
        this.gainsOf.set(cc, byRole);
      }
      byRole.set(rc, out);
    }
    return out;
  }
}

const comparisons = new WeakMap<(id: string) => EffectiveAccess, RoleComparison>();

/**
 * The comparison of a model's run: one per `accessOf` (the runner makes one per check of a
 * model, and hands the same to the model rules and the escalation analysis), so they share it.
 */
export function roleComparison(
  model: AccessModel,
  catalog: Catalog,
  accessOf: (id: string) => EffectiveAccess,
): RoleComparison {
  let c = comparisons.get(accessOf);
  if (!c) {
    c = new RoleComparison(model, catalog, accessOf);
    comparisons.set(accessOf, c);
  }
  return c;
}

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
