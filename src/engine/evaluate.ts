/**
 * Deciding a request against a compiled policy set, as AWS documents it (IAM User Guide, "Policy
 * evaluation logic", "How AWS enforcement code logic evaluates requests to allow or deny access",
 * "Cross-account policy evaluation logic", "Permissions boundaries for IAM entities", and the AWS
 * Organizations pages on SCPs and RCPs):
 *
 * 1. An explicit Deny in any applicable policy wins.
 * 2. RCPs: `RCPFullAWSAccess` is attached at every level and cannot be detached, so RCPs restrict
 *    only through Deny (step 1); their Allow statements are not required.
 * 3. SCPs: every level, root to account, must allow (service-linked roles and service principals are exempt).
 * 4. The resource policy. Key policies (KMS keys) and role trust policies (`sts:AssumeRole*`,
 *    `sts:TagSession`, `sts:SetSourceIdentity`, `sts:SetContext`) must allow, directly or by naming
 *    the account; when such a policy is not given the request is decided without its grant
 *    (implicitly denied) and the explanation says so.
 *    Same account: a grant naming the user, the role session, the federated user, a service or
 *    `*` allows on its own; a grant naming the session's role is still limited by the boundary
 *    and session policy; a grant naming the account delegates to the identity policies.
 *    Cross-account: the resource policy must grant and the principal's own policies must allow.
 * 5. Identity policies must allow (unless the resource policy granted on its own); the account
 *    root user needs none.
 * 6. Every permissions boundary must allow.
 * 7. For session principals, the session policy must allow; a federated user session without a
 *    session policy is implicitly denied.
 */
import { DiagnosticsError } from "../diagnostics/index.js";
import type { AccessRequest } from "../policy/policy-set.js";
import { isTrustPolicyAction } from "../policy/trust.js";
import { AffixIndex } from "../util/affix-index.js";
import type { CompiledPolicySet, CompiledStatement } from "./compile.js";
import { checkRequest, RequestScope, resourceAccountIs, resourceAccountOf } from "./context.js";
import {
  GRANT_DIRECT,
  GRANT_NONE,
  GRANT_ROLE,
  notPrincipalExcludes,
  PRINCIPAL_EXAMPLES,
  type PrincipalInfo,
  parsePrincipal,
  principalGrant,
  principalProblem,
} from "./principal.js";
import type { EvaluateOptions, EvaluationResult, Evaluator, MatchedStatement, MissingAllow } from "./types.js";

const ALLOWED: EvaluationResult = Object.freeze({ decision: "Allowed" });
const EXPLICITLY_DENIED: EvaluationResult = Object.freeze({ decision: "ExplicitlyDenied" });
const IMPLICITLY_DENIED: EvaluationResult = Object.freeze({ decision: "ImplicitlyDenied" });

/** The statements whose actions match one action, by layer. */
interface ActionPlan {
  /** The statements' indices in the set, ascending (what plans are shared by). */
  indices: number[];
  denies: CompiledStatement[];
  identity: CompiledStatement[];
  resource: CompiledStatement[];
  boundaries: CompiledStatement[][];
  scps: CompiledStatement[][];
  session: CompiledStatement[];
  /** Which mandatory resource policy this action needs: "" none, "trust", "kms". */
  mandatory: "" | "trust" | "kms";
  /** Large plans: the plan's statements by the literal prefixes of their resource patterns (`narrow`). */
  byResource?: ResourceIndex;
}

/** Positions in a plan's `indices` by resource prefix, and the plans narrowed to one resource. */
interface ResourceIndex {
  any: number[];
  byPrefix: Map<string, number[]>;
  lengths: number[];
  narrowed: Map<string, ActionPlan>;
}

function mandatoryFor(lowerAction: string): "" | "trust" | "kms" {
  if (isTrustPolicyAction(lowerAction)) return "trust";
  if (lowerAction.startsWith("kms:")) return "kms";
  return "";
}

/** A plan by what was tested for an action: the candidate statements and those that matched. */
interface Tested {
  candidates: readonly number[];
  matched: readonly number[];
  plan: ActionPlan;
}

/** The layers' verdicts for one request, before they are combined. */
interface Verdicts {
  scpFailedLevels: number[];
  grant: number;
  identity: boolean;
  boundaryFailed: number[];
  session: boolean;
}

