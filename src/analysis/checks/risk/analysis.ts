/**
 * Resource-aware escalation analysis: which methods of the catalog a principal can use, on which
 * targets, under which conditions.
 *
 * For every step of a method, each action's requests are asked about witness resources (the
 * patterns the principal's own Allow statements name, instantiated; plus the account-wide one),
 * in a realistic context (see `contexts.ts`). A method holds when every required step is allowed
 * on a target of the kind it needs (its own user, another user, a role it may pass, ...), steps
 * that share a `ref` on the same target. On a model the targets are the model's real principals
 * and policies; a lone policy's holder is unknown, so any named target might be its own.
 */

import type { Statement } from "../../../policy/types.js";
import { matches } from "../../../policy/wildcard.js";
import { firstNotBelow } from "../../../util/sorted.js";
import { statementNames } from "../action-index.js";
import { baseContext, type Candidate, type Context, candidates, satisfy } from "./contexts.js";
import type { EscalationMethod, MethodStep, TargetKind } from "./methods.js";
import { sharedRequiredSteps } from "./methods.js";
import { riskStats } from "./stats.js";
import { type Witness, type WitnessScope, witnesses } from "./witness.js";

/** The principal whose escalation paths are analysed. */
export interface RiskSubject {
  /** The ARN requests carry as `aws:PrincipalArn` (a role's, not its session's). */
  arn: string;
  partition: string;
  account: string;
  /** The region of regional witnesses. */
  region: string;
  kind: "user" | "role";
  /** Whether the holder is known (a model principal) or imagined (a lone policy's holder). */
  known: boolean;
  /** Policy variables and principal keys (`aws:username`, `aws:PrincipalTag/team`, ...). */
  keys: Context;
  /** Group ARNs the principal belongs to (known principals). */
  groups: readonly string[];
  /** Customer managed policy ARNs attached to it or its groups (known principals). */
  managedPolicies: readonly string[];
}

/** A statement that allows an action: where to point a finding. */
export interface GrantStatement {
  statement: Statement;
  policy: string;
  index: number;
}

/** What the analysis asks about the principal's access. */
export interface RiskOracle {
  /** Whether the principal's whole policy set (and the resource's policy) allows the request. */
  allowed(action: string, resource: string, context: Context): boolean;
  /** The Allow statements of its identity policies that name `action`, in policy order (the first of equal ones). */
  grants(action: string): readonly GrantStatement[];
  /**
   * The Allow statements of its identity policies (those `grants` reads): what they
   * name decides which methods may hold before any action is looked up (optional).
   */
  allowStatements?(): readonly Statement[];
  /** Every statement of any layer that names `action` (for the conditions a request may satisfy; the first of equal ones). */
  statements(action: string): readonly Statement[];
  /** ARN formats of the resource types an action requires (`{ "iam:role": [...] }`); empty for none. */
  requiredTypes(action: string): ReadonlyMap<string, readonly string[]>;
  /** ARN formats of a resource type (`iam:role`). */
  formats(type: string): readonly string[];
}

/** What a model knows beyond one principal's policies. */
export interface RiskWorld {
  /** Real resources of an IAM type (`iam:user`, `iam:role`, `iam:group`, `iam:policy`) in the model. */
  resources(type: string): readonly string[];
  /**
   * Whether acting as `roleArn` gains the principal something it cannot do itself; `undefined`
   * when unknown (the role is not in the model).
   */
  gains?(roleArn: string): boolean | undefined;
  /**
   * The witnesses of `list` that `gains` does not rule out (in list order), the same for every
   * caller that decides alike (one list per class of callers: 400 passers of 2,000 roles filter
   * it once); `ask` marks those whose answer is the caller's own (a trust policy may name it),
   * to ask `gains` of each caller.
   */
  gainingTargets?(list: readonly Witness[]): readonly { w: Witness; ask: boolean }[];
}

export interface MethodTarget {
  arn: string;
  /** The policy pattern it stands for (`*` for the account-wide witness). */
  pattern: string;
  /** The principal itself (its own user, role, group or policy). */
  self?: boolean;
}

