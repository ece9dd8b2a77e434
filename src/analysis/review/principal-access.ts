import type { Catalog } from "../../catalog/catalog.js";
import { getCatalog } from "../../catalog/index.js";
import { createEvaluator } from "../../engine/index.js";
import type { Evaluator, MatchedStatement } from "../../engine/types.js";
import {
  findPrincipal,
  identityPolicyIds,
  policiesOf,
  policySetForPrincipal,
  principalContext,
  requestFor,
  unknownPrincipal,
} from "../../model/policy-set.js";
import type { AccessModel, ModelPrincipal } from "../../model/types.js";
import type { AccessRequest, PolicySet } from "../../policy/policy-set.js";
import { isTrustPolicyAction } from "../../policy/trust.js";
import type { ConditionBlock, NamedPolicy, PolicyDocument, Statement } from "../../policy/types.js";
import { matches, covers as patternCovers, RESOURCE_PATTERN } from "../../policy/wildcard.js";
import { BoundedMap } from "../../util/bounded-map.js";
import { type ActionMeta, CatalogView } from "./catalog-view.js";
import { canonicalConditions } from "./conditions.js";
import { literalPrefixMemo, ResourcePrefixIndex } from "./resource-index.js";
import type { AccessException, CellStatus, DecidingStatement } from "./types.js";
import { resolveVariables } from "./variables.js";

/**
 * One principal's access, decided by the engine. Two variants of the principal's policy set are
 * compiled once and asked about every (action, resource) pair:
 * - *relaxed*: every Allow statement without its conditions (Deny statements unchanged). If even
 *   this denies, no request can be allowed: `Denied`.
 * - *strict*: the Allow statements that carry conditions removed. If this allows, a normal
 *   signed-in session is allowed whatever else the request carries: `Allowed`.
 * Otherwise the access depends on conditions: `Conditional`, and the conditions are read from the
 * original statements the relaxed evaluation matched. Deny statements are evaluated with the
 * principal's default session context (MFA, TLS, home region, its own tags), so a guardrail that
 * a normal session satisfies does not hide access, and one it does not satisfy removes it.
 */

interface Variants {
  relaxed: Evaluator;
  /** Compiled on first use (`strictOf`): a set without conditional allows never needs it. */
  strict?: Evaluator;
  /** No Allow statement of the set carries a condition: strict decides as relaxed does. */
  unconditional: boolean;
  /**
   * Original statements by `layer|policy|index`, for the conditions of a conditional allow and
   * for explanations: built on first use (`statementsOf`).
   */
  statements?: Map<string, Statement>;
  /** The set the variants were compiled from. */
  set: PolicySet;
  /** The model's transformed documents (`ModelAccess.transformed`). */
  transformed: TransformMemo;
}

/** The strict variant, compiled on first use (it compiles whenever the relaxed one did: its statements are among the relaxed one's, conditions included). */
function strictOf(v: Variants): Evaluator {
  v.strict ??= createEvaluator(transformSet(v.set, strictly, v.transformed));
  return v.strict;
}

function statementsOf(v: Variants): Map<string, Statement> {
  v.statements ??= statementIndex(v.set);
  return v.statements;
}

export interface AllowExplanation {
  statements: DecidingStatement[];
  conditions?: ConditionBlock[];
}

/** Candidate (action, resources) pairs: what the policies can reach. Keyed by canonical action name. */
export type Candidates = Map<string, { meta: ActionMeta; resources: Set<string> }>;

/** Granted patterns of one action scanned for one that covers a narrower pattern up to this many; more are indexed. */
const NARROWER_SCAN_LIMIT = 32;

/** `classify` answers remembered per principal's access (then forgotten all at once). */
const CLASSIFIED_LIMIT = 262_144;

/** Compiled policy-set variants and policy texts remembered per model (least recently used first). */
const MODEL_CACHE_LIMIT = 1024;

/**
 * Something another analysis keeps for a model alongside its effective-access object — the
 * checks' caches (`analysis/checks/effective.ts`) — made once by `make` and gone with the model.
 * Analyses above this module reach their own state through the one `ModelAccess` of the model.
 */
export interface Facet<T> {
  readonly name: string;
  make(owner: ModelAccess): T;
}