function sameIndices(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The statements an action matches (their indices, ascending) by the policy set's `actionsKey` and
 * the RCP services: they depend on nothing else (each statement's `Action`/`NotAction`, layer and
 * effect), so evaluators of sets that differ only in resources and conditions (a persona's
 * policies in each team) find them once. Bounded: cleared when it holds too many actions.
 */
const matchesBySet = new Map<string, Map<string, readonly number[]>>();
let matchesHeld = 0;
const MATCHES_LIMIT = 200_000;
const MATCHES_SETS_LIMIT = 4096;

function sharedMatches(
  actionsKey: string,
  rcpServices: ReadonlySet<string> | undefined,
): Map<string, readonly number[]> {
  const key = `${rcpServices ? [...rcpServices].sort().join(",") : "*"}#${actionsKey}`;
  let m = matchesBySet.get(key);
  if (!m) {
    if (matchesHeld >= MATCHES_LIMIT || matchesBySet.size >= MATCHES_SETS_LIMIT) {
      matchesBySet.clear();
      matchesHeld = 0;
    }
    m = new Map();
    matchesBySet.set(key, m);
    // A set of 20,000 statements has a long key: counted too.
    matchesHeld += key.length / 64;
  }
  return m;
}

function rememberMatches(m: Map<string, readonly number[]>, lower: string, indices: readonly number[]): void {
  if (matchesHeld >= MATCHES_LIMIT) {
    // Evaluators keep the maps they hold (now apart from the table): each stays correct for its own set.
    matchesBySet.clear();
    matchesHeld = 0;
  }
  m.set(lower, indices);
  matchesHeld += 1 + indices.length / 8;
}

/** Plans of fewer statements are decided afresh each time; larger ones remember `MEMO_SIZE` requests. */
const MEMO_THRESHOLD = 64;
const MEMO_SIZE = 256;

/**
 * Statements by the literal affixes of their action patterns (`affixes`: text before the first
 * and after the last wildcard): those of `Action`, and those of `NotAction` (tested for the
 * actions they may exclude; every other action they match untested).
 */
interface StatementIndex {
  /** Statements to test for every action (a pattern with no literal text at either end). */
  any: number[];
  byAffixes: AffixIndex;
  /**
   * Statements that match, untested, every action they are not candidates for, ascending:
   * NotAction statements (indexed by their affixes) and statements of `"Action": "*"` (indexed
   * nowhere: they match every action).
   */
  untested: number[];
}

/** Policy sets with fewer statements test each one per action: no index. */
const INDEX_THRESHOLD = 64;

/** Plans of at least this many statements are narrowed to the statements that can name the resource. */
const RESOURCE_INDEX_THRESHOLD = 32;
/** Narrowed plans remembered per plan (by resource). */
const NARROWED_SIZE = 256;

export class CompiledEvaluator implements Evaluator {
  private readonly plans = new Map<string, ActionPlan>();
  /** Plans by the indices of their statements (and the mandatory policy): shared between actions. */
  private readonly shared = new Map<string, ActionPlan[]>();
  private readonly matched: number[] = [];
  /** Decisions of large plans by the rest of the request (`evaluate`), a few per plan. */
  private readonly decided = new WeakMap<ActionPlan, Map<string, EvaluationResult>>();
  /** Statements by the literal prefixes of their action patterns (`candidates`), built on first use. */
  private index?: StatementIndex;
  /**
   * Plans of actions by what was tested for them, when the set has statements that match
   * untested (`StatementIndex.untested`: NotAction, `"Action": "*"`): actions whose tests agree
   * share the plan without a pass over those statements (10,000 NotAction statements, or 20,000
   * of `"Action": "*"`, asked about every catalog action).
   */
  private readonly byTests = new Map<string, Tested[]>();
  private readonly principals = new Map<string, PrincipalInfo>();
  /** The statements each action matches (by index), shared with evaluators of the same `actionsKey`. */
  private actionMatches?: Map<string, readonly number[]>;
  private readonly scope = new RequestScope();
  private readonly verdicts: Verdicts = {
    scpFailedLevels: [],
    grant: 0,
    identity: false,
    boundaryFailed: [],
    session: true,
  };

  constructor(
    private readonly set: CompiledPolicySet,
    private readonly cacheSize = 50_000,
    /** Lower-cased service prefixes RCPs apply to; undefined: every service. */
    private readonly rcpServices?: ReadonlySet<string>,
  ) {}

  private plan(action: string): ActionPlan {
    let plan = this.plans.get(action);
    if (plan !== undefined) return plan;
    const lower = action.toLowerCase();
    const mandatory = mandatoryFor(lower);
    // What another evaluator of the same statements' actions found for this action.
    this.actionMatches ??= sharedMatches(this.set.actionsKey, this.rcpServices);
    const known = this.actionMatches.get(lower);
    if (known !== undefined) {
      plan = this.sharedPlan(known, mandatory);
      if (this.plans.size >= this.cacheSize) this.plans.clear();
      this.plans.set(action, plan);
      return plan;
    }
    plan = this.planNow(action, lower, mandatory);
    rememberMatches(this.actionMatches, lower, plan.indices);
    return plan;
  }

  private planNow(action: string, lower: string, mandatory: ActionPlan["mandatory"]): ActionPlan {
    let plan: ActionPlan;
    const rcpsApply = !this.rcpServices || this.rcpServices.has(lower.slice(0, lower.indexOf(":")));
    // The statements whose actions match, by index: most actions of a policy set share their plan
    // (none, or the same few statements), so a plan is built once per distinct list and shared —
    // an evaluator asked about thousands of actions keeps a few plans, not six arrays per action.
    const statements = this.set.statements;
    const matched = this.matched;
    matched.length = 0;
    // Only the statements that can name the action are tested (by the literal text of their
    // patterns before the first wildcard): a policy set of 10,000 statements asked about every
    // action of the catalog tests each action against the few that may match, not all 10,000.
    const candidates = this.candidates(lower);
    const n = candidates ? candidates.length : statements.length;
    for (let c = 0; c < n; c++) {
      const i = candidates ? candidates[c] : c;
      const st = statements[i];
      if (!st.action(lower)) continue;
      if (st.layer === "rcp" && (!rcpsApply || st.effect !== "Deny")) continue; // AWS: RCPs apply only to the services that support them, and restrict only through Deny.
      matched.push(i);
    }
    const untested = candidates ? this.index?.untested : undefined;
    let testsKey: string | undefined;
    let tested: Omit<Tested, "plan"> | undefined;
    if (candidates && untested && untested.length > 0) {
      // The untested statements that are not candidates match the action: the plan depends only
      // on what was tested (and on the RCP services), so it is looked up by that. Keyed by a hash
      // of both lists, compared in full on a hit (no string of thousands of indices per action).
      let hash = mandatory === "" ? 1 : mandatory === "kms" ? 2 : 3;
      for (let j = 0; j < candidates.length; j++) hash = (Math.imul(hash, 31) + candidates[j]) | 0;
      for (let j = 0; j < matched.length; j++) hash = (Math.imul(hash, 37) + matched[j]) | 0;
      testsKey = `${hash}:${rcpsApply ? 1 : 0}:${candidates.length}:${matched.length}`;
      const hit = this.byTests
        .get(testsKey)
        ?.find(
          (t) =>
            t.plan.mandatory === mandatory && sameIndices(t.candidates, candidates) && sameIndices(t.matched, matched),
        );
      if (hit !== undefined) {
        if (this.plans.size >= this.cacheSize) this.plans.clear();
        this.plans.set(action, hit.plan);
        return hit.plan;
      }
      tested = { candidates, matched: matched.slice() };
      this.withUntested(candidates, untested, rcpsApply);
    }
    plan = this.sharedPlan(matched, mandatory);
    if (testsKey !== undefined && tested !== undefined) {
      if (this.byTests.size >= this.cacheSize) this.byTests.clear();
      const entry: Tested = { ...tested, plan };
      const list = this.byTests.get(testsKey);
      if (list) list.push(entry);
      else this.byTests.set(testsKey, [entry]);
    }
    if (this.plans.size >= this.cacheSize) this.plans.clear();
    this.plans.set(action, plan);
    return plan;
  }

  /**
   * The plan of the statements at `indices` (ascending) needing `mandatory`: one object per
   * distinct list, whether an action's or one narrowed to a resource (`narrow`: a 1 MB policy's
   * 33,000 narrowed plans held 2,500 distinct lists).
   */
  private sharedPlan(indices: readonly number[], mandatory: ActionPlan["mandatory"]): ActionPlan {
    // Keyed by a hash of the list, compared in full on a hit: no string of thousands of indices
    // per action (a policy of 20,000 "*" statements asked about 9,000 actions).
    let hash = mandatory === "" ? 1 : mandatory === "kms" ? 2 : 3;
    for (let j = 0; j < indices.length; j++) hash = (Math.imul(hash, 31) + indices[j]) | 0;
    const key = `${hash}:${indices.length}`;
    let bucket = this.shared.get(key);
    let plan = bucket?.find((p) => p.mandatory === mandatory && sameIndices(p.indices, indices));
    if (plan === undefined) {
      plan = this.buildPlan(indices, mandatory);
      if (this.shared.size >= this.cacheSize) this.shared.clear();
      bucket = this.shared.get(key);
      if (bucket) bucket.push(plan);
      else this.shared.set(key, [plan]);
    }
    return plan;
  }

  /**
   * Adds to `this.matched` (the tested statements that match, ascending) the NotAction statements
   * of `untested` that were not among `tested` (both ascending), keeping it in policy-set order.
   */
  private withUntested(tested: readonly number[], untested: readonly number[], rcpsApply: boolean): void {
    const matched = this.matched;
    const statements = this.set.statements;
    const pass = matched.slice();
    matched.length = 0;
    let t = 0;
    let m = 0;
    for (let u = 0; u < untested.length; u++) {
      const i = untested[u];
      while (t < tested.length && tested[t] < i) t++;
      if (t < tested.length && tested[t] === i) continue; // tested: in `pass` if it matched
      const st = statements[i];
      if (st.layer === "rcp" && (!rcpsApply || st.effect !== "Deny")) continue;
      while (m < pass.length && pass[m] < i) matched.push(pass[m++]);
      matched.push(i);
    }
    while (m < pass.length) matched.push(pass[m++]);
  }

  /**
   * The indices of the statements that may name `lower` (ascending, each once), or undefined to
   * test them all (a small set, where an index costs more than it saves).
   */
  private candidates(lower: string): readonly number[] | undefined {
    const statements = this.set.statements;
    if (statements.length < INDEX_THRESHOLD) return undefined;
    let index = this.index;
    if (!index) {
      index = { any: [], byAffixes: new AffixIndex(), untested: [] };
      for (let i = 0; i < statements.length; i++) {
        if (statements[i].everyAction) {
          // `"Action": "*"` matches every action: nothing to test (20,000 such statements are not
          // tested for each action, and actions that agree on the rest share their plan).
          index.untested.push(i);
          continue;
        }
        let affixes = statements[i].actionAffixes;
        if (!affixes) {
          // A NotAction statement is tested only for the actions its patterns may name (it
          // matches every other action); one with a pattern that may name any action, always.
          affixes = statements[i].notActionAffixes;
          if (!affixes) {
            index.any.push(i);
            continue;
          }
          index.untested.push(i);
        }
        for (const a of affixes) index.byAffixes.add(a, i);
      }
      this.index = index;
    }
    const lists: number[][] = [];
    // Only the lengths some prefix and suffix have: a long (hostile) action is not sliced at every length.
    index.byAffixes.find(lower, lists);
    const found = lists.length > 0 ? lists : undefined;
    // Not copied when one list is all there is (callers only read it).
    if (!found) return index.any;
    if (found.length === 1 && index.any.length === 0) return found[0];
    // Several lists (and `any`) interleave: merged in policy-set order, each statement once, in
    // one pass per list (20,000 statements of "*" and a key policy's "kms:*" for each KMS action).
    let out: readonly number[] = index.any;
    for (const list of found) out = mergeAscending(out, list);
    return out;
  }

  /** The plan of the statements at `indices` (in policy-set order). */
  private buildPlan(indices: readonly number[], mandatory: ActionPlan["mandatory"]): ActionPlan {
    const plan: ActionPlan = {
      indices: indices.slice(),
      denies: [],
      identity: [],
      resource: [],
      boundaries: this.set.boundaries.map(() => []),
      scps: Array.from({ length: this.set.scpLevels }, () => []),
      session: [],
      mandatory,
    };
    for (const i of indices) {
      const st = this.set.statements[i];
      if (st.effect === "Deny") {
        plan.denies.push(st);
        continue;
      }
      switch (st.layer) {
        case "identity":
          plan.identity.push(st);
          break;
        case "resource":
          plan.resource.push(st);
          break;
        case "boundary":
          plan.boundaries[st.level!].push(st);
          break;
        case "scp":
          plan.scps[st.level!].push(st);
          break;
        case "session":
          plan.session.push(st);
          break;
      }
    }
    return plan;
  }

  private principalOf(raw: string): PrincipalInfo {
    let p = this.principals.get(raw);
    if (p === undefined) {
      p = parsePrincipal(raw);
      // A caller the engine cannot identify is refused as the request files refuse it, not decided
      // as an unknown caller (parsed once per principal: the cache holds only identifiable ones).
      const problem = principalProblem(p);
      if (problem) {
        throw new DiagnosticsError([
          {
            code: "request-invalid-principal",
            severity: "error",
            message: problem,
            path: "/principal",
            hint: PRINCIPAL_EXAMPLES,
          },
        ]);
      }
      if (this.principals.size >= this.cacheSize) this.principals.clear();
      this.principals.set(raw, p);
    }
    return p;
  }

  /** Resource, principal and conditions (the action already matched). Returns the grant for resource-layer allows. */
  private matches(st: CompiledStatement): number {
    const scope = this.scope;
    const resources = st.resources;
    if (resources !== undefined) {
      const resource = scope.request.resource;
      let hit = false;
      for (let i = 0; i < resources.length; i++) {
        if (resources[i](resource, scope)) {
          hit = true;
          break;
        }
      }
      if (hit === st.notResource) return GRANT_NONE;
    }
    let grant = GRANT_DIRECT;
    if (st.principal !== undefined) {
      grant = principalGrant(st.principal, scope.principal);
      if (grant === GRANT_NONE) return GRANT_NONE;
    } else if (st.notPrincipal !== undefined) {
      // AWS: "Permissions boundaries for IAM entities": a Deny with NotPrincipal always denies a
      // principal that has a permissions boundary.
      const bounded = st.effect === "Deny" && this.set.boundaries.length > 0;
      if (!bounded && notPrincipalExcludes(st.notPrincipal, scope.principal)) return GRANT_NONE;
    }
    if (st.condition !== undefined && !st.condition(scope)) return GRANT_NONE;
    return grant;
  }

  private anyMatch(list: CompiledStatement[]): boolean {
    for (let i = 0; i < list.length; i++) if (this.matches(list[i]) !== GRANT_NONE) return true;
    return false;
  }

  /**
   * Does a deny apply to this principal? SCPs (and RCPs) never apply to service-linked roles; SCPs
   * apply only to the org's IAM users, roles and root users, so neither to service principals nor to
   * anonymous callers (the same test that exempts them from needing an SCP allow).
   */
  private denyApplies(st: CompiledStatement, p: PrincipalInfo): boolean {
    if (st.layer === "scp") return scpsApply(p);
    if (st.layer === "rcp") return !p.serviceLinked;
    return true;
  }

  /**
   * The plan of the statements that can name `resource` (those whose resource patterns' literal
   * text begins it, and those that may match any resource), for a large plan: a 1 MB policy whose
   * statements share an action (`s3:Get*` on thousands of buckets) tests a request against the few
   * naming its resource. Only statements that cannot match are left out, in the order they had,
   * so decisions and explanations are those of the whole plan.
   */
  private narrow(plan: ActionPlan, resource: string): ActionPlan {
    let index = plan.byResource;
    if (!index) {
      index = { any: [], byPrefix: new Map(), lengths: [], narrowed: new Map() };
      const lengths = new Set<number>();
      const statements = this.set.statements;
      for (let j = 0; j < plan.indices.length; j++) {
        const prefixes = statements[plan.indices[j]].resourcePrefixes;
        if (!prefixes) {
          index.any.push(j);
          continue;
        }
        for (const p of prefixes) {
          const list = index.byPrefix.get(p);
          if (!list) {
            index.byPrefix.set(p, [j]);
            lengths.add(p.length);
          } else if (list[list.length - 1] !== j) list.push(j);
        }
      }
      index.lengths = [...lengths].sort((a, b) => a - b);
      plan.byResource = index;
    }
    // Every statement may name any resource (NotResource, `*`): nothing to narrow, nothing to
    // copy or sort (10,000 NotResource statements asked about thousands of probe resources).
    if (index.any.length === plan.indices.length) return plan;
    let narrowed = index.narrowed.get(resource);
    if (narrowed !== undefined) return narrowed;
    let found: number[][] | undefined;
    for (const k of index.lengths) {
      if (k > resource.length) break;
      const list = index.byPrefix.get(resource.slice(0, k));
      if (!list) continue;
      if (found) found.push(list);
      else found = [list];
    }
    let indices: number[];
    if (!found) {
      // Only the statements that may name any resource: `any` is ascending already.
      indices = index.any.map((j) => plan.indices[j]);
    } else {
      const positions = index.any.slice();
      for (const list of found) for (let j = 0; j < list.length; j++) positions.push(list[j]);
      positions.sort((a, b) => a - b);
      indices = [];
      for (let r = 0; r < positions.length; r++)
        if (r === 0 || positions[r] !== positions[r - 1]) indices.push(plan.indices[positions[r]]);
    }
    narrowed = indices.length === plan.indices.length ? plan : this.sharedPlan(indices, plan.mandatory);
    if (index.narrowed.size >= NARROWED_SIZE) index.narrowed.clear();
    index.narrowed.set(resource, narrowed);
    return narrowed;
  }

  /**
   * The action's plan: a decision (not an explanation, which names the action) depends on the
   * action only through it (the statements that name it, and `mandatory`), as `evaluate`'s own
   * memo of large plans relies on too.
   */
  actionClass(action: string): object {
    return this.plan(action);
  }

  evaluate(request: AccessRequest, opts?: EvaluateOptions): EvaluationResult {
    checkRequest(request);
    const p = this.principalOf(request.principal);
    this.scope.reset(request, p);
    let plan = this.plan(request.action);
    if (plan.indices.length >= RESOURCE_INDEX_THRESHOLD) plan = this.narrow(plan, request.resource);
    if (opts?.explain) return this.explain(request, p, plan);
    // A decision depends on the action only through its plan: actions sharing a large plan (every
    // action of a service, 5,000 statements of "s3:*") are decided once per request otherwise equal.
    if (plan.indices.length < MEMO_THRESHOLD) return this.decide(request, p, plan);
    const key = JSON.stringify([
      request.principal,
      request.resource,
      request.resourceAccount ?? null,
      request.context ?? null,
    ]);
    let memo = this.decided.get(plan);
    const hit = memo?.get(key);
    if (hit !== undefined) return hit;
    const result = this.decide(request, p, plan);
    if (!memo) {
      memo = new Map();
      this.decided.set(plan, memo);
    }
    if (memo.size >= MEMO_SIZE) memo.clear();
    memo.set(key, result);
    return result;
  }

  /** The decision (no explanation) for a request whose scope is set. */
  private decide(request: AccessRequest, p: PrincipalInfo, plan: ActionPlan): EvaluationResult {
    for (let i = 0; i < plan.denies.length; i++) {
      const st = plan.denies[i];
      if (this.denyApplies(st, p) && this.matches(st) !== GRANT_NONE) return EXPLICITLY_DENIED;
    }
    if (scpsApply(p)) {
      for (let l = 0; l < plan.scps.length; l++) if (!this.anyMatch(plan.scps[l])) return IMPLICITLY_DENIED;
    }
    const v = this.verdicts;
    v.scpFailedLevels.length = 0;
    v.boundaryFailed.length = 0;
    v.grant = GRANT_NONE;
    for (let i = 0; i < plan.resource.length; i++) {
      const g = this.matches(plan.resource[i]);
      if (g > v.grant) v.grant = g;
      if (g === GRANT_DIRECT) break;
    }
    v.identity = ownPoliciesApply(p) ? this.anyMatch(plan.identity) : false;
    if (ownPoliciesApply(p)) {
      for (let b = 0; b < plan.boundaries.length; b++) if (!this.anyMatch(plan.boundaries[b])) v.boundaryFailed.push(b);
    }
    v.session = this.sessionVerdict(p, plan);
    return combine(v, p, plan, request, this.set) ? ALLOWED : IMPLICITLY_DENIED;
  }

  private sessionVerdict(p: PrincipalInfo, plan: ActionPlan): boolean {
    if (!p.isSession) return true;
    if (this.set.hasSessionPolicy) return this.anyMatch(plan.session);
    return p.kind !== "FederatedUser";
  }

  private record(st: CompiledStatement, out: MatchedStatement[]): void {
    const m: MatchedStatement = {
      layer: st.layer,
      policy: st.policy,
      statementIndex: st.statementIndex,
      effect: st.effect,
    };
    if (st.level !== undefined) m.level = st.level;
    if (st.sid !== undefined) m.sid = st.sid;
    if (st.conditions !== undefined) m.conditions = st.conditions;
    out.push(m);
  }

  /** Records every matching statement of the list; true when any matched. */
  private recordAll(list: CompiledStatement[], out: MatchedStatement[]): boolean {
    let any = false;
    for (let i = 0; i < list.length; i++) {
      if (this.matches(list[i]) !== GRANT_NONE) {
        this.record(list[i], out);
        any = true;
      }
    }
    return any;
  }

  private explain(request: AccessRequest, p: PrincipalInfo, plan: ActionPlan): EvaluationResult {
    const statements: MatchedStatement[] = [];
    const notes: string[] = [];
    const missingAllows: MissingAllow[] = [];
    let denied = false;
    for (const st of plan.denies) {
      if (this.denyApplies(st, p) && this.matches(st) !== GRANT_NONE) {
        this.record(st, statements);
        denied = true;
      }
    }
    if (p.serviceLinked && (this.set.scpLevels > 0 || this.set.rcpLevels > 0)) {
      notes.push("SCPs and RCPs do not apply to service-linked roles");
    }
    if (this.set.rcpLevels > 0) {
      notes.push("RCPs restrict only through Deny: RCPFullAWSAccess is attached at every level and cannot be detached");
    }
    const v: Verdicts = { scpFailedLevels: [], grant: GRANT_NONE, identity: false, boundaryFailed: [], session: true };
    const scpApplies = scpsApply(p);
    for (let l = 0; l < plan.scps.length; l++) {
      if (!this.recordAll(plan.scps[l], statements) && scpApplies) v.scpFailedLevels.push(l);
    }
    for (const st of plan.resource) {
      const g = this.matches(st);
      if (g !== GRANT_NONE) {
        this.record(st, statements);
        if (g > v.grant) v.grant = g;
      }
    }
    const own = ownPoliciesApply(p);
    v.identity = this.recordAll(plan.identity, statements) && own;
    for (let b = 0; b < plan.boundaries.length; b++) {
      if (!this.recordAll(plan.boundaries[b], statements) && own) v.boundaryFailed.push(b);
    }
    if (p.isSession && this.set.hasSessionPolicy) v.session = this.recordAll(plan.session, statements);
    else {
      if (this.set.hasSessionPolicy) {
        this.recordAll(plan.session, statements);
        notes.push("the session policy does not apply: the principal is not a role or federated user session");
      }
      v.session = !p.isSession || p.kind !== "FederatedUser";
      if (!v.session) notes.push("a federated user session without a session policy is implicitly denied");
    }
    if (denied) {
      return { decision: "ExplicitlyDenied", explanation: { statements, missingAllows, notes } };
    }
    const allowed = combine(v, p, plan, request, this.set, missingAllows, notes);
    return { decision: allowed ? "Allowed" : "ImplicitlyDenied", explanation: { statements, missingAllows, notes } };
  }
}

/** The ascending union of two ascending lists, each number once. */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (out.length === 0 || out[out.length - 1] !== x) out.push(x);
  }
  return out;
}