export interface MethodResult {
  method: EscalationMethod;
  /** The targets of the method's main step (the resource the attacker takes over or uses). */
  targets: MethodTarget[];
  /** Limiting condition keys the path relies on (MFA, source IP, ...); empty when none. */
  conditions: string[];
  /** The statement that grants the method's first required step. */
  grant?: GrantStatement;
}

export interface AnalysisInput {
  subject: RiskSubject;
  oracle: RiskOracle;
  world?: RiskWorld;
  now: Date;
}

const IAM_TYPES = new Set(["iam:user", "iam:role", "iam:group", "iam:policy", "sts:role"]);

function lower(s: string): string {
  return s.toLowerCase();
}

function resourceName(arn: string): string {
  const i = arn.indexOf(":", arn.indexOf(":", arn.indexOf(":", arn.indexOf(":", arn.indexOf(":") + 1) + 1) + 1) + 1);
  return i < 0 ? arn : arn.slice(i + 1);
}

/** `user/x`, `role/x`, `group/x`, `policy/x` of an IAM ARN. */
function iamKind(arn: string): string | undefined {
  const r = resourceName(arn);
  const slash = r.indexOf("/");
  return slash < 0 ? undefined : r.slice(0, slash);
}

function isAwsManagedPolicy(arn: string): boolean {
  return /^arn:[^:]*:iam::aws:policy\//.test(arn);
}

/** Per-analysis state: decisions and contexts are memoized for the principal. */
export class Analyzer {
  private readonly scope: WitnessScope;
  /** The base request context (`baseFor`), made on the first decision: many analyses decide nothing. */
  private base?: Context;
  private readonly decisions = new Map<string, { conditions: string[] } | null>();
  private readonly candidateCache = new Map<string, Candidate[]>();
  /** Witnesses by type, then action (`iam:PassRole`'s roles are asked by every PassRole method). */
  private readonly witnessCache = new Map<string, Map<string, readonly Witness[]>>();

  constructor(private readonly input: AnalysisInput) {
    const s = input.subject;
    this.scope = {
      partition: s.partition,
      account: s.account,
      region: s.region,
      variables: s.keys as WitnessScope["variables"],
    };
  }

  get subject(): RiskSubject {
    return this.input.subject;
  }