/**
 * The effective-access object of one model: the catalog it reads (passed in), and every cache the
 * review analyses keep — compiled evaluators shared by principals holding the same policies, the
 * policy texts their keys are made of, the catalog expansions — owned by it and bounded. It lives
 * as long as the model does: `modelAccess(model)` gives the one of a model, and `principal(id)` a
 * principal's access through it.
 */
export class ModelAccess {
  readonly view: CatalogView;
  /** Compiled evaluators by policy key (the principal's policies, and a resource policy). */
  readonly variants = new BoundedMap<string, Variants>(MODEL_CACHE_LIMIT);
  /** The JSON documents of a policy key (for `contentKey`, which compares two models' principals). */
  readonly documents = new BoundedMap<string, string>(MODEL_CACHE_LIMIT);
  /**
   * Each document's number: equal for documents of equal JSON (`documentNumber`), and the
   * lower-case JSON of each number. Linear in the model's distinct documents, where a text per
   * principal repeated its shared documents (750 principals: 60 MB of keys).
   */
  private readonly documentNumbers = new WeakMap<PolicyDocument, number>();
  private readonly numberOfJson = new Map<string, number>();
  private readonly lowerTexts: string[] = [];
  /** @internal The relaxed and strict variants of the model's documents, by transform and document (gone with them). */
  readonly transformed: TransformMemo = new Map();
  /** The catalog actions each statement's `Action` names (a statement object lives no longer than its model). */
  private readonly actionSets = new WeakMap<Statement, Set<string>>();
  private shared?: string;
  /** What other analyses keep for the model (see `Facet`): one entry per facet, a handful at most. */
  private readonly facets = new Map<Facet<unknown>, unknown>();

  constructor(
    readonly model: AccessModel,
    catalog: Catalog = getCatalog(),
  ) {
    this.view = new CatalogView(catalog);
  }

  /** The catalog this access reads. */
  get catalog(): Catalog {
    return this.view.catalog;
  }

  /** @internal A number equal for two documents exactly when their JSON texts are equal. */
  documentNumber(document: PolicyDocument): number {
    let n = this.documentNumbers.get(document);
    if (n === undefined) {
      const json = JSON.stringify(document);
      n = this.numberOfJson.get(json);
      if (n === undefined) {
        n = this.lowerTexts.length;
        this.numberOfJson.set(json, n);
        this.lowerTexts.push(json.toLowerCase());
      }
      this.documentNumbers.set(document, n);
    }
    return n;
  }

  /** @internal Whether document number `n`'s lower-case JSON text contains `lower`. */
  documentMentions(n: number, lower: string): boolean {
    return this.lowerTexts[n].includes(lower);
  }

  /** One principal's access (throws for a principal the model does not have). */
  principal(id: string): PrincipalAccess {
    return new PrincipalAccess(this, id);
  }

  /** The model's instance of `facet`, made on first use. */
  facet<T>(facet: Facet<T>): T {
    let v = this.facets.get(facet) as T | undefined;
    if (v === undefined) {
      v = facet.make(this);
      this.facets.set(facet, v);
    }
    return v;
  }

  /** Resource policies, trust policies and SCPs of the model: they decide some requests of every principal. */
  sharedPolicyKey(): string {
    this.shared ??= JSON.stringify([
      this.model.resourcePolicies,
      this.model.scps ?? [],
      this.model.policies
        .filter((p) => p.policyType !== "identity" && p.policyType !== "boundary")
        .map((p) => [p.id, p.document]),
    ]);
    return this.shared;
  }

  /** The catalog actions a statement's `Action` names (canonical names). */
  statementActionSet(st: Statement): Set<string> {
    let set = this.actionSets.get(st);
    if (!set) {
      set = new Set((st.Action ?? []).flatMap((a) => this.view.expandActions(a)).map((m) => m.action));
      this.actionSets.set(st, set);
    }
    return set;
  }

  /** The catalog actions a statement names; a `NotAction` over the services in `mentioned`. */
  statementActions(s: Statement, mentioned: ReadonlySet<string>): ActionMeta[] {
    if (s.Action) return s.Action.flatMap((a) => this.view.expandActions(a));
    if (s.NotAction) {
      const excluded = new Set(s.NotAction.flatMap((a) => this.view.expandActions(a)).map((m) => m.action));
      return [...mentioned].flatMap((svc) => this.view.serviceActions(svc)).filter((m) => !excluded.has(m.action));
    }
    return [];
  }
}

