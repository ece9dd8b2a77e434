import type { ActionInfo } from "../../catalog/types.js";
import { compilePolicySet } from "../../engine/index.js";
import type { Evaluator } from "../../engine/types.js";
import { policiesOf } from "../../model/policy-set.js";
import { setOwn } from "../../policy/own.js";
import type { AccessRequest, PolicySet } from "../../policy/policy-set.js";
import { isTrustPolicyAction, TRUST_POLICY_ACTIONS } from "../../policy/trust.js";
import type { NamedPolicy, PolicyDocument } from "../../policy/types.js";
import { BoundedMap } from "../../util/bounded-map.js";
import type { Facet } from "../review/principal-access.js";
import { expand } from "./expand.js";
import { PROBE_REGION, probeResources } from "./probe.js";
import { Analyzer, analyzeMethods, type MethodResult, type RiskSubject, type RiskWorld } from "./risk/analysis.js";
import { ESCALATION_METHODS } from "./risk/methods.js";
import { riskOracle } from "./risk/oracle.js";
import type { Catalog, EffectiveAccess, Grant, ProbeOptions, RiskPrincipal } from "./types.js";

/**
 * Effective permissions of one principal, asked of the engine request by request. Every probe is
 * a real evaluation of the principal's whole policy set (identity policies, boundary, SCPs), so a
 * Deny or a boundary that removes a risk is honoured, and a statement scoped to named resources
 * does not allow the probe's representative resource.
 */
export interface AccessSource {
  principal: RiskPrincipal;
  /** The identity policies, for the candidate actions. */
  identityPolicies: readonly NamedPolicy[];
  /**
   * Equal for principals of one model whose policy sets, resource policies aside, are equal
   * (`PrincipalAccess.policyKey`): they share compiled sets. Default: "" (a lone policy's own caches).
   */
  policyKey?: string;
  /** The policy set deciding `action` on `resource` (a resource policy when the model has one). */
  policySet(action: string, resource: string): PolicySet;
  /** The principal's normal session context (MFA, TLS, region, tags). */
  context: Record<string, string | string[]>;
  /**
   * Whether a resource policy may grant on its own (the model has bucket or key policies). When
   * not, an action no identity Allow names cannot be allowed, and is not evaluated.
   */
  resourcePolicies?: boolean;
  /** The ARN a request by this principal carries. */
  requestPrincipal: string;
  /** Where statement `statement` of policy `policy` (as the engine names it) was written, and its id. */
  locate(policy: string, statement: number): Partial<Omit<Grant, "statement">>;
  /**
   * Whether the holder is a real principal (a model's) rather than the imagined holder of a lone
   * policy, and what it belongs to: escalation targets are judged against them.
   */
  holder?: { known: boolean; groups?: readonly string[]; managedPolicies?: readonly string[] };
  /** The model's real principals, groups and policies, and whether acting as a role gains anything. */
  world?: RiskWorld;
  /** The time risk probes are made at (default: now). */
  now?: Date;
}

/** Context keys that describe the principal itself (kept in every risk probe). */
function principalKeys(context: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(context)) {
    const l = k.toLowerCase();
    if (l.startsWith("aws:principal") || l === "aws:username" || l === "aws:userid") out[k] = v;
  }
  return out;
}

function riskSubject(src: AccessSource): RiskSubject {
  const p = src.principal;
  const region = src.context["aws:RequestedRegion"];
  return {
    arn: p.arn,
    partition: p.partition,
    account: p.account,
    region: typeof region === "string" ? region : PROBE_REGION,
    kind: /:user\//.test(p.arn) ? "user" : "role",
    known: src.holder?.known ?? false,
    keys: principalKeys(src.context),
    groups: src.holder?.groups ?? [],
    managedPolicies: src.holder?.managedPolicies ?? [],
  };
}

/**
 * Services whose resource policy must also allow, and the policy AWS gives by default: a KMS key's
 * default key policy delegates to the account's IAM policies; a role's trust policy is what an
 * escalation through `iam:UpdateAssumeRolePolicy` rewrites. Probes assume these defaults, so that
 * the identity side decides.
 */
