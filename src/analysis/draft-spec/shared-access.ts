import { compileActions } from "../../engine/compile.js";
import { findPolicy, identityPolicyIds } from "../../model/policy-set.js";
import type { AccessModel } from "../../model/types.js";
import { isTrustPolicyAction } from "../../policy/trust.js";
import type { Statement } from "../../policy/types.js";
import { PrincipalAccess } from "../review/principal-access.js";
import type { CellStatus } from "../review/types.js";

/**
 * Decisions shared between principals of one model. The engine decides a request with only the
 * statements whose `Action`/`NotAction` matches the request's action (IAM: "Policy evaluation
 * logic"; `CompiledEvaluator.plan` keeps exactly those), the principal's permissions boundary
 * (a boundary with no matching Allow denies), the model's SCPs and RCPs, and the request's context.
 * So two principals holding different policies still decide (action, resource) alike when the
 * policies *relevant to that action* are the same, with the same boundary, and the same values for
 * every context key those policies mention — an administrator's `*` and a persona group's policy
 * decide `ec2:RunInstances` for every member of that group alike, whatever else each one holds.
 *
 * A draft asks hundreds of groups about thousands of actions each (an administrator reaches every
 * action AWS has); most of those questions have been asked already. The key is built like
 * `PrincipalAccess.signature()` — policies, mentioned context values, kind, ARN when it can matter —
 * but over the relevant policies only. Relevance is tested with the engine's own action matcher
 * (`compileActions`), so a statement the engine would consider is never left out of the key.
 */
export class DecisionCache {
  /** Everything but the request that decides it → lower-cased action → resource → decision. */
  private readonly decisions = new Map<string, Map<string, Map<string, CellStatus>>>();
  private size = 0;
  /** Policy id → a test of whether any of its statements matches a lower-cased action. */
  private readonly testers = new Map<string, (lowerAction: string) => boolean>();
  /** Policy id → its documents' text, lower-cased (for the context keys it mentions). */
  private readonly texts = new Map<string, string>();
  readonly shared: string;
  hits = 0;
  misses = 0;

  constructor(
    readonly model: AccessModel,
    /** Past this many decisions the cache starts over (memory stays bounded on any account). */
    private readonly limit = 2_000_000,
  ) {
    const shared = [...(model.scps ?? []).flat(), ...(model.rcps ?? []).flat()];
    this.shared = shared.map((id) => this.text(id)).join("\n");
  }

  /**
   * A `PrincipalAccess` whose `classify` answers from (and fills) this cache. `view`: the same
   * model under another object (see `viewsOf` in draft.ts), whose engine caches are its own.
   */
  access(principalId: string, view: AccessModel = this.model): PrincipalAccess {
    return new SharedAccess(view, principalId, this);
  }

  tester(policyId: string): (lowerAction: string) => boolean {
    let t = this.testers.get(policyId);
    if (!t) {
      const tests = (findPolicy(this.model, policyId)?.document.Statement ?? []).map(statementTest);
      t = (a) => {
        for (let i = 0; i < tests.length; i++) if (tests[i](a)) return true;
        return false;
      };
      this.testers.set(policyId, t);
    }
    return t;
  }

  text(policyId: string): string {
    let t = this.texts.get(policyId);
    if (t === undefined) {
      const p = findPolicy(this.model, policyId);
      t = p ? JSON.stringify(p.document).toLowerCase() : "";
      this.texts.set(policyId, t);
    }
    return t;
  }

  /** The decisions of every principal that shares `prefix`, by lower-cased action. */
  table(prefix: string): Map<string, Map<string, CellStatus>> {
    let t = this.decisions.get(prefix);
    if (!t) {
      t = new Map();
      this.decisions.set(prefix, t);
    }
    return t;
  }

  /** Counts a decision stored; past the limit every table starts over. */
  stored(): void {
    if (++this.size < this.limit) return;
    for (const t of this.decisions.values()) t.clear();
    this.size = 0;
  }
}