const byModel = new WeakMap<AccessModel, ModelAccess>();

/**
 * The effective-access object of a model over `catalog` (default: the bundled one): one per model,
 * gone with it. Asked with another catalog, the model gets a new one, which replaces the old.
 */
export function modelAccess(model: AccessModel, catalog: Catalog = getCatalog()): ModelAccess {
  let access = byModel.get(model);
  if (!access || access.catalog !== catalog) {
    access = new ModelAccess(model, catalog);
    byModel.set(model, access);
  }
  return access;
}

/**
 * Lets go of a model's effective-access object (its compiled evaluators and texts): a later
 * question starts afresh. For a long run that moves on from the engine's analyses to others
 * (the solver), so their memory is not held through it.
 */
export function releaseModelAccess(model: AccessModel): void {
  byModel.delete(model);
}

/**
 * A principal's access in a model (`model` itself or one of its unknown variants): a new one per
 * call by default (`freshAccess`); analyses of one principal that run together (its matrix row and
 * its `can`, in the report) pass one that hands the same object out, so its candidates and
 * classified pairs are computed once.
 */
export type AccessOf = (model: AccessModel, id: string) => PrincipalAccess;

export const freshAccess: AccessOf = (model, id) => new PrincipalAccess(model, id);

export class PrincipalAccess {
  readonly principal: ModelPrincipal;
  readonly context: Record<string, string | string[]>;
  private readonly base: AccessRequest;
  private readonly baseSet: PolicySet;
  /** The model's effective-access object: its catalog and caches. */
  readonly owner: ModelAccess;
  readonly model: AccessModel;
  /**
   * A key equal for the model's principals holding the same identity policies and boundary: their
   * policy sets are equal, resource policies aside (a request carries the principal and context).
   */
  readonly policyKey: string;
  private lastKey = "";
  private last?: Variants;
  private readonly usesResourcePolicies: boolean;
  private candidateCache?: Candidates;
  /** `classify`'s answers by variants, action class and resource. */
  private readonly classified = new ClassMemo<CellStatus>();
  /** `allowConditions`' answers by variants, action class and resource. */
  private readonly explained = new ClassMemo<ConditionBlock[] | undefined>();

  /** A principal of a model, through the model's effective-access object (`modelAccess(model)` for a bare model). */
  constructor(
    of: AccessModel | ModelAccess,
    readonly principalId: string,
  ) {
    this.owner = of instanceof ModelAccess ? of : modelAccess(of);
    const model = this.owner.model;
    this.model = model;
    const p = findPrincipal(model, principalId);
    if (!p) throw unknownPrincipal(model, principalId);
    this.principal = p;
    this.context = principalContext(model, principalId);
    this.base = requestFor(model, principalId, "", "");
    this.baseSet = policySetForPrincipal(model, principalId);
    // The request carries the principal and its context, so the policies alone decide what to compile.
    this.policyKey = policyKeyOf(model, p);
    this.usesResourcePolicies = model.resourcePolicies.length > 0;
  }

  /**
   * A key equal for two principals whose decisions are identical for every request: the same
   * policies, and the same values for every context key the policies mention.
   */
  signature(): string {
    const { ctx, arnMatters } = this.mentionedContext();
    return JSON.stringify([this.policyKey, ctx, this.principal.kind, arnMatters ? this.principal.arn : ""]);
  }

  /**
   * `signature()` by the policies' content rather than their ids: equal for two principals holding
   * equal documents (an inline policy copied to 2,000 roles), whose decisions are then identical
   * for every request that involves no trust policy (one of those may name the caller).
   */
  contentSignature(): string {
    const { ctx, arnMatters } = this.mentionedContext();
    // The identity documents and the boundary apart: a policy held as one is not held as the other.
    // Documents by number: equal numbers, equal JSON texts.
    const held = [
      this.baseSet.identityPolicies.map((p) => this.owner.documentNumber(p.document)).join(","),
      (this.baseSet.permissionBoundaries ?? []).map((p) => this.owner.documentNumber(p.document)).join(","),
    ];
    return JSON.stringify([held, ctx, this.principal.kind, arnMatters ? this.principal.arn : ""]);
  }