function scpsApply(p: PrincipalInfo): boolean {
  return !p.serviceLinked && p.kind !== "Service" && p.kind !== "Federated" && p.kind !== "Anonymous";
}

/** Identity policies, boundaries and session policies exist only for IAM users, roles and their sessions. */
function ownPoliciesApply(p: PrincipalInfo): boolean {
  return p.kind === "User" || p.kind === "AssumedRole" || p.kind === "FederatedUser" || p.kind === "Unknown";
}

/** Combines the layers' verdicts into the decision; with `missing`/`notes`, says why. */
function combine(
  v: Verdicts,
  p: PrincipalInfo,
  plan: ActionPlan,
  request: AccessRequest,
  set: CompiledPolicySet,
  missing?: MissingAllow[],
  notes?: string[],
): boolean {
  if (v.scpFailedLevels.length > 0) {
    if (missing) for (const level of v.scpFailedLevels) missing.push({ layer: "scp", level });
    return false;
  }
  const crossAccount = p.account !== undefined && resourceAccountIs(request, p.account) === 0;
  let mandatory = plan.mandatory;
  if (mandatory === "kms" && !/^arn:[^:]+:kms:[^:]*:[^:]*:key\//.test(request.resource)) mandatory = "";
  const root = p.kind === "Account";
  const identity = root || v.identity;
  const boundary = v.boundaryFailed.length === 0;
  const session = v.session;
  const own = identity && boundary && session;

  if (notes) {
    if (crossAccount) {
      notes.push(
        `cross-account request (principal account ${p.account}, resource account ${resourceAccountOf(request)}): the resource policy and the principal's own policies must both allow`,
      );
    }
    if (root) notes.push("the account root user is not limited by identity policies");
    if (!ownPoliciesApply(p) && !root)
      notes.push(`a ${p.kind.toLowerCase()} principal is allowed only by a resource policy`);
    if (mandatory && !set.hasResourcePolicy) {
      notes.push(
        mandatory === "trust"
          ? `no trust policy was given for ${request.action}: decided without its grant`
          : `no key policy was given for ${request.action}: decided without its grant (a KMS key policy must allow)`,
      );
    }
    if (!crossAccount && v.grant === GRANT_DIRECT && !own && ownPoliciesApply(p)) {
      notes.push(
        "the resource policy names the caller directly: implicit denies in its identity policies, boundaries and session policy do not limit that grant",
      );
    }
    if (!crossAccount && v.grant === GRANT_ROLE) {
      notes.push(
        "the resource policy names the session's role: boundaries and session policies still limit that grant",
      );
    }
  }
  if (crossAccount || mandatory) {
    if (v.grant === GRANT_NONE) {
      if (missing) addMissing(missing, v, identity, set, true, crossAccount);
      return false;
    }
    if (!crossAccount) {
      if (v.grant === GRANT_DIRECT) return true;
      if (v.grant === GRANT_ROLE) {
        if (boundary && session) return true;
        if (missing) addMissing(missing, v, identity, set, false, false);
        return false;
      }
    }
    if (!ownPoliciesApply(p) && !root) {
      // A service or federated principal: only a direct grant allows, and a cross-account one must name it.
      if (v.grant === GRANT_DIRECT) return true;
      if (missing) addMissing(missing, v, identity, set, true, false);
      return false;
    }
    if (own) return true;
    if (missing) addMissing(missing, v, identity, set, false, true);
    return false;
  }

  if (v.grant === GRANT_DIRECT) return true;
  if (v.grant === GRANT_ROLE && boundary && session) return true;
  if (own && ownPoliciesApply(p)) return true;
  if (root) return true;
  if (missing)
    addMissing(missing, v, identity, set, set.hasResourcePolicy && v.grant === GRANT_NONE, ownPoliciesApply(p));
  if (missing && !ownPoliciesApply(p) && !set.hasResourcePolicy) missing.push({ layer: "resource" });
  return false;
}

/** The layers that lacked an allow, for the explanation. */
function addMissing(
  missing: MissingAllow[],
  v: Verdicts,
  identity: boolean,
  set: CompiledPolicySet,
  needResource: boolean,
  needIdentity: boolean,
): void {
  if (needResource) missing.push({ layer: "resource" });
  if (needIdentity && !identity) missing.push({ layer: "identity" });
  if (needIdentity || v.grant === GRANT_ROLE) {
    for (const b of v.boundaryFailed) missing.push({ layer: "boundary", level: b, policy: set.boundaries[b] });
    if (!v.session) missing.push({ layer: "session" });
  }
}