function defaultResourcePolicy(
  action: string,
  principal: RiskPrincipal,
  caches: AccessCaches,
): NamedPolicy | undefined {
  const a = action.toLowerCase();
  const kms = a.startsWith("kms:");
  if (!kms && !isTrustPolicyAction(a)) return undefined;
  // One object per account and kind, shared by the account's principals: the engine compiles a
  // document once per object (750 principals compiled 750 equal key policies).
  return caches.defaultPolicy(`${kms ? "k" : "s"}:${principal.partition}:${principal.account}`, () => {
    const root = `arn:${principal.partition}:iam::${principal.account}:root`;
    const allow = (actions: readonly string[]): PolicyDocument => ({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: [root] }, Action: [...actions], Resource: ["*"] }],
    });
    if (kms) return { name: "(default key policy)", document: allow(["kms:*"]) };
    return { name: "(trust policy)", document: allow(TRUST_POLICY_ACTIONS) };
  });
}

/**
 * Actions named by the Allow statements of `doc` (NotAction: every catalog action it does not
 * exclude), each with the index of the first Allow statement that names it.
 */
export function namedActions(catalog: Catalog, doc: PolicyDocument): Map<string, number> {
  const out = new Map<string, number>();
  // Each pattern, and each NotAction list, adds nothing the second time: the first statement
  // naming it named its actions. So a document costs its distinct patterns, not its statements.
  const seen = new Set<string>();
  const seenNot = new Set<string>();
  /** Catalog actions not named yet, as far as NotAction statements are concerned (made by the first). */
  let remaining: readonly ActionInfo[] | undefined;
  const statements = doc.Statement ?? [];
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    if (st.Effect !== "Allow") continue;
    if (st.Action) {
      for (const p of st.Action) {
        if (seen.has(p)) continue;
        seen.add(p);
        for (const a of expand(catalog, p, doc).actions) if (!out.has(a.key)) out.set(a.key, i);
      }
    } else if (st.NotAction) {
      const key = st.NotAction.join("\n");
      if (seenNot.has(key)) continue;
      seenNot.add(key);
      remaining ??= catalog.allActions();
      if (remaining.length === 0) continue;
      const excluded = new Set<string>();
      for (const p of st.NotAction) for (const a of expand(catalog, p, doc).actions) excluded.add(a.key);
      // What this statement does not name stays for the next; the rest is named (here or before).
      remaining = remaining.filter((a) => {
        if (excluded.has(a.key)) return !out.has(a.key);
        if (!out.has(a.key)) out.set(a.key, i);
        return false;
      });
    }
  }
  return out;
}

/** Compiled policy sets a model's principals share (per distinct set and resource policy). */
const EVALUATOR_LIMIT = 4096;
/** Per principal: decisions remembered (every catalog action, with room for probes on named resources). */
const DECISION_LIMIT = 65536;
/** Per principal: the evaluator of each probe resource, and session contexts built for rules. */
const RESOURCE_LIMIT = 4096;
const CONTEXT_LIMIT = 256;

/**
 * The caches the effective access of a model's principals reads through, kept by the model's
 * one effective-access object (`ModelAccess.facet(checksAccess)`), so principals share what their
 * keys allow: the compiled policy set of principals holding the same policies, each document's
 * named actions. A lone policy document gets its own (`new AccessCaches(catalog)`). Everything is
 * bounded: the maps by their limits, the per-document tables by the documents' lifetime.
 */
export class AccessCaches {
  /** Compiled policy sets by `policyKey|resource policy`: principals holding the same policies share one. */
  readonly evaluators = new BoundedMap<string, Evaluator | null>(EVALUATOR_LIMIT);
  private readonly named = new WeakMap<PolicyDocument, Map<string, number>>();
  private readonly sorted = new WeakMap<PolicyDocument, readonly string[]>();
  private readonly services = new WeakMap<Map<string, number>, Set<string>>();
  private readonly documentIds = new WeakMap<PolicyDocument, number>();
  private readonly principals: BoundedMap<string, EffectiveAccess>;
  /** `defaultResourcePolicy`'s documents by kind, partition and account (read only). */
  private readonly defaults = new BoundedMap<string, NamedPolicy>(EVALUATOR_LIMIT);