  /**
   * The principal's context values for the keys its policies' texts mention (sorted by key), and
   * whether its ARN can decide a request (a resource policy, or a policy naming `aws:userid` or
   * `aws:Principal…`). A mention is looked for in each document's lower-case JSON text. A key
   * holding a character JSON escapes (a quote, a backslash, a control character) is not written as
   * itself there, and one holding `,` or a bracket could span two documents: such a key is taken
   * as mentioned (a value too many in a signature only keeps two principals apart; one too few
   * would merge two principals a condition on the key tells apart).
   */
  private mentionedContext(): { ctx: [string, string | string[]][]; arnMatters: boolean } {
    const numbers = policiesOf(this.baseSet).map((d) => this.owner.documentNumber(d.document));
    const mentions = (lower: string) =>
      /[,[\]{}]/.test(lower) ||
      JSON.stringify(lower) !== `"${lower}"` ||
      numbers.some((n) => this.owner.documentMentions(n, lower));
    const ctx = Object.entries(this.context)
      .filter(([k]) => mentions(k.toLowerCase()))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const arnMatters = this.usesResourcePolicies || mentions("aws:userid") || mentions("aws:principal");
    return { ctx, arnMatters };
  }

  /**
   * A key equal only when everything that decides this principal's access is equal: every policy
   * document, the resource policies of the model, the session context, the principal's ARN and kind.
   */
  contentKey(): string {
    return JSON.stringify([
      this.documents(),
      this.owner.sharedPolicyKey(),
      this.context,
      this.principal.arn,
      this.principal.kind,
    ]);
  }

  /** Every policy document of the principal's set, as JSON; shared by principals holding the same policies. */
  private documents(): string {
    return memo(this.owner.documents, this.policyKey, () =>
      JSON.stringify(policiesOf(this.baseSet).map((d) => d.document)),
    );
  }

  /** The principal's identity policies (its own, then its groups'), as the engine names them. */
  get identityPolicies(): readonly NamedPolicy[] {
    return this.baseSet.identityPolicies;
  }

  /** The policy set deciding `action` on `resource`: the resource's policy (or trust policy) included. */
  policySet(action: string, resource: string): PolicySet {
    return policySetForPrincipal(this.model, this.principalId, { action, resource });
  }

  /** The (action, resource pattern) pairs the principal's Allow statements can reach. */
  candidates(services?: ReadonlySet<string>): Candidates {
    if (!services && this.candidateCache) return this.candidateCache;
    const out: Candidates = new Map();
    const allows = this.baseSet.identityPolicies.flatMap((p) => p.document.Statement);
    /** The services the statements name: what a NotAction statement's actions are taken from (made for the first). */
    let mentioned: Set<string> | undefined;
    const servicesMentioned = (): Set<string> => {
      if (!mentioned) {
        mentioned = new Set();
        for (const s of allows) {
          for (const a of [...(s.Action ?? []), ...(s.NotAction ?? [])]) {
            const svc = a.split(":")[0].toLowerCase();
            if (svc && svc !== "*") mentioned.add(svc);
          }
        }
      }
      return mentioned;
    };
    const name = (meta: ActionMeta, resources: readonly string[]) => {
      if (services && !services.has(meta.service)) return;
      let c = out.get(meta.action);
      if (!c) {
        c = { meta, resources: new Set() };
        out.set(meta.action, c);
      }
      for (const r of resources) c.resources.add(r);
    };
    for (const s of allows) {
      if (s.Effect !== "Allow") continue;
      const resources = s.Resource ? s.Resource.map((r) => resolveVariables(r, this.context)) : ["*"];
      // An Action's patterns one by one (`statementActions` without the list of them all: 7,000
      // statements naming `svc:Get*`); a NotAction's actions over the services mentioned.
      if (s.Action) {
        for (const a of s.Action) for (const meta of this.owner.view.expandActions(a)) name(meta, resources);
      } else if (s.NotAction) {
        for (const meta of this.owner.statementActions(s, servicesMentioned())) name(meta, resources);
      }
    }
    this.addNarrowerPatterns(out);
    if (!services) this.candidateCache = out;
    return out;
  }