/** As the engine matches a statement's action: `Action` patterns, or anything but the `NotAction` ones. */
function statementTest(st: Statement): (lowerAction: string) => boolean {
  if (st.Action) return compileActions(st.Action);
  if (st.NotAction) {
    const not = compileActions(st.NotAction);
    return (a) => !not(a);
  }
  return () => true; // no action element: the engine reports it; count it as relevant everywhere
}

/**
 * Policies relevant to an action, as a bit set over the principal's policies (the boundary last);
 * principals with more than 30 policies are not shared (never the case for people in practice).
 */
class SharedAccess extends PrincipalAccess {
  private readonly ids: string[];
  private readonly testers: Array<(lowerAction: string) => boolean>;
  private readonly hasBoundary: boolean;
  private readonly tables = new Map<number, Map<string, Map<string, CellStatus>>>();
  private readonly bypass: boolean;

  constructor(
    model: AccessModel,
    principalId: string,
    private readonly cache: DecisionCache,
  ) {
    super(model, principalId);
    this.ids = identityPolicyIds(model, this.principal);
    this.hasBoundary = this.principal.boundary !== undefined;
    if (this.principal.boundary) this.ids.push(this.principal.boundary);
    this.testers = this.ids.map((id) => cache.tester(id));
    // Resource policies decide by principal and resource together; service-linked roles escape SCPs.
    this.bypass =
      this.ids.length > 30 ||
      model.resourcePolicies.length > 0 ||
      (this.principal.path ?? "").startsWith("/aws-service-role/");
  }

  override classify(action: string, resource: string): CellStatus {
    const lower = action.toLowerCase();
    if (this.bypass || isTrustPolicyAction(lower)) return super.classify(action, resource);
    let mask = 0;
    for (let i = 0; i < this.testers.length; i++) if (this.testers[i](lower)) mask |= 1 << i;
    let table = this.tables.get(mask);
    if (!table) {
      table = this.cache.table(this.prefix(mask));
      this.tables.set(mask, table);
    }
    let byResource = table.get(lower);
    if (!byResource) {
      byResource = new Map();
      table.set(lower, byResource);
    }
    const hit = byResource.get(resource);
    if (hit !== undefined) {
      this.cache.hits++;
      return hit;
    }
    this.cache.misses++;
    const status = super.classify(action, resource);
    byResource.set(resource, status);
    this.cache.stored();
    return status;
  }

  /**
   * Everything but the request that decides it: the relevant policies; the boundary when relevant,
   * else only that there is one (a boundary with no statement for the action denies it, whichever
   * boundary it is); the context values those policies (and the SCPs/RCPs) mention; kind, account,
   * and the ARN when a policy can read it.
   */
  private prefix(mask: number): string {
    const boundaryIndex = this.hasBoundary ? this.ids.length - 1 : -1;
    const relevant = this.ids.filter((_, i) => i !== boundaryIndex && mask & (1 << i));
    const boundaryRelevant = boundaryIndex >= 0 && (mask & (1 << boundaryIndex)) !== 0;
    const boundary = boundaryIndex < 0 ? "" : boundaryRelevant ? this.ids[boundaryIndex] : "(a boundary)";
    const text = [...relevant, ...(boundaryRelevant ? [this.ids[boundaryIndex]] : [])]
      .map((id) => this.cache.text(id))
      .concat(this.cache.shared)
      .join("\n");
    const ctx = Object.entries(this.context)
      .filter(([k]) => text.includes(k.toLowerCase()))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const arnMatters = /aws:userid|aws:principal|aws:username|\$\{/.test(text);
    return JSON.stringify([
      relevant,
      boundary,
      ctx,
      this.principal.kind,
      this.principal.account ?? this.model.account,
      arnMatters ? this.principal.arn : "",
    ]);
  }
}