  /** `principals`: how many principals' access to keep (the model's count: each is asked again and again). */
  constructor(
    readonly catalog: Catalog,
    principals = 1,
  ) {
    this.principals = new BoundedMap(Math.max(1, principals));
  }

  /** The effective access of principal `id`, made from `source()` on first use. */
  access(id: string, source: () => AccessSource): EffectiveAccess {
    let a = this.principals.get(id);
    if (!a) {
      a = createEffectiveAccess(this, source());
      this.principals.set(id, a);
    }
    return a;
  }

  /** The default resource policy of `key` (kind, partition, account), made by `make` on first use. */
  defaultPolicy(key: string, make: () => NamedPolicy): NamedPolicy {
    let p = this.defaults.get(key);
    if (!p) {
      p = make();
      this.defaults.set(key, p);
    }
    return p;
  }

  /** `namedActions` of a document, once per document. */
  namedActions(doc: PolicyDocument): Map<string, number> {
    let out = this.named.get(doc);
    if (!out) {
      out = namedActions(this.catalog, doc);
      this.named.set(doc, out);
    }
    return out;
  }

  /** The actions of `namedActions`, sorted (one shared array per document: not to be changed). */
  sortedCandidates(doc: PolicyDocument): readonly string[] {
    let list = this.sorted.get(doc);
    if (!list) {
      list = [...this.namedActions(doc).keys()].sort();
      this.sorted.set(doc, list);
    }
    return list;
  }

  /** The service prefixes of a `namedActions` map (lower case, as the catalog spells them). */
  servicesOf(named: Map<string, number>): Set<string> {
    let out = this.services.get(named);
    if (!out) {
      out = new Set();
      for (const key of named.keys()) out.add(key.slice(0, key.indexOf(":")));
      this.services.set(named, out);
    }
    return out;
  }

  /** A number naming a document while it lives (resource policies in evaluator keys). */
  documentId(doc: PolicyDocument): number {
    let id = this.documentIds.get(doc);
    if (id === undefined) {
      id = ++documentCount;
      this.documentIds.set(doc, id);
    }
    return id;
  }

  /**
   * The catalog's spelling of `action` when some map of `maps` names an action of its service, else
   * `undefined`: asking about an action of another service loads nothing from the catalog.
   */
  spelledAmong(maps: readonly Map<string, number>[], action: string): string | undefined {
    const colon = action.indexOf(":");
    if (colon <= 0) return undefined;
    const service = action.slice(0, colon).toLowerCase();
    if (!maps.some((m) => this.servicesOf(m).has(service))) return undefined;
    return this.catalog.action(action)?.key;
  }
}

let documentCount = 0;

/** Two sorted lists without repeats (code-unit order, as `sort()` orders strings) as one. */
function mergeSorted(a: readonly string[], b: readonly string[]): readonly string[] {
  if (a.length === 0) return b.slice();
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x < y) {
      out.push(x);
      i++;
    } else if (y < x) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/**
 * Whether `action` is neither a KMS nor an STS action (`kms:`, `sts:` in any case), told from its
 * first four characters without lower-casing it: the policy set of any other action is the
 * principal's own without a resource policy. Every trust-policy action is an STS one. A first
 * character other than `k` or `s` is enough; a non-ASCII one among the next three is left to the
 * caller's lower-cased test (lower-casing could make it ASCII).
 */
function plainAction(action: string): boolean {
  const c0 = action.charCodeAt(0) | 32;
  if (c0 !== 107 /* k */ && c0 !== 115 /* s */) return true;
  const c1 = action.charCodeAt(1);
  const c2 = action.charCodeAt(2);
  const c3 = action.charCodeAt(3);
  if (c1 >= 128 || c2 >= 128 || c3 >= 128) return false;
  const second = c0 === 107 ? 109 /* m */ : 116; /* t */
  return !((c1 | 32) === second && (c2 | 32) === 115 /* s */ && c3 === 58) /* : */;
}