  /**
   * Resource patterns of Deny statements (any layer) and of boundary and SCP allows that lie inside
   * a granted pattern (`bucket/secret/*` inside `bucket/*`) become candidates of their own. Asked
   * about the wider pattern alone, the engine would match neither (a pattern is not a request), and
   * the grant would read as whole; asked about the narrower one too, the denied part shows (as an
   * exception of the wider grant, and as removed access in a diff).
   */
  private addNarrowerPatterns(out: Candidates): void {
    const resolve = (st: Statement) => (st.Resource ?? []).map((r) => resolveVariables(r, this.context));
    // Per action, its granted patterns in the order they were added (the set's order): `inside`
    // answers the first of them that covers `r`. An action holding a handful is scanned, looking
    // only at patterns whose literal text begins `r`'s (see `ResourcePrefixIndex.possibleCovers`);
    // one holding many is indexed by literal prefix, each pattern with its order (thousands of Deny
    // statements on one action made the scan quadratic).
    const indexes = new Map<string, { index: ResourcePrefixIndex<{ g: string; order: number }>; next: number }>();
    const indexFor = (action: string, granted: Set<string>) => {
      let x = indexes.get(action);
      if (!x) {
        x = { index: new ResourcePrefixIndex(), next: 0 };
        for (const g of granted) x.index.add(g, { g, order: x.next++ });
        indexes.set(action, x);
      }
      return x;
    };
    const prefixOf = literalPrefixMemo();
    const memo = new CoversMemo();
    const inside = (r: string, action: string, granted: Set<string>): string | undefined => {
      if (granted.size <= NARROWER_SCAN_LIMIT && !indexes.has(action)) {
        const own = prefixOf(r);
        for (const g of granted) if (g !== r && own.startsWith(prefixOf(g)) && memo.covers(g, r)) return g;
        return undefined;
      }
      const x = indexFor(action, granted);
      let first: { g: string; order: number } | undefined;
      for (const v of x.index.possibleCovers(r))
        if (v.g !== r && (first === undefined || v.order < first.order) && memo.covers(v.g, r)) first = v;
      return first?.g;
    };
    const add = (st: Statement, layer?: readonly Statement[]) => {
      if (!st.Action || !st.Resource) return;
      const resources = resolve(st).filter((r) => r !== "*");
      if (resources.length === 0) return;
      for (const action of this.owner.statementActionSet(st)) {
        const c = out.get(action);
        if (!c) continue;
        for (const r of resources) {
          if (c.resources.has(r)) continue;
          const granted = inside(r, action, c.resources);
          // A boundary or SCP allow narrower than the grant matters only where that layer does not
          // already allow the whole granted pattern.
          if (granted && (!layer || !this.layerAllows(layer, action, granted, resolve))) {
            c.resources.add(r);
            const x = indexes.get(action);
            if (x) x.index.add(r, { g: r, order: x.next++ });
          }
        }
      }
    };
    for (const p of this.baseSet.identityPolicies)
      for (const st of p.document.Statement) if (st.Effect === "Deny") add(st);
    const layers = [
      ...(this.baseSet.permissionBoundaries ?? []).map((p) => p.document.Statement),
      ...(this.baseSet.scps ?? []).map((level) => level.flatMap((p) => p.document.Statement)),
    ];
    for (const layer of layers) for (const st of layer) add(st, st.Effect === "Allow" ? layer : undefined);
  }

  /** Whether some Allow statement of a layer (a boundary, an SCP level) allows `action` on all of `granted`. */
  private layerAllows(
    layer: readonly Statement[],
    action: string,
    granted: string,
    resolve: (st: Statement) => string[],
  ): boolean {
    return layer.some((st) => {
      if (st.Effect !== "Allow") return false;
      if (st.NotAction || st.NotResource) return true; // not modelled here: assume it covers, add nothing
      return this.owner.statementActionSet(st).has(action) && resolve(st).some((r) => covers(r, granted));
    });
  }

  /** Why (action, resource) is denied: the Deny statements that match, or the layers lacking an allow. */
  explainDeny(action: string, resource: string): { statements: DecidingStatement[]; missingAllows: string[] } {
    const v = this.variantsFor(action, resource);
    const result = v.relaxed.evaluate({ ...this.base, action, resource }, { explain: true });
    const statements = (result.explanation?.statements ?? [])
      .filter((m) => m.effect === "Deny")
      .map((m) => deciding(m, statementsOf(v)));
    const missingAllows =
      statements.length > 0
        ? []
        : (result.explanation?.missingAllows ?? []).map((m) => (m.policy ? `${m.layer} ${m.policy}` : m.layer));
    return { statements, missingAllows };
  }

