import type { Catalog } from "../../../catalog/catalog.js";
import type { NamedPolicy, Statement } from "../../../policy/types.js";
import { listNames, StatementIndex } from "../action-index.js";
import { statementJson } from "../util.js";
import type { GrantStatement, RiskOracle } from "./analysis.js";
import type { Context } from "./contexts.js";

/**
 * A `RiskOracle` over the effective-access object: requests are decided by its engine evaluator
 * (the principal's whole policy set — identity policies, boundary, SCPs, and the resource's
 * policy where there is one); this module only answers which statements name an action, and what
 * the catalog says of its resource types. Caches are bounded.
 */
export interface OracleSource {
  catalog: Catalog;
  /** The principal's identity policies (their Allow statements are the grants). */
  identityPolicies: readonly NamedPolicy[];
  /** Every policy of every layer that decides the principal's requests (for condition candidates). */
  layers: readonly NamedPolicy[];
  /** Whether the principal's policy set allows the request. */
  allowed(action: string, resource: string, context: Context): boolean;
}

/** Whether a statement's `Action`/`NotAction` covers `action`. */
export function statementNames(st: Statement, action: string): boolean {
  if (st.Action) return listNames(st.Action, action);
  if (st.NotAction) return !listNames(st.NotAction, action);
  return false;
}

const FEW = 64;

/**
 * The first of each group of equal statements (from `FEW` statements on) (same JSON), in order. The analysis reads the
 * statements naming an action for their resources, conditions and the first one's place, which
 * a repeat of an earlier statement cannot change: 20,000 statements of `"Action": "*"` are one.
 */
export function firstOfEach<T>(items: readonly T[], statement: (item: T) => Statement): T[] {
  // A few statements cost little to read again: no JSON per statement for every principal of a
  // model. A statement object's JSON is made once (`statementJson`): principals share statements.
  if (items.length < FEW) return items.slice();
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const key = statementJson(statement(item));
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

const CACHE = 4096;

/**
 * A memo keyed by the action as asked (no lower-cased copy per question: the analysis asks the
 * same few hundred action names for every principal), emptied when it reaches `CACHE` entries.
 */
class Memo<V> {
  private readonly map = new Map<string, V>();
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, v: V): V {
    if (this.map.size >= CACHE) this.map.clear();
    this.map.set(key, v);
    return v;
  }
}

/** What the catalog says of an action's required resource types, shared by every principal's oracle. */
const typeCaches = new WeakMap<Catalog, Memo<Map<string, readonly string[]>>>();

export function riskOracle(src: OracleSource): RiskOracle {
  const grantCache = new Memo<GrantStatement[]>();
  const statementCache = new Memo<readonly Statement[]>();
  let typeCache = typeCaches.get(src.catalog);
  if (!typeCache) {
    typeCache = new Memo();
    typeCaches.set(src.catalog, typeCache);
  }
  const types = typeCache;
  // Services some Allow statement names: an action of another service has no grant (fast reject).
  let allowServices: Set<string> | "all" = new Set();
  for (const p of src.identityPolicies) {
    for (const st of p.document.Statement) {
      if (st.Effect !== "Allow" || allowServices === "all") continue;
      if (!st.Action) allowServices = "all";
      else
        for (const a of st.Action) {
          const svc = a.slice(0, Math.max(0, a.indexOf(":"))).toLowerCase();
          if (a === "*" || svc === "" || svc.includes("*") || svc.includes("?")) allowServices = "all";
          else if (allowServices !== "all") allowServices.add(svc);
        }
    }
  }
  const NONE: GrantStatement[] = [];
  // Statements indexed by service (built on first use): a policy of thousands of entries is asked
  // about hundreds of actions.
  let allowIndex: StatementIndex<Statement & { grant: GrantStatement }> | undefined;
  let sharedNamed: readonly unknown[] | undefined;
  let sharedGrants: GrantStatement[] | undefined;
  let layerIndex: StatementIndex<Statement> | undefined;

  return {
    allowed: src.allowed,
    grants(action: string): GrantStatement[] {
      const hit = grantCache.get(action);
      if (hit) return hit;
      const key = action.toLowerCase();
      // Not remembered: the test is as cheap as the lookup (a lone policy's analysis asks ~100
      // actions of services it does not name, and each remembered one grew the memo).
      if (allowServices !== "all" && !allowServices.has(key.slice(0, key.indexOf(":")))) return NONE;
      allowIndex ??= new StatementIndex(
        firstOfEach(
          src.identityPolicies.flatMap((p) =>
            p.document.Statement.flatMap((statement, index) =>
              statement.Effect === "Allow" ? [{ statement, policy: p.name ?? "", index }] : [],
            ),
          ),
          (g) => g.statement,
        ).map((grant) => ({ ...grant.statement, grant })),
      );
      // Actions the index answers with one shared list (none of its statements tested) share its grants.
      const named = allowIndex.naming(action);
      if (named === sharedNamed) return grantCache.set(action, sharedGrants!);
      const grants = named.map((s) => s.grant);
      if (allowIndex.isShared(named)) {
        sharedNamed = named;
        sharedGrants = grants;
      }
      return grantCache.set(action, grants);
    },
    statements(action: string): readonly Statement[] {
      const hit = statementCache.get(action);
      if (hit) return hit;
      layerIndex ??= new StatementIndex(
        firstOfEach(
          src.layers.flatMap((p) => p.document.Statement),
          (st) => st,
        ),
      );
      return statementCache.set(action, layerIndex.naming(action));
    },
    requiredTypes(action: string): ReadonlyMap<string, readonly string[]> {
      const hit = types.get(action);
      if (hit) return hit;
      const out = new Map<string, readonly string[]>();
      for (const rt of src.catalog.action(action)?.resourceTypes ?? [])
        if (rt.required && rt.arnFormats.length > 0) out.set(`${rt.service}:${rt.name}`, rt.arnFormats);
      return types.set(action, out);
    },
    formats(type: string): readonly string[] {
      const [service, name] = type.split(":");
      return src.catalog.resourceType(service, name)?.arnFormats ?? [];
    },
  };
}
