import { policySetForPrincipal } from "../../../model/policy-set.js";
import type { AccessModel, ModelPrincipal } from "../../../model/types.js";
import { isTrustPolicyAction } from "../../../policy/trust.js";
import type { NamedPolicy, PolicyDocument } from "../../../policy/types.js";
import { modelAccess } from "../../review/principal-access.js";
import { AccessCaches, createEffectiveAccess } from "../effective.js";
import { expand } from "../expand.js";
import { PROBE_NAME, probeResources } from "../probe.js";
import type { Catalog, EffectiveAccess } from "../types.js";
import { riskStats } from "./stats.js";
import type { Witness } from "./witness.js";

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
  /** Each document's own allowed entries (see `documentEntries`), by document and account. */
  private readonly documents = new WeakMap<PolicyDocument, Map<string, DocumentEntries>>();
  private readonly loneCaches: AccessCaches;
  /** The first principal with each ARN (as the model's runner finds a role by ARN). */
  private readonly byArn = new Map<string, ModelPrincipal>();
  /** `gainingTargets`, by witness list and caller class. */
  private readonly gainingOf = new WeakMap<readonly Witness[], Map<number, readonly { w: Witness; ask: boolean }[]>>();
  private loneCount = 0;

  constructor(
    private readonly model: AccessModel,
    private readonly catalog: Catalog,
    private readonly accessOf: (id: string) => EffectiveAccess,
  ) {
    this.owner = modelAccess(model, catalog);
    this.principals = new Map(model.principals.map((p) => [p.id, p]));
    this.roleArns = new Set(model.principals.filter((p) => p.kind === "role").map((p) => p.arn));
    this.loneCaches = new AccessCaches(catalog);
    for (const p of model.principals) if (!this.byArn.has(p.arn)) this.byArn.set(p.arn, p);
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
      const policies = policySetForPrincipal(this.model, roleId).identityPolicies;
      const entries = this.decomposable(access, policies)
        ? this.mergedEntries(access, policies, account)
        : this.ownEntries(roleId, access, account);
      let personal = false;
      for (const e of entries) personal ||= this.entryPersonal[e];
      this.summaries.set(cls, { entries, personal });
    }
    this.roleClasses.set(roleId, cls);
    return cls;
  }

  /** The role's allowed entries, asked of its own access. */
  private ownEntries(roleId: string, access: EffectiveAccess, account: string): number[] {
    const granted = grantedResources(this.model, roleId, this.catalog);
    const entries: number[] = [];
    for (const action of access.candidateActions()) {
      if (access.allows(action)) entries.push(this.intern(action, undefined, account));
      for (const resource of granted.get(action) ?? []) {
        if (access.allows(action, { resource })) entries.push(this.intern(action, resource, account));
      }
    }
    return entries;
  }

  /**
   * Whether the role's access is the union of its identity policies' own: nothing can restrict it
   * (no Deny, boundary, SCP, RCP; no resource policy in the model) and no statement has a condition
   * or a policy variable (a document alone then decides alike for any principal and context).
   */
  private decomposable(access: EffectiveAccess, policies: readonly NamedPolicy[]): boolean {
    if (this.model.resourcePolicies.length > 0 || policies.length < 2 || access.restricted()) return false;
    for (const p of policies) {
      for (const st of p.document.Statement ?? []) {
        if (st.Condition || st.Principal || st.NotPrincipal) return false;
        for (const list of [st.Action, st.NotAction, st.Resource, st.NotResource]) {
          if (list?.some((x) => x.includes("${"))) return false;
        }
      }
    }
    return true;
  }

  /**
   * A decomposable role's allowed entries from its documents' own (each computed once, however
   * many roles hold it: 1,000 roles sharing 10 managed policies): a request on one resource is
   * allowed when some document allows it. An action with several probe resources (every one must
   * be allowed, possibly by different documents) is asked of the role's own access, as is an
   * action a trust policy decides too.
   */
  private mergedEntries(access: EffectiveAccess, policies: readonly NamedPolicy[], account: string): number[] {
    const docs = policies.map((p) => this.documentEntries(p, account));
    const candidates = access.candidateActions();
    const fast = this.mergeAlone(docs, candidates);
    const entries: number[] = [];
    const seen = new Set<number>();
    for (let c = 0; c < candidates.length; c++) {
      const action = candidates[c];
      const alone = fast?.[c];
      if (alone) {
        for (const e of alone) entries.push(e);
        continue;
      }
      seen.clear();
      const push = (e: number) => {
        if (!seen.has(e)) {
          seen.add(e);
          entries.push(e);
        }
      };
      if (isTrustPolicyAction(action)) {
        // A trust policy decides too (it may name this role): asked of the role's own access.
        if (access.allows(action)) push(this.intern(action, undefined, account));
        for (const d of docs) {
          const named = [
            ...(d.resources.get(action) ?? []).map((e) => this.entryResource[e]!),
            ...(d.refused.get(action) ?? []),
          ];
          for (const resource of named) {
            if (access.allows(action, { resource })) push(this.intern(action, resource, account));
          }
        }
        continue;
      }
      if (probeResources(this.catalog, action, this.model.partition, account).length > 1) {
        if (access.allows(action)) push(this.intern(action, undefined, account));
      } else if (docs.some((d) => d.probe.has(action))) push(this.intern(action, undefined, account));
      for (const d of docs) {
        for (const e of d.resources.get(action) ?? []) push(e);
        // A resource one document names but does not allow itself (a `?` filled with the probe
        // name) may be allowed by another.
        for (const resource of d.refused.get(action) ?? []) {
          if (docs.some((o) => o !== d && o.lone.allows(action, { resource })))
            push(this.intern(action, resource, account));
        }
      }
    }
    return entries;
  }

  /**
   * For each of a role's candidate actions (sorted: the union of its documents' sorted lists), the
   * entries of the one document that names it when that document decides it alone (see
   * `DocumentEntries.alone`), else `undefined`: a merge of sorted lists, no lookup per action.
   * `undefined` for every action when the lists are not as expected.
   */
  private mergeAlone(
    docs: readonly DocumentEntries[],
    candidates: readonly string[],
  ): (readonly number[] | undefined)[] | undefined {
    const at = docs.map(() => 0);
    const out: (readonly number[] | undefined)[] = new Array(candidates.length);
    for (let c = 0; c < candidates.length; c++) {
      const action = candidates[c];
      let only = -1;
      let naming = 0;
      for (let k = 0; k < docs.length; k++) {
        const i = at[k];
        if (i < docs[k].sorted.length && docs[k].sorted[i] === action) {
          at[k] = i + 1;
          only = k;
          naming++;
        }
      }
      out[c] = naming === 1 ? docs[only].alone[at[only] - 1] : undefined;
    }
    // Every document's actions are among the role's: else ask each action the long way.
    return docs.every((d, k) => at[k] === d.sorted.length) ? out : undefined;
  }

  /** What one identity policy allows on its own, in `account`: its probes and named resources. */
  private documentEntries(policy: NamedPolicy, account: string): DocumentEntries {
    let byAccount = this.documents.get(policy.document);
    if (!byAccount) {
      byAccount = new Map();
      this.documents.set(policy.document, byAccount);
    }
    let out = byAccount.get(account);
    if (out) return out;
    const partition = this.model.partition;
    const lone = createEffectiveAccess(this.loneCaches, {
      principal: {
        id: policy.name ?? "",
        arn: `arn:${partition}:iam::${account}:role/${PROBE_NAME}`,
        account,
        partition,
      },
      identityPolicies: [policy],
      policyKey: `lone:${++this.loneCount}`,
      policySet: () => ({ identityPolicies: [policy] }),
      context: {},
      resourcePolicies: false,
      requestPrincipal: `arn:${partition}:sts::${account}:assumed-role/${PROBE_NAME}/session`,
      locate: () => ({}),
    });
    const sorted = lone.candidateActions();
    out = { lone, sorted, alone: [], probe: new Set(), resources: new Map(), refused: new Map() };
    const granted = grantedOf(policy, this.catalog);
    for (const action of sorted) {
      if (lone.allows(action)) out.probe.add(action);
      for (const resource of granted.get(action) ?? []) {
        if (lone.allows(action, { resource })) {
          const list = out.resources.get(action) ?? [];
          list.push(this.intern(action, resource, account));
          out.resources.set(action, list);
        } else {
          const list = out.refused.get(action) ?? [];
          list.push(resource);
          out.refused.set(action, list);
        }
      }
    }
    for (const action of sorted) {
      const simple =
        !isTrustPolicyAction(action) && probeResources(this.catalog, action, partition, account).length <= 1;
      const own = out.resources.get(action) ?? [];
      out.alone.push(
        simple ? (out.probe.has(action) ? [this.intern(action, undefined, account), ...own] : own) : undefined,
      );
    }
    byAccount.set(account, out);
    return out;
  }

  /** Whether comparing with role `roleId` asks each caller itself (a trust policy may name it). */
  personal(roleId: string): boolean {
    return this.summaries.get(this.roleClass(roleId))!.personal;
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
    return this.perClasses(this.extras, cc, rc, summary.personal, () => {
      riskStats.passRolePairs++;
      const list: string[] = [];
      for (const e of summary.entries) {
        const action = this.entryAction[e];
        // Entries are grouped by action: one lacking is enough.
        if (list.length > 0 && list[list.length - 1] === action) continue;
        if (!this.callerAllows(cc, callerId, e)) list.push(action);
      }
      return list;
    });
  }

  /**
   * Whether role `roleId` is allowed some action above the List access level (on its
   * representative resources) that `callerId` is not: acting as it gains the caller something.
   */
  gains(callerId: string, roleId: string): boolean {
    const cc = this.classOf(callerId);
    const rc = this.roleClass(roleId);
    const summary = this.summaries.get(rc)!;
    return this.perClasses(this.gainsOf, cc, rc, summary.personal, () =>
      summary.entries.some(
        (e) => this.entryResource[e] === undefined && this.entryAboveList[e] && !this.callerAllows(cc, callerId, e),
      ),
    );
  }

  /**
   * `gains` for one caller, asked for many roles (the escalation analysis asks it of every role
   * of the model a passer may pass): the caller's class is looked up once, and a role class's
   * answer is read from an array (a Map of strings per caller was most of the cost: 400 passers
   * × 2,000 roles).
   */
  gainsFor(callerId: string): (roleId: string) => boolean {
    const cc = this.classOf(callerId);
    let byRole = this.gainsOf.get(cc);
    if (!byRole) {
      byRole = new Map();
      this.gainsOf.set(cc, byRole);
    }
    const known = byRole;
    // A personal comparison (asked of this caller itself) is remembered for this caller only.
    const personal = new Map<number, boolean>();
    return (roleId) => {
      const rc = this.roleClass(roleId);
      let out = known.get(rc) ?? personal.get(rc);
      if (out === undefined) {
        out = this.gains(callerId, roleId);
        if (this.summaries.get(rc)!.personal) personal.set(rc, out);
      }
      return out;
    };
  }

  /**
   * The witnesses of `list` acting as which may gain caller `callerId` something (see
   * `RiskWorld.gainingTargets`): a witness that is no principal of the model stays (its gain is
   * unknown); a role whose comparison is personal stays, marked to be asked of each caller.
   * Remembered per list and class of callers.
   */
  gainingTargets(callerId: string, list: readonly Witness[]): readonly { w: Witness; ask: boolean }[] {
    const cc = this.classOf(callerId);
    let byClass = this.gainingOf.get(list);
    if (!byClass) {
      byClass = new Map();
      this.gainingOf.set(list, byClass);
    }
    let out = byClass.get(cc);
    if (!out) {
      const found: { w: Witness; ask: boolean }[] = [];
      for (const w of list) {
        const role = this.byArn.get(w.arn);
        if (!role) {
          found.push({ w, ask: false });
          continue;
        }
        const rc = this.roleClass(role.id);
        if (this.summaries.get(rc)!.personal) found.push({ w, ask: true });
        else if (this.gains(callerId, role.id)) found.push({ w, ask: false });
      }
      out = found;
      byClass.set(cc, out);
    }
    return out;
  }

  /**
   * `compute()`, remembered in `table` for the caller class `cc` and role class `rc` — unless the
   * role's entries are personal (a trust policy decides one), when it is asked for each caller.
   */
  private perClasses<T>(
    table: Map<number, Map<number, T>>,
    cc: number,
    rc: number,
    personal: boolean,
    compute: () => T,
  ): T {
    if (personal) return compute();
    let byRole = table.get(cc);
    if (!byRole) {
      byRole = new Map();
      table.set(cc, byRole);
    }
    let out = byRole.get(rc);
    if (out === undefined) {
      out = compute();
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
  for (const p of policySetForPrincipal(model, roleId).identityPolicies) addGranted(out, p, catalog);
  return out;
}

/** `grantedResources` of one policy. */
function grantedOf(policy: NamedPolicy, catalog: Catalog): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  addGranted(out, policy, catalog);
  return out;
}

function addGranted(out: Map<string, Set<string>>, p: NamedPolicy, catalog: Catalog): void {
  for (const st of p.document.Statement ?? []) {
    if (st.Effect !== "Allow" || !st.Action || !st.Resource) continue;
    // "*" is the probe's own case; a variable names the caller's resource, not the role's.
    const arns = st.Resource.filter((r) => r !== "*" && !r.includes("${")).map((r) => r.replace(/[*?]+/g, PROBE_NAME));
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

/** One document's own decisions: the actions whose probe it allows, the resources it allows, and refuses. */
interface DocumentEntries {
  lone: EffectiveAccess;
  /** The actions it names (its candidate actions, sorted): no other can be allowed by it. */
  sorted: readonly string[];
  /**
   * Per action of `sorted`: its entries when no other document of the role names the action, one
   * probe resource stands for it and no trust policy decides it too (its probe, then its
   * resources); `undefined` otherwise.
   */
  alone: (readonly number[] | undefined)[];
  probe: Set<string>;
  /** Entry ids by action. */
  resources: Map<string, number[]>;
  /** Named resources the document alone does not allow, by action. */
  refused: Map<string, string[]>;
}