  /** A denied `resource` as an exception of a wider grant, with what denies it. */
  exception(action: string, resource: string): AccessException {
    const { statements, missingAllows } = this.explainDeny(action, resource);
    return { resource, statements, ...(missingAllows.length > 0 ? { missingAllows } : {}) };
  }

  /** Allowed, Conditional or Denied for one (action, resource). */
  classify(action: string, resource: string): CellStatus {
    const v = this.variantsFor(action, resource);
    // Actions the relaxed variant decides alike (see `Evaluator.actionClass`) are classified alike
    // on a resource: the strict variant holds the same statements less the conditional allows, so
    // it decides them alike too, and the rest of the request is this principal's. A 1 MB inline
    // policy's `s3:Get*` asks every Get action of S3 about the same resources: 120,000 pairs, of
    // which 50,000 distinct.
    const cls = v.relaxed.actionClass?.(action);
    let known: Map<string, CellStatus> | undefined;
    if (cls !== undefined) {
      known = this.classified.answers(v, cls);
      const hit = known.get(resource);
      if (hit !== undefined) return hit;
    }
    const status = this.classifyNow(v, action, resource);
    if (known) this.classified.add(known, resource, status);
    return status;
  }

  private classifyNow(v: Variants, action: string, resource: string): CellStatus {
    const req = { ...this.base, action, resource };
    if (v.relaxed.evaluate(req).decision !== "Allowed") return "Denied";
    // Without conditional allows the two variants are the same policies: no second evaluation.
    if (v.unconditional) return "Allowed";
    return strictOf(v).evaluate(req).decision === "Allowed" ? "Allowed" : "Conditional";
  }

  /**
   * The conditions a grant of (action, resource) relies on: `explainAllow(action, resource).conditions`,
   * remembered like `classify`'s answers. The allow statements the relaxed variant matches depend on
   * the action only through its class (the same statements name the actions of one class, and an
   * explanation's statements are those of the class's plan that match the rest of the request), so
   * actions of one class share the answer (the same array: not to be changed by the caller).
   */
  allowConditions(action: string, resource: string): ConditionBlock[] | undefined {
    const v = this.variantsFor(action, resource);
    const cls = v.relaxed.actionClass?.(action);
    if (cls === undefined) return this.explainAllowNow(v, action, resource).conditions;
    const known = this.explained.answers(v, cls);
    if (known.has(resource)) return known.get(resource);
    const conditions = this.explainAllowNow(v, action, resource).conditions;
    this.explained.add(known, resource, conditions);
    return conditions;
  }

  /**
   * The allow statements that grant (action, resource), with their original conditions, and the
   * conditions the access relies on: per layer, none if any matching allow there is unconditional,
   * else that layer's conditional allows (any of them suffices).
   */
  explainAllow(action: string, resource: string): AllowExplanation {
    return this.explainAllowNow(this.variantsFor(action, resource), action, resource);
  }

  private explainAllowNow(v: Variants, action: string, resource: string): AllowExplanation {
    const req = { ...this.base, action, resource };
    const result = v.relaxed.evaluate(req, { explain: true });
    const matched = (result.explanation?.statements ?? []).filter((m) => m.effect === "Allow");
    const byLayer = new Map<string, DecidingStatement[]>();
    const statements: DecidingStatement[] = [];
    for (const m of matched) {
      const d = deciding(m, statementsOf(v));
      statements.push(d);
      const layer = `${m.layer}|${m.level ?? ""}`;
      byLayer.set(layer, [...(byLayer.get(layer) ?? []), d]);
    }
    const blocks: ConditionBlock[] = [];
    for (const list of byLayer.values()) {
      if (list.some((d) => !d.conditions)) continue;
      for (const d of list) if (d.conditions) blocks.push(d.conditions);
    }
    const conditions = canonicalConditions(blocks);
    return conditions ? { statements, conditions } : { statements };
  }

