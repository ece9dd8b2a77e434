import type { Catalog } from "../../../catalog/catalog.js";
import type { NamedPolicy, Statement } from "../../../policy/types.js";
import { StatementIndex, statementNames } from "../action-index.js";
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

const FEW = 64;

/**
 * The first of each group of equal statements (from `FEW` statements on) (same JSON), in order. The analysis reads the
 * statements naming an action for their resources, conditions and the first one's place, which
 * a repeat of an earlier statement cannot change: 20,000 statements of `"Action": "*"` are one.
 */
export function firstOfEach<T>(items: readonly T[], statement: (item: T) => Statement, always = false): T[] {
  // A few statements cost little to read again: no JSON per statement for every principal of a
  // model. A statement object's JSON is made once (`statementJson`): principals share statements.
  // (`always`: the items are some of a longer list's, which is read so.)
  if (items.length < FEW && !always) return items.slice();
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

/**
 * How many actions a lookup answers by reading the statements before it indexes them: a
 * principal's analysis often asks about a handful of actions (the steps of the methods its Allow
 * statements name), where indexing every statement of its policies (and making each one's JSON to
 * tell equal ones) cost more than reading them; a policy of thousands of statements asked about
 * hundreds of actions is indexed after the first few.
 */
const SCAN = 8;

/** What a `StatementIndex` reads of a statement, with the item it stands for. */
type Named<T> = { Action?: string[]; NotAction?: string[]; item: T };

/**
 * The items whose statement names an action (`statementNames`), in order, the first of each group
 * of equal statements when `firstOfEach` reads them as one: read from the items for the first
 * `SCAN` actions asked, then from a `StatementIndex` of `firstOfEach(items)`. Both give the same
 * list: equal statements name the same actions, so the first of equal ones among those naming the
 * action is the first of equal ones.
 */
class NamingLookup<T> {
  private items?: readonly T[];
  private index?: StatementIndex<Named<T>>;
  private asked = 0;
  /** The list the index shares among the actions it tests no statement for, and its items (one copy). */
  private shared?: { named: readonly Named<T>[]; items: T[] };

  constructor(
    private readonly make: () => readonly T[],
    private readonly statement: (item: T) => Statement,
  ) {}

  naming(action: string): T[] {
    this.items ??= this.make();
    if (this.index || ++this.asked > SCAN) {
      this.index ??= new StatementIndex(
        firstOfEach(this.items, this.statement).map((item) => {
          const st = this.statement(item);
          return { Action: st.Action, NotAction: st.NotAction, item };
        }),
      );
      const named = this.index.naming(action);
      // Actions answered with the index's one shared list (10,000 NotAction statements asked
      // about hundreds of actions) share one list of items too.
      if (this.shared?.named === named) return this.shared.items;
      const items = named.map((s) => s.item);
      if (this.index.isShared(named)) this.shared = { named, items };
      return items;
    }
    const named: T[] = [];
    for (const item of this.items) if (statementNames(this.statement(item), action)) named.push(item);
    return this.items.length < FEW || named.length < 2 ? named : firstOfEach(named, this.statement, true);
  }
}

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
  // The Allow statements of the identity policies, and the statements of every layer.
  const allows = new NamingLookup<GrantStatement>(
    () =>
      src.identityPolicies.flatMap((p) =>
        p.document.Statement.flatMap((statement, index) =>
          statement.Effect === "Allow" ? [{ statement, policy: p.name ?? "", index }] : [],
        ),
      ),
    (g) => g.statement,
  );
  const layers = new NamingLookup<Statement>(
    () => src.layers.flatMap((p) => p.document.Statement),
    (st) => st,
  );

  let allowStatements: Statement[] | undefined;

  return {
    allowed: src.allowed,
    allowStatements() {
      allowStatements ??= src.identityPolicies.flatMap((p) =>
        p.document.Statement.filter((st) => st.Effect === "Allow"),
      );
      return allowStatements;
    },
    grants(action: string): GrantStatement[] {
      const hit = grantCache.get(action);
      if (hit) return hit;
      const key = action.toLowerCase();
      // Not remembered: the test is as cheap as the lookup (a lone policy's analysis asks ~100
      // actions of services it does not name, and each remembered one grew the memo).
      if (allowServices !== "all" && !allowServices.has(key.slice(0, key.indexOf(":")))) return NONE;
      return grantCache.set(action, allows.naming(action));
    },
    statements(action: string): readonly Statement[] {
      const hit = statementCache.get(action);
      if (hit) return hit;
      return statementCache.set(action, layers.naming(action));
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
