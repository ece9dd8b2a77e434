/**
 * The action dimension of the request space, made finite: the catalog's actions plus hypothetical
 * ones standing for actions AWS may add later, split into classes of actions that exactly the same
 * statements match. Every action of a class is decided by the same formula, so one query per class
 * is exact; a class whose statements are the same in the old and the new version needs none.
 *
 * Each action acts on resources whose ARNs fit its resource types' ARN formats (Service
 * Authorization Reference), or on `*` when it has no resource types.
 */
import { type ActionInfo as CatalogAction, getCatalog } from "../../catalog/index.js";
import { ANY, anyChar, anyRun, type Element, literal, NOT_COLON, type Program } from "./automaton.js";
import type { ProverStatement } from "./statements.js";

export interface ActionInfo {
  /** As AWS spells it (`s3:GetObject`); hypothetical ones are made up (`s3:GetFuture`). */
  name: string;
  lower: string;
  service: string;
  /** Not in the catalog: stands for actions AWS may add that a wildcard would grant. */
  hypothetical: boolean;
  /** ARN formats (as written in the catalog) and `*`. */
  domain: string[];
}

export interface ActionClass {
  /** Classes with the same group differ only in their service (hence in their resources). */
  group: string;
  /** The resources the class's requests act on; by default its actions' ARN formats. */
  domain?: string[];
  actions: ActionInfo[];
  /** Indexes (into the statement list given) of the statements whose action element matches. */
  statements: number[];
  /** "" none, "trust": a trust policy must allow; "kms": a key policy must allow (on key ARNs). */
  mandatory: "" | "trust" | "kms";
  /** RCPs apply to the service. */
  rcps: boolean;
}

const TRUST_ACTIONS = /^sts:(assumerole.*|tagsession|setsourceidentity|setcontext)$/;

/** As the engine decides it (engine/evaluate.ts). */
export function mandatoryFor(lowerAction: string): "" | "trust" | "kms" {
  if (TRUST_ACTIONS.test(lowerAction)) return "trust";
  if (lowerAction.startsWith("kms:")) return "kms";
  return "";
}

const FUTURE = "Future";
const UNKNOWN_SERVICE = "futureservice";

let catalogActions: ActionInfo[] | undefined;

function infoOf(a: CatalogAction): ActionInfo {
  const formats = new Set<string>();
  for (const rt of a.resourceTypes) for (const f of rt.arnFormats) formats.add(f);
  return {
    name: a.key,
    lower: a.key.toLowerCase(),
    service: a.service,
    hypothetical: false,
    domain: formats.size === 0 ? ["*"] : [...formats].sort(),
  };
}

function catalogList(): ActionInfo[] {
  if (!catalogActions) catalogActions = getCatalog().allActions().map(infoOf);
  return catalogActions;
}

/**
 * The catalog's actions named in `names` (lower-cased `service:action`), in `catalogList`'s order
 * (services as `allActions` orders them, each service's actions by key), loading only their services.
 */