  private variantsFor(action: string, resource: string): Variants {
    let key = this.policyKey;
    let set = this.baseSet;
    if (this.usesResourcePolicies || isTrustPolicyAction(action)) {
      set = policySetForPrincipal(this.model, this.principalId, { action, resource });
      if (set.resourcePolicy) key += JSON.stringify(set.resourcePolicy);
    }
    if (key === this.lastKey && this.last) return this.last;
    let v = this.owner.variants.get(key);
    if (!v) {
      v = {
        relaxed: createEvaluator(transformSet(set, relax, this.owner.transformed)),
        unconditional: !policiesOf(set).some((p) =>
          p.document.Statement.some((st) => st.Effect === "Allow" && st.Condition !== undefined),
        ),
        set,
        transformed: this.owner.transformed,
      };
      this.owner.variants.set(key, v);
    }
    this.lastKey = key;
    this.last = v;
    return v;
  }
}

/**
 * Answers remembered per compiled variants, action class (`Evaluator.actionClass`) and resource,
 * for one principal: at most `CLASSIFIED_LIMIT`, then forgotten all at once.
 */
class ClassMemo<T> {
  private byVariants = new WeakMap<Variants, WeakMap<object, Map<string, T>>>();
  private count = 0;

  /** The answers known for (variants, class), by resource (forgetting them all first when full). */
  answers(v: Variants, cls: object): Map<string, T> {
    if (this.count >= CLASSIFIED_LIMIT) {
      this.byVariants = new WeakMap();
      this.count = 0;
    }
    let byClass = this.byVariants.get(v);
    if (!byClass) {
      byClass = new WeakMap();
      this.byVariants.set(v, byClass);
    }
    let known = byClass.get(cls);
    if (!known) {
      known = new Map();
      byClass.set(cls, known);
    }
    return known;
  }

  /** Remembers an answer in a map `answers` gave. */
  add(known: Map<string, T>, resource: string, answer: T): void {
    known.set(resource, answer);
    this.count++;
  }
}

/** `PrincipalAccess.policyKey`: equal for the model's principals holding the same identity policies and boundary. */
export function policyKeyOf(model: AccessModel, p: ModelPrincipal): string {
  return JSON.stringify([identityPolicyIds(model, p), p.boundary ?? ""]);
}

/** `compute()` once per key of a cache. */
function memo<V>(cache: BoundedMap<string, V>, key: string, compute: () => V): V {
  let v = cache.get(key);
  if (v === undefined) {
    v = compute();
    cache.set(key, v);
  }
  return v;
}

/**
 * `covers` remembered per pair of patterns, for one question: the same two resource patterns meet
 * under many actions (a statement's `s3:Get*` names each of its resources for every Get action),
 * so each pair is compared once. Grows with the pairs asked (as the caller's own work does) and
 * is dropped with the caller.
 */
export class CoversMemo {
  private readonly known = new Map<string, Map<string, boolean>>();

  covers(wide: string, narrow: string): boolean {
    if (wide === "*" || wide === narrow) return true;
    let row = this.known.get(wide);
    if (!row) {
      row = new Map();
      this.known.set(wide, row);
    }
    let c = row.get(narrow);
    if (c === undefined) {
      // One resource `narrow` matches (its wildcards read as the empty text, `?` as one letter) must
      // match `wide` for `wide` to cover it: a test of one string, far cheaper than the inclusion of
      // two patterns, turns away most pairs (the lambda functions `f-12*` and `f-5*` of two
      // statements). Patterns with policy variables are left to the inclusion test.
      const sample = wide.includes("$") ? undefined : this.sample(narrow);
      c =
        (sample === undefined || matches(wide, sample, RESOURCE_PATTERN)) &&
        patternCovers(wide, narrow, RESOURCE_PATTERN);
      row.set(narrow, c);
    }
    return c;
  }

  private readonly samples = new Map<string, string | undefined>();

  /** A resource `pattern` matches; undefined for a pattern with a policy variable (or `${*}`). */
  private sample(pattern: string): string | undefined {
    if (this.samples.has(pattern)) return this.samples.get(pattern);
    const s = pattern.includes("$") ? undefined : pattern.replace(/\*/g, "").replace(/\?/g, "a");
    this.samples.set(pattern, s);
    return s;
  }
}