  /** Whether some realistic request for (action, resource) with the step's context is allowed, and under which conditions. */
  decide(
    action: string,
    resource: string,
    stepContext?: Readonly<Record<string, string>>,
  ): { conditions: string[] } | null {
    const ctxEntries = stepContext ? Object.entries(stepContext) : [];
    const key = `${lower(action)}|${resource}|${ctxEntries.map(([k, v]) => `${k}=${v}`).join(",")}`;
    const hit = this.decisions.get(key);
    if (hit !== undefined) return hit;
    this.base ??= baseFor(this.input);
    const base: Context = { ...this.base };
    const methodKeys = new Set<string>();
    for (const [k, v] of ctxEntries) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an ARN format placeholder
      base[k] = v.replace("${Partition}", this.subject.partition);
      methodKeys.add(lower(k));
    }
    // Global resources (IAM) carry no region: the request goes to us-east-1's endpoint.
    if (!/^arn:[^:]*:[^:]*:[^:]+:/.test(resource) && !("aws:RequestedRegion" in base))
      base["aws:RequestedRegion"] = "us-east-1";
    const cands = this.candidatesFor(action, methodKeys);
    const found = satisfy(base, cands, { allowed: (ctx) => this.input.oracle.allowed(action, resource, ctx) });
    const out = found ? { conditions: found.conditions } : null;
    this.decisions.set(key, out);
    return out;
  }

  private candidatesFor(action: string, methodKeys: ReadonlySet<string>): Candidate[] {
    const key = `${lower(action)}|${[...methodKeys].sort().join(",")}`;
    let c = this.candidateCache.get(key);
    if (!c) {
      c = candidates(this.input.oracle.statements(action), methodKeys);
      this.candidateCache.set(key, c);
    }
    return c;
  }

  /** The witnesses of `type` for `action`: the patterns its grants name, real model resources, the account-wide one. */
  /** An ARN format with the subject's partition, region and account. */
  fill(format: string): string {
    const values: Record<string, string> = {
      Partition: this.scope.partition,
      Region: this.scope.region,
      Account: this.scope.account,
    };
    return format.replace(/\$\{(Partition|Region|Account)\}/g, (_m, name: string) => values[name]);
  }

  /** The witnesses of `type` for `action` (its formats are the catalog's: one list per action and type; read only). */
  witnessesFor(action: string, type: string, formats: readonly string[]): readonly Witness[] {
    let byAction = this.witnessCache.get(type);
    if (!byAction) {
      byAction = new Map();
      this.witnessCache.set(type, byAction);
    }
    let list = byAction.get(action);
    if (!list) {
      list = this.witnessesNow(action, type, formats);
      byAction.set(action, list);
    }
    return list;
  }

  private witnessesNow(action: string, type: string, formats: readonly string[]): readonly Witness[] {
    const patterns = new Set<string>();
    for (const g of this.input.oracle.grants(action)) {
      const st = g.statement;
      if (st.Resource) for (const r of st.Resource) patterns.add(r);
      else patterns.add("*"); // NotResource: somewhere outside the excluded ones
    }
    const written = [...patterns];
    const real =
      this.input.world && IAM_TYPES.has(type)
        ? this.input.world.resources(type === "sts:role" ? "iam:role" : type)
        : [];
    if (real.length === 0) return witnesses(written, formats, this.scope);
    // With the model's real resources (one shared list per model and type), the list depends only
    // on the patterns, the formats and the scope (its variables only through a pattern naming one):
    // principals whose grants name the same patterns (400 passers of `role/*`) share it.
    const s = this.scope;
    const variables = written.some((p) => p.includes("${")) ? JSON.stringify(s.variables) : "";
    const key = `${type}\n${action}\n${formats.join("\t")}\n${s.partition}\n${s.account}\n${s.region}\n${variables}\n${written.join("\t")}`;
    let shared = sharedWitnesses.get(real);
    if (!shared) {
      shared = new Map();
      sharedWitnesses.set(real, shared);
    }
    const known = shared.get(key);
    if (known) return known;
    const list = witnesses(written, formats, s);
    const have = new Set(list.map((w) => w.arn));
    const resolved = written.map((p) => (p === "*" ? p : resolveSimple(p, s)));
    // Only the real resources some pattern may match (by its literal prefix), in model order.
    for (const i of realCandidates(real, resolved)) {
      const arn = real[i];
      if (have.has(arn)) continue;
      riskStats.targetTests++;
      const at = resolved.findIndex((p) => p === "*" || matches(p, arn));
      if (at >= 0) list.push({ arn, pattern: written[at] });
    }
    shared.set(key, list);
    return list;
  }
}

/**
 * Witness lists that name real resources, by the model's resource list (`RiskWorld.resources`,
 * one per model and type) and then by what they depend on (see `witnessesNow`). Read only.
 */
const sharedWitnesses = new WeakMap<readonly string[], Map<string, readonly Witness[]>>();

/** The real resources of a model sorted, to find those that start with a literal prefix. */
interface RealIndex {
  /** Indexes into the list, by ARN. */
  sorted: number[];
  arns: readonly string[];
}
const realIndexes = new WeakMap<readonly string[], RealIndex>();

function realIndex(real: readonly string[]): RealIndex {
  let ix = realIndexes.get(real);
  if (!ix) {
    const sorted = real.map((_a, i) => i).sort((a, b) => (real[a] < real[b] ? -1 : real[a] > real[b] ? 1 : a - b));
    ix = { sorted, arns: real };
    realIndexes.set(real, ix);
  }
  return ix;
}