/**
 * A probe context as text, for decision keys: once per context object (a rule asks thousands of
 * actions with the same one; `JSON.stringify` per question was the top cost of many-role checks).
 * An empty context is the empty text, as is no context. Callers do not change a context object
 * after asking with it (rules pass literals).
 */
function contextText(context: Readonly<Record<string, string | string[]>>): string {
  let text = contextTexts.get(context);
  if (text === undefined) {
    text = Object.keys(context).length === 0 ? "" : JSON.stringify(context);
    contextTexts.set(context, text);
  }
  return text;
}
const contextTexts = new WeakMap<object, string>();

/** The checks' caches of a model, kept by its `ModelAccess` (`modelAccess(model, catalog).facet(checksAccess)`). */
export const checksAccess: Facet<AccessCaches> = {
  name: "checks",
  make: (owner) => new AccessCaches(owner.catalog, owner.model.principals.length),
};

/**
 * The effective access of one principal, through `caches` (its model's, or a lone policy's own).
 * Obtain a model principal's through `AccessCaches.access`, which keeps one per principal.
 */
export function createEffectiveAccess(caches: AccessCaches, src: AccessSource): EffectiveAccess {
  const catalog = caches.catalog;
  /** The principal's compiled sets by resource-policy key (a few: one per resource policy in play). */
  const evaluators = new Map<string, Evaluator | null>();
  const evaluatorsByResource = new BoundedMap<string, Evaluator | null>(RESOURCE_LIMIT);
  const contexts = new BoundedMap<string, Record<string, string | string[]>>(CONTEXT_LIMIT);
  const decisions = new BoundedMap<string, boolean>(DECISION_LIMIT);
  let candidates: string[] | undefined;
  /** Each identity policy's named actions (catalog spelling → first Allow statement), in policy order. */
  let namedMaps: Map<string, number>[] | undefined;
  /** One `Grant` per statement that names an action, shared by the actions it names. */
  const grantsByStatement = new Map<string, Grant>();
  let escalations: MethodResult[] | undefined;
  let restricted: boolean | undefined;
  /** The principal's policy set without a resource's (`src.policySet("", "*")`), made once: asked by `restricted`, `openStatements` and the analyzer. */
  let base: PolicySet | undefined;
  const baseSet = (): PolicySet => {
    base ??= src.policySet("", "*");
    return base;
  };

  function evaluatorFor(action: string, resource: string): Evaluator | null {
    // Without resource policies in play, the set only differs for KMS (the default key policy) and
    // sts:AssumeRole* (a trust policy): look the evaluator up before building anything.
    if (!src.resourcePolicies && plainAction(action)) {
      const ev = evaluators.get("");
      if (ev !== undefined) return ev;
    }
    // The set depends on the action only through these prefixes, and otherwise on the resource.
    const a = action.toLowerCase();
    const kind = a.startsWith("kms:") ? "k" : isTrustPolicyAction(a) ? "s" : "-";
    const byResource = `${kind}${resource}`;
    const known = evaluatorsByResource.get(byResource);
    if (known !== undefined) return known;
    let set = src.policySet(action, resource);
    const rp = set.resourcePolicy;
    let key = rp ? `resource:${caches.documentId(rp.document)}:${rp.name ?? ""}` : "";
    if (!rp) {
      const def = defaultResourcePolicy(action, src.principal, caches);
      if (def) {
        set = { ...set, resourcePolicy: def };
        // The default policy names the principal's account root.
        key = `default:${src.principal.partition}:${src.principal.account}:${def.name ?? ""}`;
      }
    }
    let ev = evaluators.get(key);
    if (ev === undefined) {
      // Principals holding the same policies share the compiled set.
      const shared = `${src.policyKey ?? ""}|${key}`;
      ev = caches.evaluators.get(shared);
      if (ev === undefined) {
        // A policy set that does not compile (an unknown operator) allows nothing here; the parser
        // reports why (policy-unknown-condition-operator).
        ev = compilePolicySet(set).evaluator ?? null;
        caches.evaluators.set(shared, ev);
      }
      evaluators.set(key, ev);
    }
    evaluatorsByResource.set(byResource, ev);
    return ev;
  }

  function probeList(action: string): string[] {
    return probeResources(catalog, action, src.principal.partition, src.principal.account);
  }

  function named(): Map<string, number>[] {
    namedMaps ??= src.identityPolicies.map((p) => caches.namedActions(p.document));
    return namedMaps;
  }

  /** Whether some identity Allow statement names `action` (any spelling of a catalog action). */
  function isNamed(action: string): boolean {
    const maps = named();
    for (const m of maps) if (m.has(action)) return true;
    const key = caches.spelledAmong(maps, action);
    if (key === undefined || key === action) return false;
    for (const m of maps) if (m.has(key)) return true;
    return false;
  }

  function request(
    action: string,
    opts: ProbeOptions | undefined,
    resource = opts?.resource ?? probeList(action)[0],
  ): AccessRequest {
    let context = src.context;
    if (opts?.context || opts?.without) {
      // Built once per distinct change (rules ask thousands of actions with the same one).
      const key = `${opts.context ? contextText(opts.context) : ""}|${(opts.without ?? []).join(",")}`;
      let built = contexts.get(key);
      if (!built) {
        const drop = new Set(opts.without ?? []);
        built = {};
        for (const [k, v] of Object.entries({ ...context, ...opts.context })) if (!drop.has(k)) setOwn(built, k, v);
        contexts.set(key, built);
      }
      context = built;
    }
    return { principal: src.requestPrincipal, action, resource, resourceAccount: src.principal.account, context };
  }

  function cacheKey(action: string, opts: ProbeOptions | undefined): string {
    if (!opts) return action;
    const context = opts.context ? contextText(opts.context) : "";
    const without = opts.without ? opts.without.join(",") : "";
    return `${action}|${opts.resource ?? ""}|${context}|${without}`;
  }

  /** Per identity policy: its named actions and the indexes of its open statements. */
  type OpenPolicy = { named: Map<string, number>; statements: Set<number> };
  let open: OpenPolicy[] | null | undefined;
  let openMaps: Map<string, number>[] | undefined;
  /**
   * When nothing can restrict the principal (no Deny, boundary, SCP, RCP, session or resource
   * policy) and its policies compile, an action some Allow statement grants on `*` without a
   * condition is allowed on every resource in every context: the engine would say so for each
   * probe. Such a statement is "open"; an action whose first naming statement (`namedActions`) is
   * open skips the evaluation, every other one is evaluated (nothing is expanded for this: the
   * engine answers alike for an action a later open statement names).
   */
  function openStatements(): OpenPolicy[] | null {
    if (open !== undefined) return open;
    open = null;
    if (src.resourcePolicies || access.restricted()) return open;
    const set = baseSet();
    if (set.sessionPolicy || set.resourcePolicy || !evaluatorFor("", "*")) return open;
    const out: OpenPolicy[] = [];
    for (const p of set.identityPolicies) {
      const statements = new Set<number>();
      p.document.Statement.forEach((st, i) => {
        if (st.Effect !== "Allow" || st.Condition || st.Principal || st.NotPrincipal) return;
        if (st.Resource?.includes("*") && (st.Action || st.NotAction)) statements.add(i);
      });
      if (statements.size > 0) out.push({ named: caches.namedActions(p.document), statements });
    }
    open = out;
    return open;
  }

  /** Whether an open statement is the first to name `action` (then it is allowed on any resource in any context). */
  function isOpen(action: string): boolean {
    const policies = openStatements();
    if (!policies || policies.length === 0) return false;
    let key = action;
    for (let pass = 0; pass < 2; pass++) {
      // KMS and STS requests need their resource's policy too (a key policy, a trust policy):
      // never open, always evaluated.
      if (key.startsWith("kms:") || key.startsWith("sts:")) return false;
      for (const p of policies) {
        const i = p.named.get(key);
        if (i !== undefined && p.statements.has(i)) return true;
      }
      openMaps ??= policies.map((p) => p.named);
      const spelled = caches.spelledAmong(openMaps, action);
      if (spelled === undefined || spelled === key) return false;
      key = spelled;
    }
    return false;
  }

  let analysis: { analyzer: Analyzer; input: ConstructorParameters<typeof Analyzer>[0] } | undefined;
  /** The realistic-context analysis of this principal, built once. */
  function analyzer() {
    if (analysis) return analysis;
    const oracle = riskOracle({
      catalog,
      identityPolicies: src.identityPolicies,
      layers: policiesOf(baseSet()),
      allowed(action, resource, context) {
        if (isOpen(action)) return true;
        const ev = evaluatorFor(action, resource);
        if (!ev) return false;
        const req = {
          principal: src.requestPrincipal,
          action,
          resource,
          resourceAccount: src.principal.account,
          context,
        };
        return ev.evaluate(req).decision === "Allowed";
      },
    });
    const base = { subject: riskSubject(src), oracle, now: src.now ?? new Date() };
    const input = src.world ? { ...base, world: src.world } : base;
    analysis = { analyzer: new Analyzer(input), input };
    return analysis;
  }

  const access: EffectiveAccess = {
    locate(policy, statement) {
      return { policy, statement, ...src.locate(policy, statement) };
    },
    escalations() {
      if (!escalations) {
        const { analyzer: a, input } = analyzer();
        escalations = analyzeMethods(ESCALATION_METHODS, input, a);
      }
      return escalations;
    },
    principal: src.principal,
    restricted() {
      if (restricted === undefined) {
        const set = baseSet();
        restricted =
          (set.permissionBoundaries?.length ?? 0) > 0 ||
          (set.scps?.length ?? 0) > 0 ||
          (set.rcps?.length ?? 0) > 0 ||
          policiesOf(set).some((p) => p.document.Statement.some((st) => st.Effect === "Deny"));
      }
      return restricted;
    },
    possible(action, resource, context) {
      return analyzer().analyzer.decide(action, resource, context);
    },
    allows(action, opts) {
      const key = cacheKey(action, opts);
      let allowed = decisions.get(key);
      if (allowed === undefined && !src.resourcePolicies && !isNamed(action)) allowed = false;
      if (allowed === undefined) {
        if (isOpen(action)) allowed = true;
      }
      if (allowed === undefined) {
        // Without a given resource, every required resource type's probe must be allowed.
        // (Asked for every action a policy names: nothing is built per probe but the request.)
        const resources = opts?.resource !== undefined ? [opts.resource] : probeList(action);
        allowed = true;
        for (let i = 0; i < resources.length && allowed; i++) {
          const ev = evaluatorFor(action, resources[i]);
          allowed = ev !== null && ev.evaluate(request(action, opts, resources[i])).decision === "Allowed";
        }
        decisions.set(key, allowed);
      }
      return allowed;
    },
    grants(action, opts) {
      if (!access.allows(action, opts)) return undefined;
      const req = request(action, opts);
      const ev = evaluatorFor(action, req.resource);
      const result = ev?.evaluate(req, { explain: true });
      const out: Grant[] = [];
      for (const m of result?.explanation?.statements ?? []) {
        if (m.layer !== "identity" || m.effect !== "Allow") continue;
        out.push({ policy: m.policy, statement: m.statementIndex, ...src.locate(m.policy, m.statementIndex) });
      }
      return out;
    },
    namedBy(action) {
      const maps = named();
      for (let i = 0; i < maps.length; i++) {
        const statement = maps[i].get(action);
        if (statement === undefined) continue;
        const policy = src.identityPolicies[i].name ?? "";
        const key = `${i}#${statement}`;
        let grant = grantsByStatement.get(key);
        if (!grant) {
          grant = { policy, statement, ...src.locate(policy, statement) };
          grantsByStatement.set(key, grant);
        }
        return grant;
      }
      return undefined;
    },
    candidateActions() {
      if (!candidates) {
        const policies = src.identityPolicies;
        if (policies.length === 1) candidates = caches.sortedCandidates(policies[0].document) as string[];
        else {
          // The documents' sorted lists merged (each sorted and without repeats): no set and no
          // sort of every action per principal.
          let all: readonly string[] = [];
          for (const p of policies) all = mergeSorted(all, caches.sortedCandidates(p.document));
          candidates = all as string[];
        }
      }
      return candidates;
    },
  };
  return access;
}