/**
 * Whether every resource the pattern `narrow` matches, `wide` matches too (`bucket/*` covers
 * `bucket/secret/*`): exact pattern inclusion, ARN parts apart, as the one wildcard module decides it.
 */
export function covers(wide: string, narrow: string): boolean {
  return wide === "*" || wide === narrow || patternCovers(wide, narrow, RESOURCE_PATTERN);
}

function deciding(m: MatchedStatement, originals: Map<string, Statement>): DecidingStatement {
  const original = originals.get(`${m.layer}|${m.policy}|${m.statementIndex}`);
  const d: DecidingStatement = {
    layer: m.layer,
    policy: m.policy,
    statementIndex: m.statementIndex,
    effect: m.effect,
  };
  if (m.sid) d.sid = m.sid;
  const cond = original?.Condition ?? m.conditions;
  if (cond && Object.keys(cond).length > 0) d.conditions = cond;
  return d;
}

function statementIndex(set: PolicySet): Map<string, Statement> {
  const out = new Map<string, Statement>();
  const add = (layer: string, list: readonly NamedPolicy[], positional: (i: number) => string): void => {
    list.forEach((p, i) => {
      p.document.Statement.forEach((s, j) => {
        out.set(`${layer}|${p.name ?? positional(i)}|${j}`, s);
      });
    });
  };
  add("identity", set.identityPolicies, (i) => `identity[${i}]`);
  add("boundary", set.permissionBoundaries ?? [], (i) => `boundary[${i}]`);
  for (const [l, level] of (set.scps ?? []).entries()) add("scp", level, (i) => `scp[${l}][${i}]`);
  for (const [l, level] of (set.rcps ?? []).entries()) add("rcp", level, (i) => `rcp[${l}][${i}]`);
  if (set.sessionPolicy) add("session", [set.sessionPolicy], () => "session");
  if (set.resourcePolicy) add("resource", [set.resourcePolicy], () => "resource");
  return out;
}

type StatementTransform = (s: Statement) => Statement | undefined;

/** Allow statements lose their conditions; statement positions are kept, so explanations map back. */
const relax: StatementTransform = (s) => {
  if (s.Effect !== "Allow" || !s.Condition) return s;
  const { Condition: _dropped, ...rest } = s;
  return rest;
};

/** Allow statements with conditions are dropped: only what holds unconditionally remains. */
const strictly: StatementTransform = (s) => (s.Effect === "Allow" && s.Condition ? undefined : s);

/**
 * Transformed documents by transform and original, kept by a model's `ModelAccess`: principals
 * holding one document (a team's boundary) share its variants, and so the engine's compiled
 * statements (`withCompileCache`).
 */
type TransformMemo = Map<StatementTransform, WeakMap<PolicyDocument, PolicyDocument>>;

function transformPolicy(p: NamedPolicy, f: StatementTransform, memo: TransformMemo): NamedPolicy {
  let byDocument = memo.get(f);
  if (!byDocument) {
    byDocument = new WeakMap();
    memo.set(f, byDocument);
  }
  let document = byDocument.get(p.document);
  if (!document) {
    const Statement = p.document.Statement.flatMap((s) => {
      const t = f(s);
      return t ? [t] : [];
    });
    // A document the transform leaves as it is stays itself (the relaxed and strict variants of a
    // policy without conditional allows are one document, compiled once).
    const same =
      Statement.length === p.document.Statement.length && Statement.every((s, i) => s === p.document.Statement[i]);
    document = same ? p.document : { ...p.document, Statement };
    byDocument.set(p.document, document);
  }
  return { ...(p.name !== undefined ? { name: p.name } : {}), document };
}

function transformSet(set: PolicySet, f: StatementTransform, memo: TransformMemo): PolicySet {
  const t = (p: NamedPolicy) => transformPolicy(p, f, memo);
  const out: PolicySet = { identityPolicies: set.identityPolicies.map(t) };
  if (set.permissionBoundaries) out.permissionBoundaries = set.permissionBoundaries.map(t);
  if (set.scps) out.scps = set.scps.map((level) => level.map(t));
  if (set.rcps) out.rcps = set.rcps.map((level) => level.map(t));
  if (set.sessionPolicy) out.sessionPolicy = t(set.sessionPolicy);
  if (set.resourcePolicy) out.resourcePolicy = t(set.resourcePolicy);
  return out;
}