/** The text of a pattern before its first wildcard or variable (what every match starts with). */
function literalPrefix(pattern: string): string {
  const m = /[*?]|\$\{/.exec(pattern);
  return m ? pattern.slice(0, m.index) : pattern;
}

/**
 * Indexes (ascending: model order) of the real resources some pattern of `patterns` may match:
 * those starting with a pattern's literal prefix (a binary search in the sorted list), every
 * one for a pattern that starts with a wildcard. Matching is case-sensitive, as for a Resource.
 */
function realCandidates(real: readonly string[], patterns: readonly string[]): number[] {
  const prefixes = patterns.map(literalPrefix);
  if (prefixes.some((p) => p === "")) return real.map((_a, i) => i);
  const { sorted, arns } = realIndex(real);
  const hit = new Set<number>();
  for (const prefix of new Set(prefixes)) {
    const lo = firstNotBelow(sorted.length, (k) => arns[sorted[k]] < prefix);
    for (let k = lo; k < sorted.length && arns[sorted[k]].startsWith(prefix); k++) hit.add(sorted[k]);
  }
  return [...hit].sort((a, b) => a - b);
}

/** `${aws:username}` and friends in a pattern, for matching real ARNs (unresolvable: left as is). */
function resolveSimple(pattern: string, scope: WitnessScope): string {
  return pattern.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    const v = Object.entries(scope.variables).find(([k]) => lower(k) === lower(inner.trim()))?.[1];
    return typeof v === "string" ? v : whole;
  });
}

function baseFor(input: AnalysisInput): Context {
  return baseContext({ now: input.now, principalKeys: input.subject.keys });
}