function catalogNamed(names: ReadonlySet<string>): ActionInfo[] {
  const catalog = getCatalog();
  const services = [...new Set([...names].map((n) => n.slice(0, n.indexOf(":"))))]
    .filter((s) => catalog.hasService(s))
    .sort((a, b) => {
      const x = `${a}:`;
      const y = `${b}:`;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  const out: ActionInfo[] = [];
  for (const s of services) {
    for (const a of catalog.service(s)?.actions ?? []) if (names.has(a.key.toLowerCase())) out.push(infoOf(a));
  }
  return out;
}

function hypothetical(service: string, name: string): ActionInfo {
  return {
    name: `${service}:${name}`,
    lower: `${service}:${name}`.toLowerCase(),
    service,
    hypothetical: true,
    domain: [`arn:\${Partition}:${service}:\${Region?}:\${Account?}:\${Resource?}`, "*"],
  };
}

/**
 * Hypothetical actions: one per catalog service and one per wildcard action pattern with a literal
 * service (`s3:Get*` → `s3:GetFuture`), and one in a service the catalog does not know; with
 * `only`, those of these services only (the same names: a name depends on its own service's).
 */
function hypotheticalActions(
  statements: readonly ProverStatement[],
  known: (lowerAction: string) => boolean,
  only?: ReadonlySet<string>,
): ActionInfo[] {
  const out = new Map<string, ActionInfo>();
  const addOne = (service: string, name: string) => {
    if (only && !only.has(service)) return;
    let n = name;
    for (let i = 2; known(`${service}:${n}`.toLowerCase()); i++) n = `${name}${i}`;
    const a = hypothetical(service, n);
    if (!out.has(a.lower)) out.set(a.lower, a);
  };
  for (const s of getCatalog().services()) addOne(s, FUTURE);
  addOne(UNKNOWN_SERVICE, FUTURE);
  for (const st of statements) {
    for (const p of st.statement.Action ?? st.statement.NotAction ?? []) {
      const colon = p.indexOf(":");
      if (colon <= 0) continue;
      const service = p.slice(0, colon);
      const name = p.slice(colon + 1);
      if (/[*?]/.test(service) || !/[*?]/.test(name)) continue;
      const made = name.replace(/\*/g, FUTURE).replace(/\?/g, "X");
      if (/^[A-Za-z0-9_.-]+$/.test(made) && /^[A-Za-z0-9-]+$/.test(service)) addOne(service.toLowerCase(), made);
    }
  }
  return [...out.values()];
}

/** The literal services of an action element, or undefined when it may match any service. */
function serviceScope(st: ProverStatement): Set<string> | undefined {
  if (!st.statement.Action) return undefined;
  const out = new Set<string>();
  for (const p of st.statement.Action) {
    const colon = p.indexOf(":");
    const service = colon < 0 ? p : p.slice(0, colon);
    if (colon < 0 || /[*?]/.test(service)) return undefined;
    out.add(service.toLowerCase());
  }
  return out;
}

export interface ClassOptions {
  /** Only actions for which this holds (a property's action pattern). */
  filter?: (lowerAction: string) => boolean;
  /**
   * When the filter holds for these (lower-cased) action names only — a pattern without wildcards:
   * the candidates are looked up by name instead of listing the whole catalog.
   */
  names?: readonly string[];
  /** Include hypothetical future actions (default true). */
  hypothetical?: boolean;
  /** Lower-cased services RCPs apply to; undefined: all. */
  rcpServices?: ReadonlySet<string>;
  /**
   * Names `filter` (two filters with the same name select the same actions): the classes are then
   * remembered. Without a filter they always are.
   */
  filterKey?: string;
}

/**
 * The action names an Action pattern list matches when none has a wildcard (lower-cased; a name
 * without a service matches none), for {@link ClassOptions.names}; undefined otherwise.
 */
export function literalActionNames(patterns: readonly string[]): string[] | undefined {
  if (patterns.some((p) => p.includes("*") || p.includes("?"))) return undefined;
  return patterns.map((p) => p.toLowerCase()).filter((p) => p.indexOf(":") > 0);
}

/** Classes remembered by the action elements of the statements (members of a team share them). */
const CLASS_MEMO_LIMIT = 64;
const classMemo = new Map<string, ActionClass[]>();

/** Forgets the remembered classes. */
export function forgetActionClasses(): void {
  classMemo.clear();
}

/**
 * `splitActions`, remembered: the classes depend only on the statements' action elements (in
 * order: classes name statements by index) and the options. Classes are shared: do not modify them.
 */
export function actionClasses(statements: readonly ProverStatement[], opts: ClassOptions = {}): ActionClass[] {
  if (opts.filter && opts.filterKey === undefined) return splitActions(statements, opts);
  const rcps = opts.rcpServices ? [...opts.rcpServices].sort().join(",") : "*";
  const key = JSON.stringify([
    opts.filterKey ?? null,
    opts.hypothetical !== false,
    rcps,
    statements.map((s) => s.actionKey),
  ]);
  let found = classMemo.get(key);
  if (!found) {
    found = splitActions(statements, opts);
    if (classMemo.size >= CLASS_MEMO_LIMIT) classMemo.delete(classMemo.keys().next().value as string);
    classMemo.set(key, found);
  }
  return found;
}

/** Splits the request space's actions into classes over `statements` (sorted by first action). */
function splitActions(statements: readonly ProverStatement[], opts: ClassOptions): ActionClass[] {
  let base: ActionInfo[];
  let known: (lowerAction: string) => boolean;
  let only: Set<string> | undefined;
  if (opts.names) {
    const names = new Set(opts.names);
    base = catalogNamed(names);
    const catalog = getCatalog();
    known = (a) => catalog.action(a) !== undefined;
    only = new Set([...names].map((n) => n.slice(0, n.indexOf(":"))));
  } else {
    base = catalogList();
    const set = new Set(base.map((a) => a.lower));
    known = (a) => set.has(a);
  }
  const actions = opts.hypothetical === false ? base : [...base, ...hypotheticalActions(statements, known, only)];
  // Statements with equal action elements match the same actions: test each element once.
  const keys: string[] = [];
  const keyIndex = new Map<string, number>();
  const keyOf: number[] = [];
  const tests: ((a: string) => boolean)[] = [];
  const global: number[] = [];
  const byService = new Map<string, number[]>();
  statements.forEach((st) => {
    let k = keyIndex.get(st.actionKey);
    if (k === undefined) {
      k = keys.length;
      keyIndex.set(st.actionKey, k);
      keys.push(st.actionKey);
      tests.push(st.action);
      const scope = serviceScope(st);
      if (!scope) global.push(k);
      else
        for (const s of scope) {
          const list = byService.get(s);
          if (list) list.push(k);
          else byService.set(s, [k]);
        }
    }
    keyOf.push(k);
  });
  const classes = new Map<string, { actions: ActionInfo[]; hits: number[]; group: string }>();
  for (const a of actions) {
    if (opts.filter && !opts.filter(a.lower)) continue;
    const hits: number[] = [];
    for (const k of global) if (tests[k](a.lower)) hits.push(k);
    for (const k of byService.get(a.service) ?? []) if (tests[k](a.lower)) hits.push(k);
    hits.sort((x, y) => x - y);
    const rcps = !opts.rcpServices || opts.rcpServices.has(a.service);
    // One class per service: a service's ARN formats are few, so each query's resource automaton stays small.
    const group = `${hits.join(",")}|${mandatoryFor(a.lower)}|${rcps ? 1 : 0}`;
    const sig = `${group}|${a.service}`;
    const c = classes.get(sig);
    if (c) c.actions.push(a);
    else classes.set(sig, { actions: [a], hits, group });
  }
  const out: ActionClass[] = [];
  for (const c of classes.values()) {
    const hit = new Set(c.hits);
    const first = c.actions[0];
    out.push({
      group: c.group,
      actions: c.actions,
      statements: statements.flatMap((_, i) => (hit.has(keyOf[i]) ? [i] : [])),
      mandatory: mandatoryFor(first.lower),
      rcps: !opts.rcpServices || opts.rcpServices.has(first.service),
    });
  }
  return out.sort((x, y) => (x.actions[0].lower < y.actions[0].lower ? -1 : 1));
}

/**
 * A looser domain for a group of classes: any ARN of their services (and `*` when some action has
 * no resource types). Proving a property over it proves it over the exact domains.
 */
export function relaxedDomain(classes: readonly ActionClass[]): string[] {
  const out = new Set<string>();
  for (const c of classes) {
    for (const a of c.actions) {
      out.add(`arn:\${Partition}:${a.service}:\${Region?}:\${Account?}:\${Resource?}`);
      if (a.domain.includes("*")) out.add("*");
    }
  }
  return [...out].sort();
}

/** An ARN format of the catalog (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) as a program. */
export function formatProgram(format: string, partition: string): Program {
  if (format === "*") return literal("*");
  const parts = format.split(":");
  if (parts.length < 6) return placeholders(format, partition, ANY);
  const out: Element[] = [];
  for (let i = 0; i < 6; i++) {
    if (i > 0) out.push(...literal(":"));
    const text = i < 5 ? parts[i] : parts.slice(5).join(":");
    out.push(...placeholders(text, partition, i < 5 ? NOT_COLON : ANY));
  }
  return out;
}

function placeholders(text: string, partition: string, set: typeof ANY): Element[] {
  const out: Element[] = [];
  const re = /\$\{([^}]*)\}/g;
  let at = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(...literal(text.slice(at, m.index)));
    if (m[1] === "Partition") out.push(...literal(partition));
    else if (m[1].endsWith("?"))
      out.push(anyRun(set)); // may be empty
    else out.push(anyChar(set), anyRun(set));
    at = m.index + m[0].length;
  }
  out.push(...literal(text.slice(at)));
  return out;
}