/** Whether a witness is a target of the kind a step needs. `optionalOk` tells whether the widening optional step holds on it. */
function fitsTarget(
  kind: TargetKind,
  w: Witness,
  a: Analyzer,
  world: RiskWorld | undefined,
  widened: (arn: string) => boolean,
): { ok: boolean; self?: boolean } {
  const s = a.subject;
  const self = w.arn === s.arn;
  switch (kind) {
    case "self":
      return { ok: self || !s.known, self };
    case "usable-user":
      if (self) return { ok: true, self };
      return { ok: !s.known || widened(w.arn) };
    case "other-user":
      return { ok: !self && iamKind(w.arn) === "user" };
    case "usable-role":
      if (self) return { ok: true, self };
      return { ok: !s.known || widened(w.arn) };
    case "usable-group":
      if (s.groups.includes(w.arn)) return { ok: true, self: true };
      return { ok: !s.known };
    case "usable-policy":
      if (isAwsManagedPolicy(w.arn)) return { ok: false };
      if (s.managedPolicies.includes(w.arn)) return { ok: true, self: true };
      return { ok: !s.known || widened(w.arn) };
    case "passable-role":
    case "assumable-role": {
      if (self) return { ok: false };
      const gains = world?.gains?.(w.arn);
      return { ok: gains !== false };
    }
    case "any-role":
      return { ok: !self };
    case "others":
      // Named through the caller's own values (`${aws:username}`, `${aws:PrincipalTag/team}`): its own.
      return { ok: !/\$\{\s*aws:(username|userid|principal)/i.test(w.pattern) };
    default:
      return { ok: true };
  }
}

interface StepOutcome {
  /** Allowed witnesses of the step's main resource type, with the conditions each needs. */
  witnesses: Map<string, { w: Witness; conditions: string[]; self?: boolean }>;
}

/** The formats of a step's main resource type, if it has one. */
function stepType(
  step: MethodStep,
  action: string,
  oracle: RiskOracle,
): { type: string; formats: readonly string[] } | undefined {
  if (step.resource) return { type: step.resource, formats: oracle.formats(step.resource) };
  const req = oracle.requiredTypes(action);
  const first = [...req.entries()][0];
  return first ? { type: first[0], formats: first[1] } : undefined;
}

/**
 * Every other resource type the action requires must be reachable too (`ec2:RunInstances` on an
 * image, a subnet, ...): the least conditional allowed witness of each, or `null`.
 */
function otherTypes(
  a: Analyzer,
  oracle: RiskOracle,
  action: string,
  main: string | undefined,
  step: MethodStep,
): string[] | null {
  const conditions: string[] = [];
  for (const [type, formats] of oracle.requiredTypes(action)) {
    if (type === main) continue;
    // Two types with the same ARN format (`ssm:instance` and the instance a step names) are one.
    let best: string[] | null = null;
    for (const w of servingWitnesses(a, action, type, formats, step)) {
      const d = a.decide(action, w.arn, step.context);
      if (d && (best === null || d.conditions.length < best.length)) best = d.conditions;
      if (best && best.length === 0) break;
    }
    if (best === null) return null;
    conditions.push(...best);
  }
  return conditions;
}

/** Witnesses of another required type; only those that serve the method when the step says which do. */
function servingWitnesses(
  a: Analyzer,
  action: string,
  type: string,
  formats: readonly string[],
  step: MethodStep,
): readonly Witness[] {
  const list = a.witnessesFor(action, type, formats);
  const serving = step.serving?.[type];
  if (!serving) return list;
  const out = list.filter((w) => serving.serves(w.arn));
  const have = new Set(out.map((w) => w.arn));
  for (const format of serving.also) {
    const arn = a.fill(format);
    if (!have.has(arn)) out.push({ arn, pattern: arn });
  }
  return out;
}

function runStep(
  a: Analyzer,
  input: AnalysisInput,
  method: EscalationMethod,
  step: MethodStep,
  bound: Map<string, Map<string, Witness>>,
): StepOutcome | null {
  const oracle = input.oracle;
  const out: StepOutcome = { witnesses: new Map() };
  for (const action of step.anyOf) {
    if (oracle.grants(action).length === 0) continue;
    const t = stepType(step, action, oracle);
    const extra = otherTypes(a, oracle, action, t?.type, step);
    if (extra === null) continue;
    // A ref bound by an earlier step: this step must reach the same resources.
    const refSet = step.ref ? bound.get(step.ref) : undefined;
    const list: readonly Witness[] = refSet
      ? [...refSet.values()]
      : t
        ? a.witnessesFor(action, t.type, t.formats)
        : [{ arn: "*", pattern: "*" }];
    const world = input.world;
    if (!refSet && world?.gainingTargets && (step.target === "passable-role" || step.target === "assumable-role")) {
      // The roles acting as which may gain the caller something, filtered once per class of callers;
      // then as `fitsTarget` decides (not the caller itself; a personal answer asked of the caller).
      const self = a.subject.arn;
      for (const { w, ask } of world.gainingTargets(list)) {
        if (w.arn === self || out.witnesses.has(w.arn)) continue;
        if (ask && world.gains?.(w.arn) === false) continue;
        const d = a.decide(action, w.arn, step.context);
        if (!d) continue;
        const conditions = [...new Set([...d.conditions, ...extra])].sort();
        out.witnesses.set(w.arn, { w, conditions });
      }
      continue;
    }
    const widened = (arn: string) => widens(a, input, method, step, arn);
    for (const w of list) {
      if (out.witnesses.has(w.arn)) continue;
      const fit = fitsTarget(step.target, w, a, input.world, widened);
      if (!fit.ok) continue;
      const d = a.decide(action, w.arn, step.context);
      if (!d) continue;
      const conditions = [...new Set([...d.conditions, ...extra])].sort();
      out.witnesses.set(w.arn, { w, conditions, ...(fit.self ? { self: true } : {}) });
    }
  }
  return out.witnesses.size > 0 ? out : null;
}

/** Whether an optional step of the method that shares `step`'s ref is allowed on `arn` (it widens the target). */
function widens(a: Analyzer, input: AnalysisInput, method: EscalationMethod, step: MethodStep, arn: string): boolean {
  for (const o of method.steps) {
    if (!o.optional || o === step || o.ref === undefined || o.ref !== step.ref) continue;
    for (const action of o.anyOf) {
      if (input.oracle.grants(action).length === 0) continue;
      if (a.decide(action, arn, o.context)) return true;
    }
  }
  return false;
}

/** Which targets a finding names: what is taken over first, then the role passed, then what is created. */
const TARGET_ORDER: readonly TargetKind[] = [
  "self",
  "usable-user",
  "usable-role",
  "usable-group",
  "usable-policy",
  "other-user",
  "any-group",
  "any-role",
  "assumable-role",
  "existing",
  "others",
  "passable-role",
  "new",
];

function mainStep(method: EscalationMethod, required: readonly MethodStep[]): MethodStep | undefined {
  // A new resource run with a passed role: the role is what the attacker gets.
  if (method.category === "new-passrole") {
    const pass = required.find((s) => s.target === "passable-role");
    if (pass) return pass;
  }
  const withResource = required.filter((s) => s.resource !== undefined);
  return [...withResource].sort((a, b) => TARGET_ORDER.indexOf(a.target) - TARGET_ORDER.indexOf(b.target))[0];
}

/** Whether each step has an action some Allow statement names (else the method cannot hold). */
function everyStepGranted(steps: readonly MethodStep[], oracle: RiskOracle): boolean {
  for (const step of steps) {
    let granted = false;
    for (const action of step.anyOf) {
      if (oracle.grants(action).length > 0) {
        granted = true;
        break;
      }
    }
    if (!granted) return false;
  }
  return true;
}

/**
 * The actions of the required steps of a list of methods, numbered, and for each statement the
 * set of them it names (a bit per action): one per method list, each statement's set made once
 * (statements are read only once checked, and a model's compiler shares them among its team's
 * documents). `everyStepGranted` for a principal is then its Allow statements' sets joined, with
 * no action looked up: most principals of a model name no method's every step, and looking the
 * actions up built an index of the principal's statements for each.
 */
class StepActions {
  private readonly ids = new Map<string, number>();
  private readonly actions: string[] = [];
  /** Action ids by lower-cased service, and by lower-cased name. */
  private readonly byService = new Map<string, number[]>();
  private readonly byName = new Map<string, number[]>();
  /** Per method: per required step, the ids of its actions. */
  private readonly steps = new Map<EscalationMethod, number[][]>();
  private readonly named = new WeakMap<Statement, Uint32Array>();
  private readonly words: number;
  private readonly none: Uint32Array;

  constructor(methods: readonly EscalationMethod[]) {
    for (const method of methods) {
      const ids = sharedRequiredSteps(method).map((step) =>
        step.anyOf.map((action) => {
          let id = this.ids.get(action);
          if (id === undefined) {
            id = this.actions.length;
            this.ids.set(action, id);
            this.actions.push(action);
            const service = lower(action.slice(0, Math.max(0, action.indexOf(":"))));
            const list = this.byService.get(service) ?? [];
            list.push(id);
            this.byService.set(service, list);
            const same = this.byName.get(lower(action)) ?? [];
            same.push(id);
            this.byName.set(lower(action), same);
          }
          return id;
        }),
      );
      this.steps.set(method, ids);
    }
    this.words = Math.ceil(this.actions.length / 32);
    this.none = new Uint32Array(this.words);
  }

  /** The actions an Allow statement names (`statementNames`), as bits; read only. */
  private namedBy(st: Statement): Uint32Array {
    let bits = this.named.get(st);
    if (bits) return bits;
    let candidates: readonly number[] | undefined;
    if (st.Action) {
      // An entry without a wildcard names only the action it spells (in any case), an entry whose
      // service part is literal only actions of that service (as the action index reads them);
      // any other entry may name any action. Each candidate is then tested as `grants` tests it.
      const some = new Set<number>();
      let all = false;
      for (const p of st.Action) {
        const wild = p.search(/[*?]/);
        if (wild < 0) {
          for (const id of this.byName.get(lower(p)) ?? []) some.add(id);
          continue;
        }
        const colon = p.indexOf(":");
        if (colon < 0 || wild < colon) {
          all = true;
          break;
        }
        for (const id of this.byService.get(lower(p.slice(0, colon))) ?? []) some.add(id);
      }
      if (!all) candidates = [...some];
    }
    bits = this.none;
    const ids = candidates ?? this.actions.map((_a, i) => i);
    for (const id of ids) {
      if (!statementNames(st, this.actions[id])) continue;
      if (bits === this.none) bits = new Uint32Array(this.words);
      bits[id >>> 5] |= 1 << (id & 31);
    }
    this.named.set(st, bits);
    return bits;
  }

  /** Whether each required step of `method` has an action some of `statements` names (as `everyStepGranted`). */
  granted(statements: readonly Statement[]): (method: EscalationMethod) => boolean {
    const all = new Uint32Array(this.words);
    for (const st of statements) {
      const bits = this.namedBy(st);
      if (bits === this.none) continue;
      for (let w = 0; w < all.length; w++) all[w] |= bits[w];
    }
    return (method) => {
      const steps = this.steps.get(method);
      if (!steps) return true;
      return steps.every((ids) => ids.some((id) => (all[id >>> 5] & (1 << (id & 31))) !== 0));
    };
  }
}
const stepActions = new WeakMap<readonly EscalationMethod[], StepActions>();

/** The methods of `methods` the subject can use, with their targets and conditions; in catalog order. */
export function analyzeMethods(
  methods: readonly EscalationMethod[],
  input: AnalysisInput,
  a: Analyzer = new Analyzer(input),
): MethodResult[] {
  const results: MethodResult[] = [];
  // Which methods have every required step named by an Allow statement, from the statements.
  let named: ((method: EscalationMethod) => boolean) | undefined;
  const statements = input.oracle.allowStatements?.();
  if (statements) {
    let index = stepActions.get(methods);
    if (!index) {
      index = new StepActions(methods);
      stepActions.set(methods, index);
    }
    named = index.granted(statements);
  }
  for (const method of methods) {
    const required = sharedRequiredSteps(method);
    // Fast path: an action no Allow statement names cannot be allowed.
    if (!(named ? named(method) : everyStepGranted(required, input.oracle))) continue;
    const bound = new Map<string, Map<string, Witness>>();
    const outcomes = new Map<MethodStep, StepOutcome>();
    let ok = true;
    for (const step of required) {
      const o = runStep(a, input, method, step, bound);
      if (!o) {
        ok = false;
        break;
      }
      outcomes.set(step, o);
      if (step.ref) bound.set(step.ref, new Map([...o.witnesses].map(([arn, v]) => [arn, v.w])));
    }
    if (!ok) continue;
    const main = mainStep(method, required);
    const mainOutcome = main ? outcomes.get(main) : undefined;
    const targets: MethodTarget[] = [];
    if (main && mainOutcome) {
      const keep = main.ref ? bound.get(main.ref) : undefined;
      for (const [arn, v] of mainOutcome.witnesses) {
        if (keep && !keep.has(arn)) continue;
        targets.push({ arn, pattern: v.w.pattern, ...(v.self ? { self: true } : {}) });
      }
    }
    // Conditions: per step, the least conditional witness.
    const conditions = new Set<string>();
    for (const step of required) {
      const o = outcomes.get(step);
      if (!o) continue;
      const keep = step.ref ? bound.get(step.ref) : undefined;
      let best: string[] | undefined;
      for (const [arn, v] of o.witnesses) {
        if (keep && !keep.has(arn)) continue;
        if (!best || v.conditions.length < best.length) best = v.conditions;
      }
      for (const c of best ?? []) conditions.add(c);
    }
    const first = required[0];
    const grant = first.anyOf.flatMap((act) => input.oracle.grants(act))[0];
    targets.sort((x, y) => (x.arn < y.arn ? -1 : x.arn > y.arn ? 1 : 0));
    results.push({ method, targets, conditions: [...conditions].sort(), ...(grant ? { grant } : {}) });
  }
  return results;
}
